import { McpKitError, timeoutError } from '../../errors/mcpkit-error.js';
import type { ToolCallResult, ToolMiddleware } from '../types.js';

/**
 * Bounds a call by the tool's time limit and the client's cancellation. The handler
 * gets one signal that aborts on either; the call settles as soon as it aborts, even
 * if the handler ignores its signal, so a stuck upstream never holds a client.
 */
export function timeout(): ToolMiddleware {
  return (ctx, next) => {
    const parent = ctx.signal;
    const limitMs = ctx.tool.timeoutMs;
    const controller = new AbortController();
    ctx.signal = controller.signal;
    // One promise settles the call: by the handler, by the timer, or by the client's
    // cancellation — whichever comes first; the other two are then disarmed.
    return new Promise<ToolCallResult>((resolve, reject) => {
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        parent.removeEventListener('abort', onParentAbort);
        ctx.signal = parent;
      };
      const stop = (error: Error) => {
        if (settled) return;
        finish();
        controller.abort(error);
        reject(error);
      };
      const onParentAbort = () => stop(new McpKitError('cancelled', `${ctx.tool.name} was cancelled by the client.`));
      const timer = setTimeout(
        () =>
          stop(
            timeoutError(
              `${ctx.tool.name} did not finish within ${Math.round(limitMs / 1000)} s and was stopped. Try again, or narrow the request.`,
            ),
          ),
        limitMs,
      );
      if (parent.aborted) {
        onParentAbort();
        return;
      }
      parent.addEventListener('abort', onParentAbort, { once: true });
      next().then(
        (result) => {
          if (settled) return;
          finish();
          resolve(result);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          reject(error);
        },
      );
    });
  };
}
