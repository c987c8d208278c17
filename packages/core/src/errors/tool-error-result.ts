import type { CallToolResult } from '@modelcontextprotocol/server';
import { isMcpKitError, type McpKitErrorCode } from './mcpkit-error.js';

/** `_meta` key under which a failed call carries its machine-readable error. */
export const ERROR_META_KEY = 'io.mcpkit/error';

export interface ClassifiedError {
  code: McpKitErrorCode;
  message: string;
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

/**
 * Decides what the client may see of an error. An `McpKitError` was raised on purpose
 * and its message was written for the model; anything else is a bug or an unexpected
 * failure, so its message (which may hold paths, SQL or secrets) is replaced by a
 * generic one and only the log keeps it.
 */
export function classifyError(error: unknown, requestId?: string): ClassifiedError {
  if (isMcpKitError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      ...(error.details !== undefined && { details: error.details }),
    };
  }
  return {
    code: 'internal',
    message: `Internal error${requestId ? ` (request ${requestId})` : ''}. The failure was logged; try again, and report it if it persists.`,
  };
}

/** An `isError` tool result for a classified error: text for the model, code in `_meta`. */
export function toolErrorResult(error: ClassifiedError): CallToolResult {
  const retry = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
  return {
    content: [{ type: 'text', text: error.message }],
    isError: true,
    _meta: {
      [ERROR_META_KEY]: {
        code: error.code,
        ...(retry !== undefined && { retryAfterSeconds: retry }),
        ...(error.details !== undefined && { details: error.details }),
      },
    },
  };
}
