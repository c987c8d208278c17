import { Redis } from 'ioredis';
import { invalidInput } from '../errors/mcpkit-error.js';
import { type Logger, silentLogger } from '../logging/logger-types.js';

/** Longest wait for a TCP connection to Redis before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Longest wait for any one reply; bounds a stalled server. Not for blocking commands (BLPOP…). */
const COMMAND_TIMEOUT_MS = 2_000;
/** Reconnect backoff: 100 ms doubling up to this cap, forever (a server outlives a Redis restart). */
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * An ioredis client for a `redis://` or `rediss://` URL (`REDIS_URL`), set up to fail
 * fast rather than wait: it connects at once (`lazyConnect: false`), refuses commands
 * while disconnected instead of queueing them (`enableOfflineQueue: false`), gives up on
 * a connection attempt after 2 s and on a reply after 2 s, and keeps reconnecting in the
 * background with capped exponential backoff (100 ms … 5 s).
 *
 * Connection errors are logged once per outage (and the return once), never with the
 * URL's credentials. The caller owns the client and ends it with `quit()`.
 *
 * @throws McpKitError `invalid_input` when the URL is not a redis URL (the message never
 *   repeats the URL, which may hold a password).
 */
export function createRedisClient(url: string, logger: Logger = silentLogger): Redis {
  const target = describeRedisUrl(url);
  const log = logger.child({ component: 'redis', redis: target });
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail rather than wait for a reconnect.
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 16), MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  // Without an 'error' listener ioredis prints every failed reconnect to the console.
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error.message }, 'Redis unreachable; reconnecting in the background.');
  });
  client.on('ready', () => {
    if (down) log.info('Redis reachable again.');
    else log.debug('Redis connected.');
    down = false;
  });
  return client;
}

/** `host:port/db` of a redis URL, for logs: never the username or password. */
function describeRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput('The Redis URL is not a valid URL. Use redis://[user:password@]host[:port][/db] or rediss://… for TLS.');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw invalidInput(
      `The Redis URL must start with redis:// or rediss://, not ${parsed.protocol}//. Use redis://[user:password@]host[:port][/db].`,
    );
  }
  const db = parsed.pathname.length > 1 ? parsed.pathname : '';
  return `${parsed.hostname}:${parsed.port || '6379'}${db}`;
}
