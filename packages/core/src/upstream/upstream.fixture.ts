import type { Logger } from '../logging/logger-types.js';

/**
 * Test doubles for the upstream client's injectable I/O: a clock that moves only when told,
 * a backoff sleep that records what it was asked to wait and returns at once, and a logger
 * that keeps every raw record (no redaction, so a leak in what the client logs shows up).
 */

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface RecordingSleep {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  delays: number[];
}

export function recordingSleep(): RecordingSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      if (signal.aborted) throw signal.reason;
    },
  };
}

export interface RecordingLogger {
  logger: Logger;
  /** Every record and message logged so far, serialised. */
  text(): string;
  records: Array<{ level: string; obj: unknown; msg: string | undefined }>;
}

export function recordingLogger(): RecordingLogger {
  const records: RecordingLogger['records'] = [];
  const make = (level: string) =>
    ((objOrMsg: unknown, msg?: string) => {
      records.push({ level, obj: objOrMsg, msg });
    }) as Logger['info'];
  const logger: Logger = {
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    fatal: make('fatal'),
    child: () => logger,
  };
  return {
    logger,
    records,
    text: () =>
      records
        .map((record) =>
          JSON.stringify(record, (_key, value: unknown) =>
            value instanceof Error ? { message: value.message, stack: value.stack, cause: value.cause } : value,
          ),
        )
        .join('\n'),
  };
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw, but it resolved');
}
