/**
 * The logging types of `@mcpkit/core`, re-exported from one place (see `errors.ts` for why
 * the path goes through the workspace symlink, and why it becomes `@mcpkit/core` later).
 */
export { silentLogger } from '../../node_modules/@mcpkit/core/src/logging/logger-types.js';
export type { Logger } from '../../node_modules/@mcpkit/core/src/logging/logger-types.js';
