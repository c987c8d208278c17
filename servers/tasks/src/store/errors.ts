/**
 * The error helpers of `@mcpkit/core` the store uses, re-exported from one place so the
 * import becomes `from '@mcpkit/core'` in a one-line change once core's package entry
 * exists.
 *
 * Why the path goes through `node_modules/@mcpkit/core` rather than `../../../../packages/core`:
 * this package's tsconfig has `rootDir: src`, and TypeScript refuses (TS6059) a plain
 * relative import of another package's source. Through the workspace symlink, TypeScript
 * treats the file as a dependency's, so the types check and vitest resolves the same
 * module instance core's error mapping will see (`instanceof McpKitError` holds).
 * Temporary: the built `dist` cannot load a `.ts` file, so switch to `@mcpkit/core`
 * before the server is built.
 */
export {
  McpKitError,
  conflict,
  invalidInput,
  isMcpKitError,
  notFound,
} from '@mcpkit/core';
export type { McpKitErrorCode } from '@mcpkit/core';
