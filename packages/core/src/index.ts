// @mcpkit/core — the shared core of mcpkit's MCP servers. Named exports only.

// Server definition
export {
  defineServer,
  type AppRuntime,
  type ChangeFeed,
  type ServerDefinition,
  type SetupInput,
} from './server/define-server.js';
export {
  defineTool,
  requiredScopes,
  toolBuilder,
  type AnyToolDefinition,
  type RequiredToolAnnotations,
  type ToolContext,
  type ToolDefinition,
  type ToolHandler,
  type ToolReply,
} from './server/tool-definition.js';
export {
  definePrompt,
  defineResource,
  defineResourceTemplate,
  type PromptDefinition,
  type ResourceBody,
  type ResourceContext,
  type ResourceDefinition,
  type StaticResourceDefinition,
  type TemplateResourceDefinition,
} from './server/resource-definition.js';
export { createServerFactory, type ServerFactoryOptions } from './server/create-server-factory.js';
export { selectTools, type ToolSelection } from './server/select-tools.js';

// Serving
export { runServer } from './serve/run-server.js';
export { startServer, type RunningServer, type StartServerOptions } from './serve/start-server.js';
export { startHttpHost, type HttpHost, type HttpHostOptions } from './transports/http-host.js';
export { startStdioHost, type StdioHost, type StdioHostOptions } from './transports/stdio-host.js';
export { createMetrics, type ServerMetrics } from './transports/metrics.js';

// Config
export {
  booleanString,
  commaList,
  ConfigError,
  configHelp,
  loadConfig,
  type ConfigOf,
  type ConfigOption,
  type ConfigSpec,
} from './config/load-config.js';
export { coreOptions, type CoreConfig } from './config/core-options.js';

// Errors
export {
  conflict,
  forbidden,
  invalidInput,
  isMcpKitError,
  McpKitError,
  notFound,
  rateLimited,
  timeoutError,
  upstreamError,
  type McpKitErrorCode,
  type McpKitErrorOptions,
} from './errors/mcpkit-error.js';
export { formatZodError, formatZodIssues } from './errors/format-zod-error.js';
export { classifyError, ERROR_META_KEY, toolErrorResult, type ClassifiedError } from './errors/tool-error-result.js';
export { toProtocolError } from './errors/to-protocol-error.js';

// Middleware
export { compose } from './middleware/compose.js';
export { errorMap } from './middleware/error-map/index.js';
export { requestLog, type RequestLogOptions, type ToolCallObserver } from './middleware/request-log/index.js';
export { scopeCheck } from './middleware/scope-check/index.js';
export { timeout } from './middleware/timeout/index.js';
export type { Next, ToolCallContext, ToolCallInfo, ToolCallResult, ToolMiddleware } from './middleware/types.js';

// Auth
export { localPrincipal, principalFromAuthInfo, toAuthInfo, type Principal, type PrincipalKind } from './auth/principal.js';
export { hasScopes, insufficientScope, missingScopes, scopeSatisfies, ALL_SCOPES } from './auth/scopes.js';
export { AuthFailure, isAuthFailure, type Authenticator } from './auth/authenticator.js';
export {
  API_KEY_PREFIX,
  createApiKeyAuthenticator,
  generateApiKey,
  hashApiKey,
  type ApiKeyAuthenticatorOptions,
  type ApiKeyEntry,
} from './auth/api-keys.js';
export { formatApiKeyEntry, parseApiKeysSpec } from './auth/api-keys-spec.js';
export { createOAuthAuthenticator, type OAuthAuthenticatorOptions } from './auth/oauth.js';

// Rate limiting
export { createRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimiterOptions } from './rate-limit/rate-limiter.js';
export { parseRateLimitRule, type RateLimitRule } from './rate-limit/rate-limit-rule.js';
export { rateLimitMiddleware } from './rate-limit/rate-limit-middleware.js';
export { createRedisClient } from './rate-limit/redis-client.js';

// Logging
export { createLogger, type CreateLoggerOptions, type LogLevel } from './logging/create-logger.js';
export { silentLogger, type Logger } from './logging/logger-types.js';
export { REDACTED, redactSecrets, redactString } from './logging/redact.js';

// Upstream HTTP
export { createUpstreamClient } from './upstream/create-upstream-client.js';
export { createMemoryCacheStore, type MemoryCacheStoreOptions } from './upstream/memory-cache-store.js';
export type { CacheStore, CachedResponse } from './upstream/cache-store.js';
export type {
  BreakerOptions,
  BreakerState,
  ClientCacheOptions,
  GetJsonOptions,
  HttpMethod,
  Query,
  QueryValue,
  UpstreamClient,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
  UpstreamStats,
} from './upstream/upstream-types.js';
