import type { HttpHost, HttpHostOptions } from './http-host.js';

/**
 * `startHttpHost` as the main entry exports it: the host (Hono, its Node adapter) loads on
 * the first call, so a stdio server, which never calls it, does not pay for loading it.
 * `@mcpkit/core/http` exports the host itself.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const host = await import('./http-host.js');
  return host.startHttpHost(options);
}
