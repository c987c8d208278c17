import { connect } from 'node:net';

export interface ServiceProbe {
  up: boolean;
  url: string;
  /** Why it is down, for the skip message. */
  reason?: string;
}

/**
 * Whether a TCP service answers, without a client library: used to decide whether the
 * Redis and PostgreSQL suites run, and to say clearly why they were skipped when not.
 */
export function probeTcp(url: string, defaultPort: number, timeoutMs = 1_000): Promise<ServiceProbe> {
  const parsed = new URL(url);
  const port = Number(parsed.port || defaultPort);
  const host = parsed.hostname || '127.0.0.1';
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (probe: ServiceProbe) => {
      socket.destroy();
      resolve(probe);
    };
    socket.setTimeout(timeoutMs, () => done({ up: false, url, reason: `no answer from ${host}:${port} within ${timeoutMs} ms` }));
    socket.once('connect', () => done({ up: true, url }));
    socket.once('error', (error) => done({ up: false, url, reason: `${host}:${port}: ${error.message}` }));
  });
}

export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const databaseUrl = () => process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';

/** Probes Redis; prints one line naming the suite that will be skipped, if it is down. */
export async function probeRedis(suite: string): Promise<ServiceProbe> {
  const probe = await probeTcp(redisUrl(), 6379);
  if (!probe.up) console.warn(`[skipped] ${suite}: Redis not reachable (${probe.reason}). Set REDIS_URL to run it.`);
  return probe;
}
