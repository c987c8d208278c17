import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/server';
import { type CoreConfig, coreOptions } from '../config/core-options.js';
import { type ConfigOf, type ConfigSpec, loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import type { Logger } from '../logging/logger-types.js';
import { errorMap } from '../middleware/error-map/index.js';
import { requestLog } from '../middleware/request-log/index.js';
import { scopeCheck } from '../middleware/scope-check/index.js';
import { timeout } from '../middleware/timeout/index.js';
import { rateLimitMiddleware } from '../rate-limit/rate-limit-middleware.js';
import { createRateLimiter } from '../rate-limit/rate-limiter.js';
import { createServerFactory } from '../server/create-server-factory.js';
import type { ServerDefinition } from '../server/define-server.js';
import { selectTools } from '../server/select-tools.js';
import { startStdioHost } from '../transports/stdio-host.js';
import { buildAuthenticator } from './build-authenticator.js';

export interface StartServerOptions {
  argv?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the stderr JSON logger (tests). */
  logger?: Logger;
  /** stdio only: streams or a ready transport to serve on instead of the process's own. */
  stdin?: Readable;
  stdout?: Writable;
  transport?: Transport;
  /** Called when a stdio client closes its end, so a bin can exit. */
  onClientGone?: () => void;
}

export interface RunningServer<App> {
  transport: 'stdio' | 'http';
  config: CoreConfig & Record<string, unknown>;
  app: App;
  /** HTTP only: where the MCP endpoint listens. */
  url?: string;
  /** HTTP api-key mode with no configured keys: the key generated for this run. */
  generatedKey?: string;
  logger: Logger;
  /** Graceful shutdown: stop accepting, drain, close the app's resources. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a server definition the way its bin does, but returns instead of owning the
 * process: config from argv/env (throws `ConfigError` listing every problem), the app's
 * services, the middleware chain, and the chosen transport.
 */
export async function startServer<App, Spec extends ConfigSpec>(
  definition: ServerDefinition<App, Spec>,
  options: StartServerOptions = {},
): Promise<RunningServer<App>> {
  const spec = { ...coreOptions, ...definition.config };
  const config = loadConfig(spec, { argv: options.argv ?? [], env: options.env ?? process.env }) as ConfigOf<Spec> & CoreConfig;
  const transport = config.http ? 'http' : config.transport;
  const logger = options.logger ?? createLogger({ name: definition.name, level: config.logLevel });
  const tools = selectTools(definition.tools, definition.toolsets, definition.defaultToolsets, {
    ...(config.toolsets !== undefined && { toolsets: config.toolsets }),
    ...(config.tools !== undefined && { tools: config.tools }),
    ...(config.excludeTools !== undefined && { exclude: config.excludeTools }),
    readOnly: config.readOnly,
  });
  const auth = transport === 'http' ? await buildAuthenticator(config, Object.keys(definition.toolsets)) : undefined;

  const runtime = await definition.setup({ config, logger });
  // Modules only some deployments need (Redis, HTTP, metrics) load on demand: a desktop
  // client spawns a stdio server often, and every import counts against its cold start.
  const redis = config.redisUrl ? (await import('../rate-limit/redis-client.js')).createRedisClient(config.redisUrl, logger) : undefined;
  const limiter = createRateLimiter({
    perPrincipal: config.rateLimit,
    perTool: config.toolRateLimit,
    keyPrefix: `mcpkit:rl:${definition.name}`,
    store: redis ? { kind: 'redis', redis } : { kind: 'memory' },
  });
  const http =
    transport === 'http'
      ? {
          ...(await import('../transports/http-host.js')),
          metrics: (await import('../transports/metrics.js')).createMetrics(definition.name),
        }
      : undefined;
  const factory = createServerFactory({
    definition: definition as unknown as ServerDefinition<App, never>,
    runtime,
    tools,
    middleware: [
      requestLog(http ? { observe: http.metrics.observeToolCall } : {}),
      errorMap(),
      scopeCheck(),
      rateLimitMiddleware(limiter),
      timeout(),
    ],
    logger,
    transport,
    defaultTimeoutMs: config.toolTimeoutMs,
  });

  let host: { close(): Promise<void> };
  let url: string | undefined;
  if (http) {
    const httpHost = await http.startHttpHost({
      factory,
      logger,
      metrics: http.metrics,
      host: config.host,
      port: config.port,
      allowedHosts: config.allowedHosts,
      allowedOrigins: config.allowedOrigins,
      ...(auth?.authenticator !== undefined && { authenticator: auth.authenticator }),
      maxBodyBytes: config.maxBodyBytes,
      ...(runtime.ready !== undefined && { ready: runtime.ready }),
      ...(runtime.changes !== undefined && { changes: runtime.changes }),
    });
    host = httpHost;
    url = httpHost.url;
  } else {
    host = startStdioHost({
      factory,
      logger,
      ...(options.stdin !== undefined && { stdin: options.stdin }),
      ...(options.stdout !== undefined && { stdout: options.stdout }),
      ...(options.transport !== undefined && { transport: options.transport }),
      ...(options.onClientGone !== undefined && { onClientGone: options.onClientGone }),
    });
  }
  logger.info({ transport, url, tools: tools.length }, 'server started');

  let closing: Promise<void> | undefined;
  return {
    transport,
    config: config as CoreConfig & Record<string, unknown>,
    app: runtime.app,
    ...(url !== undefined && { url }),
    ...(auth?.generatedKey !== undefined && { generatedKey: auth.generatedKey }),
    logger,
    close: () => {
      closing ??= (async () => {
        await host.close();
        await limiter.close();
        await runtime.close?.();
        redis?.disconnect();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}
