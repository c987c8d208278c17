import type { Next, ToolCallContext, ToolCallResult, ToolMiddleware } from './types.js';

/**
 * Composes middleware into one onion, outermost first, the way Hono's `compose` does:
 * each middleware gets `next()` to run the rest of the chain and the final handler.
 * Calling `next()` twice from one middleware is a bug and fails loudly rather than
 * running a tool twice.
 */
export function compose(
  middleware: readonly ToolMiddleware[],
  handler: (ctx: ToolCallContext) => Promise<ToolCallResult>,
): (ctx: ToolCallContext) => Promise<ToolCallResult> {
  const chain = [...middleware];
  return (ctx) => {
    let lastIndex = -1;
    const dispatch = (index: number): Promise<ToolCallResult> => {
      if (index <= lastIndex) {
        return Promise.reject(new Error('next() called more than once in one tool-call middleware'));
      }
      lastIndex = index;
      const current = chain[index];
      if (current === undefined) return handler(ctx);
      const next: Next = () => dispatch(index + 1);
      try {
        return current(ctx, next);
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}
