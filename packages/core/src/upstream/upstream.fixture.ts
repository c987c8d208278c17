import type { FakeUpstream } from '@mcpkit/testing';
import { startFakeUpstream } from '@mcpkit/testing';
import { afterEach } from 'vitest';
import type { Logger } from '../logging/logger-types.js';
import { createUpstreamClient } from './create-upstream-client.js';
import type { UpstreamClient, UpstreamClientOptions } from './upstream-types.js';

/**
 * Test doubles for the upstream client's injectable I/O: a clock that moves only when told,
 * a backoff sleep that records what it was asked to wait and returns at once, and a logger
 * that keeps every raw record (no redaction, so a leak in what the client logs shows up).
 * Plus a harness that starts fake upstreams and clients and closes them after each test.
 */

export interface UpstreamHarnessDefaults extends Partial<UpstreamClientOptions> {
  name: string;
  /**
   * Appended to each fake upstream's URL to form `baseUrl`.
   * @default ''
   */
  basePath?: string;
  /** @default 'mcpkit-test/1.0' */
  userAgent?: string;
}

export interface UpstreamHarness {
  /** Starts a fake upstream that is closed after the current test. */
  fake(...args: Parameters<typeof startFakeUpstream>): Promise<FakeUpstream>;
  /** Creates a client on `server` from the file's defaults, overridden by `options`; closed after the test. */
  client(server: FakeUpstream, options?: Partial<UpstreamClientOptions>): UpstreamClient;
}

/**
 * Call once at the top of a test file: registers an `afterEach` that closes every client and
 * then every fake made through the harness during the test, so no socket outlives its test.
 */
export function useUpstreamHarness({ basePath = '', ...defaults }: UpstreamHarnessDefaults): UpstreamHarness {
  const fakes: FakeUpstream[] = [];
  const clients: UpstreamClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });

  return {
    fake: async (...args) => {
      const server = await startFakeUpstream(...args);
      fakes.push(server);
      return server;
    },
    client: (server, options = {}) => {
      const made = createUpstreamClient({
        baseUrl: `${server.url}${basePath}`,
        userAgent: 'mcpkit-test/1.0',
        ...defaults,
        ...options,
      });
      clients.push(made);
      return made;
    },
  };
}

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
