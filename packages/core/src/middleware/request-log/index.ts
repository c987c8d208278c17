import type { ToolMiddleware } from '../types.js';

/** Receives one record per finished call, for metrics. */
export type ToolCallObserver = (call: { tool: string; outcome: string; durationMs: number }) => void;

export interface RequestLogOptions {
  /** Called after every call with its outcome (`ok`, an error code, or `input_required`). */
  observe?: ToolCallObserver;
}

/**
 * Outermost middleware: binds the request id, tool and principal to the logger for
 * everything below, and writes one structured line per call with its duration and
 * outcome. Arguments are not logged (they can hold anything a user typed).
 */
export function requestLog({ observe }: RequestLogOptions = {}): ToolMiddleware {
  return async (ctx, next) => {
    const started = performance.now();
    ctx.logger = ctx.logger.child({ requestId: ctx.requestId, tool: ctx.tool.name, principal: ctx.principal.id });
    let outcome = 'ok';
    try {
      const result = await next();
      if (ctx.error) outcome = ctx.error.code;
      else if ('resultType' in result && result.resultType === 'input_required') outcome = 'input_required';
      return result;
    } catch (error) {
      outcome = 'internal';
      throw error;
    } finally {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (outcome === 'ok' || outcome === 'input_required') {
        ctx.logger.info({ outcome, durationMs }, 'tool call');
      } else if (outcome === 'internal') {
        ctx.logger.error({ outcome, durationMs, err: ctx.error?.cause }, 'tool call failed');
      } else {
        ctx.logger.warn({ outcome, durationMs, reason: errorMessage(ctx.error?.cause) }, 'tool call refused');
      }
      observe?.({ tool: ctx.tool.name, outcome, durationMs });
    }
  };
}

function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
