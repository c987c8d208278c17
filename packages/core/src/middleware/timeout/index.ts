import { McpKitError, timeoutError } from '../../errors/mcpkit-error.js';
import type { ToolMiddleware } from '../types.js';

/**
 * Bounds a call by the tool's time limit and the client's cancellation. The handler
 * gets one signal that aborts on either; the call settles as soon as it aborts, even
 * if the handler ignores its signal, so a stuck upstream never holds a client.
 */
export function timeout(): ToolMiddleware {
  return async (ctx, next) => {
    const controller = new AbortController();
    const parent = ctx.signal;
    const limitMs = ctx.tool.timeoutMs;
    let rejectEarly: (error: Error) => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      rejectEarly = reject;
    });
    const onParentAbort = () => {
      const error = new McpKitError('cancelled', `${ctx.tool.name} was cancelled by the client.`);
      controller.abort(error);
      rejectEarly(error);
    };
    const timer = setTimeout(() => {
      const error = timeoutError(
        `${ctx.tool.name} did not finish within ${Math.round(limitMs / 1000)} s and was stopped. Try again, or narrow the request.`,
      );
      controller.abort(error);
      rejectEarly(error);
    }, limitMs);
    aborted.catch(() => {}); // settled through the race below; never an unhandled rejection
    if (parent.aborted) onParentAbort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
    ctx.signal = controller.signal;
    try {
      return await Promise.race([next(), aborted]);
    } finally {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
      ctx.signal = parent;
    }
  };
}
