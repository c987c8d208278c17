import { z } from 'zod';
import { parseRateLimitRule } from '../rate-limit/rate-limit-rule.js';
import { booleanString, type ConfigSpec, commaList } from './load-config.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** A rate like `120/60s`, parsed once here so a bad one is a config error, not a runtime one. */
const rateRule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((spec, ctx) => {
      try {
        return parseRateLimitRule(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    });

/**
 * Options every mcpkit server takes. A server adds its own spec next to these; the
 * names are shared so one client config style works for all of them.
 */
export const coreOptions = {
  transport: {
    schema: z.enum(['stdio', 'http']).default('stdio'),
    flag: 'transport',
    env: 'MCP_TRANSPORT',
    description: 'stdio (default, for desktop clients) or http (Streamable HTTP, for hosting).',
  },
  http: {
    schema: booleanString.default(false),
    flag: 'http',
    boolean: true,
    description: 'Shorthand for --transport http.',
  },
  host: {
    schema: z.string().min(1).default('127.0.0.1'),
    flag: 'host',
    env: 'HOST',
    description: 'HTTP bind address. Loopback by default; set 0.0.0.0 only behind auth and a proxy.',
  },
  port: { schema: port.default(3000), flag: 'port', env: 'PORT', description: 'HTTP port (0 picks a free one).' },
  publicUrl: {
    schema: z.url().optional(),
    flag: 'public-url',
    env: 'MCP_PUBLIC_URL',
    description: 'The URL clients reach this server at (OAuth audience and metadata). Defaults to http://host:port/mcp.',
  },
  allowedHosts: {
    schema: commaList.default([]),
    flag: 'allowed-hosts',
    env: 'MCP_ALLOWED_HOSTS',
    description: 'Extra Host header names accepted (DNS-rebinding protection). Loopback names are always accepted on a loopback bind.',
  },
  allowedOrigins: {
    schema: commaList.default([]),
    flag: 'allowed-origins',
    env: 'MCP_ALLOWED_ORIGINS',
    description: 'Extra browser Origin hostnames accepted. Requests without an Origin header are not browser requests and pass.',
  },
  auth: {
    schema: z.enum(['api-key', 'oauth', 'none']).default('api-key'),
    flag: 'auth',
    env: 'MCP_AUTH',
    description:
      'HTTP auth: api-key (default; a local key is generated when none is configured), oauth (JWT resource server), none (loopback only).',
  },
  apiKeys: {
    schema: z.string().optional(),
    env: 'MCP_API_KEYS',
    description: 'API keys as "id:sha256:<hex>:scope scope;id2:…" (hashes only; hash with `mcpkit-<server> hash-key`).',
  },
  oauthIssuer: {
    schema: z.url().optional(),
    flag: 'oauth-issuer',
    env: 'OAUTH_ISSUER',
    description: 'OAuth: the authorization server issuer URL.',
  },
  oauthJwksUrl: {
    schema: z.url().optional(),
    flag: 'oauth-jwks-url',
    env: 'OAUTH_JWKS_URL',
    description: "OAuth: the issuer's JWKS URL. Defaults to <issuer>/.well-known/jwks.json.",
  },
  toolsets: {
    schema: commaList.optional(),
    flag: 'toolsets',
    env: 'MCP_TOOLSETS',
    description: 'Comma-separated toolsets to enable ("all" for every toolset). Defaults to the server\'s default set.',
  },
  tools: {
    schema: commaList.optional(),
    flag: 'tools',
    env: 'MCP_TOOLS',
    description: 'Comma-separated single tools to enable on top of the toolsets (--read-only still hides write tools).',
  },
  excludeTools: {
    schema: commaList.optional(),
    flag: 'exclude-tools',
    env: 'MCP_EXCLUDE_TOOLS',
    description: 'Comma-separated tools to leave out, whatever the toolsets and --tools enable.',
  },
  readOnly: {
    schema: booleanString.default(false),
    flag: 'read-only',
    boolean: true,
    env: 'MCP_READ_ONLY',
    description: 'Only read-only tools are listed and callable.',
  },
  rateLimit: {
    schema: rateRule('600/60s'),
    flag: 'rate-limit',
    env: 'MCP_RATE_LIMIT',
    description: 'Calls one principal may make across all tools, as points/window (a tool may cost more than 1).',
  },
  toolRateLimit: {
    schema: rateRule('120/60s'),
    flag: 'tool-rate-limit',
    env: 'MCP_TOOL_RATE_LIMIT',
    description: 'Calls one principal may make to one tool, as points/window.',
  },
  redisUrl: {
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
    env: 'REDIS_URL',
    description: 'Redis for rate limits shared by every instance. In-memory when unset.',
  },
  toolTimeoutMs: {
    schema: positiveInt.default(30_000),
    flag: 'tool-timeout-ms',
    env: 'MCP_TOOL_TIMEOUT_MS',
    description: 'Default time limit of one tool call.',
  },
  maxBodyBytes: {
    schema: positiveInt.default(1_048_576),
    flag: 'max-body-bytes',
    env: 'MCP_MAX_BODY_BYTES',
    description: 'Largest HTTP request body accepted.',
  },
  logLevel: {
    schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    flag: 'log-level',
    env: 'LOG_LEVEL',
    description: 'Log level of the JSON lines written to stderr.',
  },
} satisfies ConfigSpec;

export type CoreConfig = { [K in keyof typeof coreOptions]: z.output<(typeof coreOptions)[K]['schema']> };
