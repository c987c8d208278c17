/**
 * The logging types of `@mcpkit/core`, re-exported from one place (see `errors.ts` for why
 * the path goes through the workspace symlink, and why it becomes `@mcpkit/core` later).
 */
export { silentLogger } from '@mcpkit/core';
export type { Logger } from '@mcpkit/core';
