import type { LogFn, Logger } from '../../logging/logger-types.js';
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
    const base = ctx.logger;
    const bindings = { requestId: ctx.requestId, tool: ctx.tool.name, principal: ctx.principal.id };
    ctx.logger = lazyChild(base, bindings);
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
        base.info({ ...bindings, outcome, durationMs }, 'tool call');
      } else if (outcome === 'internal') {
        base.error({ ...bindings, outcome, durationMs, err: ctx.error?.cause }, 'tool call failed');
      } else {
        base.warn({ ...bindings, outcome, durationMs, reason: errorMessage(ctx.error?.cause) }, 'tool call refused');
      }
      observe?.({ tool: ctx.tool.name, outcome, durationMs });
    }
  };
}

/**
 * A logger bound to the call's ids, made only if something below actually logs: most
 * calls log nothing but the one line above, and a pino child per call is measurable.
 */
function lazyChild(base: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const get = () => {
    child ??= base.child(bindings);
    return child;
  };
  const method =
    (level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'): LogFn =>
    (...args: [Record<string, unknown>, string?] | [string]) =>
      (get()[level] as (...a: unknown[]) => void)(...args);
  return {
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
    child: (more) => get().child(more),
  };
}

function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
