import pino from 'pino';
import type { Logger } from './logger-types.js';
import { redactSecrets, redactString } from './redact.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface CreateLoggerOptions {
  /** Service name stamped on every line (`mcpkit-tasks`). */
  name: string;
  /** @default 'info' */
  level?: LogLevel;
  /**
   * Where lines go. @default file descriptor 2 (stderr), buffered and written
   * asynchronously (pino flushes it on exit): stdout belongs to the stdio protocol, and a
   * tool call should not wait on a terminal or a log file.
   */
  destination?: pino.DestinationStream;
}

/**
 * Structured JSON-lines logger on pino. Every record passes through `redactSecrets`
 * (keys and credential-shaped strings), including the message, so a careless
 * `logger.info({ headers })` cannot leak a token.
 */
export function createLogger({ name, level = 'info', destination }: CreateLoggerOptions): Logger {
  // Buffered up to 4 KiB and flushed at least every 250 ms (and on exit): a line per tool
  // call must not cost the call a write system call.
  const stream = destination ?? pino.destination({ dest: 2, sync: false, minLength: 4096, periodicFlush: 250 });
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      // Epoch milliseconds (`time`): the cheapest stamp, and what log pipelines parse.
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactSecrets(record),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactString(arg) : arg));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
      serializers: { err: (err: unknown) => redactSecrets(err) },
    },
    stream,
  ) as unknown as Logger;
}
