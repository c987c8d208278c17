import { classifyError, toolErrorResult } from '../../errors/tool-error-result.js';
import type { ToolMiddleware } from '../types.js';

/**
 * Maps every error thrown below it to an `isError` tool result, once. Deliberate
 * errors keep their message; anything else becomes a generic internal error so no
 * stack, SQL or secret reaches the client. The classification is left on the context
 * for the logging and metrics middleware outside this one.
 */
export function errorMap(): ToolMiddleware {
  return async (ctx, next) => {
    try {
      return await next();
    } catch (error) {
      const classified = classifyError(error, ctx.requestId);
      ctx.error = { code: classified.code, cause: error };
      return toolErrorResult(classified);
    }
  };
}
