// @mcpkit/core — the shared core of mcpkit's MCP servers. Named exports only.
// What only some servers or deployments need lives behind its own entry, so loading this
// one stays cheap: `@mcpkit/core/upstream` (undici client), `@mcpkit/core/http` (HTTP
// host, metrics), `@mcpkit/core/oauth` (jose), `@mcpkit/core/redis` (ioredis).

export {
  API_KEY_PREFIX,
  type ApiKeyAuthenticatorOptions,
  type ApiKeyEntry,
  createApiKeyAuthenticator,
  generateApiKey,
  hashApiKey,
} from './auth/api-keys.js';
export { formatApiKeyEntry, parseApiKeysSpec } from './auth/api-keys-spec.js';
export { type Authenticator, AuthFailure, isAuthFailure } from './auth/authenticator.js';
// Auth
export { localPrincipal, type Principal, type PrincipalKind, principalFromAuthInfo, toAuthInfo } from './auth/principal.js';
export { ALL_SCOPES, hasScopes, insufficientScope, missingScopes, scopeSatisfies } from './auth/scopes.js';
export { type CoreConfig, coreOptions } from './config/core-options.js';
// Config
export {
  booleanString,
  ConfigError,
  type ConfigOf,
  type ConfigOption,
  type ConfigSpec,
  commaList,
  configHelp,
  loadConfig,
} from './config/load-config.js';
// Confirmation of destructive calls
export { type ConfirmationState, type ConfirmDestructiveOptions, confirmDestructive } from './confirm/confirm-destructive.js';
export {
  type ConfirmationSubject,
  type ConfirmationTokenOptions,
  type ConfirmationTokens,
  createConfirmationTokens,
} from './confirm/confirmation-tokens.js';
export { formatZodError, formatZodIssues } from './errors/format-zod-error.js';
// Errors
export {
  conflict,
  forbidden,
  invalidInput,
  isMcpKitError,
  McpKitError,
  type McpKitErrorCode,
  type McpKitErrorOptions,
  notFound,
  rateLimited,
  timeoutError,
  upstreamError,
} from './errors/mcpkit-error.js';
export { toProtocolError } from './errors/to-protocol-error.js';
export { type ClassifiedError, classifyError, ERROR_META_KEY, toolErrorResult } from './errors/tool-error-result.js';
// Logging
export { type CreateLoggerOptions, createLogger, type LogLevel } from './logging/create-logger.js';
export { type Logger, silentLogger } from './logging/logger-types.js';
export { REDACTED, redactSecrets, redactString } from './logging/redact.js';
// Middleware
export { compose } from './middleware/compose.js';
export { errorMap } from './middleware/error-map/index.js';
export { type RequestLogOptions, requestLog, type ToolCallObserver } from './middleware/request-log/index.js';
export { scopeCheck } from './middleware/scope-check/index.js';
export { timeout } from './middleware/timeout/index.js';
export type { Next, ToolCallContext, ToolCallInfo, ToolCallResult, ToolMiddleware } from './middleware/types.js';
export { rateLimitMiddleware } from './rate-limit/rate-limit-middleware.js';
export { parseRateLimitRule, type RateLimitRule } from './rate-limit/rate-limit-rule.js';
// Rate limiting
export { createRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimiterOptions } from './rate-limit/rate-limiter.js';
// Serving
export { runServer } from './serve/run-server.js';
export { type RunningServer, type StartServerOptions, startServer } from './serve/start-server.js';
export { createServerFactory, type ServerFactoryOptions } from './server/create-server-factory.js';
// Server definition
export {
  type AppRuntime,
  type ChangeFeed,
  defineServer,
  type ServerDefinition,
  type SetupInput,
} from './server/define-server.js';
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
export { selectTools, type ToolSelection } from './server/select-tools.js';
export {
  type AnyToolDefinition,
  defineTool,
  type RequiredToolAnnotations,
  requiredScopes,
  type ToolContext,
  type ToolDefinition,
  type ToolHandler,
  type ToolReply,
  toolBuilder,
} from './server/tool-definition.js';
export type { HttpHost, HttpHostOptions } from './transports/http-host.js';
// Loads Hono on first use: stdio servers never pay for it.
export { startHttpHost } from './transports/lazy-http-host.js';
export { type StdioHost, type StdioHostOptions, startStdioHost } from './transports/stdio-host.js';
export type { CachedResponse, CacheStore } from './upstream/cache-store.js';
