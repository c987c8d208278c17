import type { Server as NodeHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import {
  type AuthInfo,
  createMcpHandler,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  type McpServerFactory,
  originValidationResponse,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Authenticator, AuthFailure } from '../auth/authenticator.js';
import { toAuthInfo } from '../auth/principal.js';
import type { Logger } from '../logging/logger-types.js';
import type { ChangeFeed } from '../server/define-server.js';
import type { ServerMetrics } from './metrics.js';

export interface HttpHostOptions {
  factory: McpServerFactory;
  logger: Logger;
  metrics: ServerMetrics;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 3000; 0 picks a free port */
  port?: number;
  /** Extra Host header names accepted besides the loopback names. */
  allowedHosts?: readonly string[];
  /** Extra Origin hostnames accepted besides the loopback names. */
  allowedOrigins?: readonly string[];
  /** Undefined means no auth (allowed only on a loopback bind, checked by the caller). */
  authenticator?: Authenticator;
  /** @default 1 MiB */
  maxBodyBytes?: number;
  /** Readiness of the server's dependencies. */
  ready?: () => Promise<{ ok: boolean; detail?: string }>;
  /** Resource changes to publish to `subscriptions/listen` streams. */
  changes?: ChangeFeed;
  /** Cross-instance event bus; the SDK's in-process bus when omitted. */
  bus?: ServerEventBus;
  /** How long shutdown waits for in-flight requests. @default 10_000 */
  drainTimeoutMs?: number;
}

export interface HttpHost {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  url: string;
  port: number;
  /** Stops accepting, drains in-flight requests, closes streams. Idempotent. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * The Streamable HTTP host: one MCP endpoint at `/mcp` serving both protocol
 * generations from the SDK's handler, plus `/healthz`, `/readyz`, `/metrics` and (in
 * OAuth mode) RFC 9728 metadata. In front of `/mcp`, in this order: Host and Origin
 * validation (DNS rebinding), body size limit, authentication.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const {
    factory,
    logger,
    metrics,
    host = '127.0.0.1',
    port = 3000,
    authenticator,
    maxBodyBytes = 1_048_576,
    drainTimeoutMs = 10_000,
  } = options;
  const loopback = LOOPBACK.has(host);
  const allowedHosts = [...(loopback ? localhostAllowedHostnames() : []), ...(options.allowedHosts ?? [])];
  const allowedOrigins = [...localhostAllowedOrigins(), ...(options.allowedOrigins ?? [])];
  if (!loopback && (options.allowedHosts ?? []).length === 0) {
    logger.warn({ host }, 'bound to a non-loopback address with no --allowed-hosts: Host header validation is off');
  }

  const handler = createMcpHandler(factory, {
    maxRequestBodySize: maxBodyBytes,
    ...(options.bus !== undefined && { bus: options.bus }),
    onerror: (error) => logger.warn({ err: error }, 'mcp handler reported an error'),
  });
  const unsubscribeChanges = options.changes?.subscribe((uri) => handler.notify.resourceUpdated(uri));

  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];
  const settle = () => {
    inFlight--;
    if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
  };
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    metrics.observeHttp(c.req.routePath, c.req.method, c.res.status);
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (draining) return c.json({ status: 'draining' }, 503);
    const state = (await options.ready?.().catch((error: unknown) => ({ ok: false, detail: String(error) }))) ?? { ok: true };
    return c.json({ status: state.ok ? 'ready' : 'not ready', ...(state.detail && { detail: state.detail }) }, state.ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.text(await metrics.render(), 200, { 'content-type': metrics.registry.contentType }));
  const metadata = authenticator?.protectedResourceMetadata?.();
  if (metadata) {
    app.get('/.well-known/oauth-protected-resource', (c) => c.json(metadata));
    app.get('/.well-known/oauth-protected-resource/mcp', (c) => c.json(metadata));
  }

  app.all(
    '/mcp',
    async (c, next) => {
      const rejected =
        (allowedHosts.length > 0 ? hostHeaderValidationResponse(c.req.raw, allowedHosts) : undefined) ??
        originValidationResponse(c.req.raw, allowedOrigins);
      if (rejected) {
        logger.warn({ host: c.req.header('host'), origin: c.req.header('origin') }, 'refused request: Host/Origin not allowed');
        return rejected;
      }
      if (draining) return c.json(jsonRpcError(-32000, 'Server is shutting down; retry on another instance.'), 503);
      return next();
    },
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json(jsonRpcError(-32600, `Request body too large: the limit is ${maxBodyBytes} bytes.`), 413),
    }),
    async (c) => {
      let authInfo: AuthInfo | undefined;
      if (authenticator) {
        try {
          authInfo = toAuthInfo(await authenticator.authenticate(c.req.raw), {
            resourceMetadataUrl: authenticator.resourceMetadataUrl,
          });
        } catch (error) {
          if (error instanceof AuthFailure) {
            return c.json(jsonRpcError(-32001, error.message), error.status, { 'WWW-Authenticate': error.challenge });
          }
          throw error;
        }
      }
      // Subscription streams stay open until shutdown ends them; every other exchange
      // counts as in flight until its response body has been sent in full.
      if (c.req.header('mcp-method') === 'subscriptions/listen') {
        return handler.fetch(c.req.raw, authInfo ? { authInfo } : undefined);
      }
      inFlight++;
      let response: Response;
      try {
        response = await handler.fetch(c.req.raw, authInfo ? { authInfo } : undefined);
      } catch (error) {
        settle();
        throw error;
      }
      if (!response.body) {
        settle();
        return response;
      }
      return new Response(onBodyEnd(response.body, settle), response);
    },
  );
  app.notFound((c) => c.json({ error: 'not found', endpoints: ['/mcp', '/healthz', '/readyz', '/metrics'] }, 404));
  app.onError((error, c) => {
    logger.error({ err: error }, 'http request failed');
    return c.json(jsonRpcError(-32603, 'Internal error.'), 500);
  });

  const server = await new Promise<NodeHttpServer>((resolve, reject) => {
    const s = serveNode({ fetch: app.fetch, hostname: host, port }, () => resolve(s as NodeHttpServer)) as NodeHttpServer;
    s.once('error', reject);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/mcp`,
    port: address.port,
    close: () => {
      closing ??= (async () => {
        draining = true;
        unsubscribeChanges?.();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => idle.push(resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, drainTimeoutMs).unref()),
          ]);
        }
        await handler.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

/** The same body, calling `done` once when it has been read to the end or cancelled. */
function onBodyEnd(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
