/**
 * The one error type of mcpkit. Every failure a tool, store, upstream client or
 * middleware raises on purpose is an `McpKitError` with a string `code`; the error
 * mapping middleware turns it into an `isError` tool result (or a JSON-RPC error for
 * protocol misuse) exactly once, at the outermost layer.
 *
 * Messages are written for the model that will read them: say what was wrong and what
 * to do next ("No task T-42. List tasks to find the right id."). They must never carry
 * a secret, a stack trace or a raw upstream body.
 */
export type McpKitErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'upstream_error'
  | 'timeout'
  | 'cancelled'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface McpKitErrorOptions {
  /** The underlying error, kept for logs; never shown to the client. */
  cause?: unknown;
  /** For `rate_limited` (and upstream throttling): how long until a retry may succeed. */
  retryAfterMs?: number;
  /** Structured, client-safe details (field errors, ids), echoed in `structuredContent`. */
  details?: Record<string, unknown>;
  /** HTTP status to use when this error ends an HTTP exchange (auth failures). */
  status?: number;
}

export class McpKitError extends Error {
  override readonly name = 'McpKitError';
  readonly code: McpKitErrorCode;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly status: number | undefined;

  constructor(code: McpKitErrorCode, message: string, options: McpKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
    this.status = options.status;
  }
}

export function isMcpKitError(error: unknown): error is McpKitError {
  return error instanceof McpKitError;
}

/** Bad arguments: the caller can fix them and retry. */
export const invalidInput = (message: string, options?: McpKitErrorOptions) => new McpKitError('invalid_input', message, options);
/** The named thing does not exist. The message should say how to find the right one. */
export const notFound = (message: string, options?: McpKitErrorOptions) => new McpKitError('not_found', message, options);
/** Authenticated but not allowed (missing scope, read-only mode, allow-list). */
export const forbidden = (message: string, options?: McpKitErrorOptions) => new McpKitError('forbidden', message, options);
/** The call conflicts with current state (dependency cycle, stale confirmation). */
export const conflict = (message: string, options?: McpKitErrorOptions) => new McpKitError('conflict', message, options);
/** Too many calls; `retryAfterMs` says when to come back. */
export const rateLimited = (message: string, retryAfterMs: number, options?: McpKitErrorOptions) =>
  new McpKitError('rate_limited', message, { ...options, retryAfterMs });
/** An outside API failed or answered something unusable. */
export const upstreamError = (message: string, options?: McpKitErrorOptions) => new McpKitError('upstream_error', message, options);
/** The call ran past its time limit. */
export const timeoutError = (message: string, options?: McpKitErrorOptions) => new McpKitError('timeout', message, options);
