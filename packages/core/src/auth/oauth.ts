import { getOAuthProtectedResourceMetadataUrl, type OAuthProtectedResourceMetadata } from '@modelcontextprotocol/server';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { invalidInput } from '../errors/mcpkit-error.js';
import { type Logger, silentLogger } from '../logging/logger-types.js';
import type { Authenticator } from './authenticator.js';
import { invalidToken } from './bearer-challenge.js';
import { readBearerToken } from './bearer-token.js';
import { describeRejection, KeysUnavailableError, type TokenRejection } from './oauth-rejection.js';
import type { Principal } from './principal.js';
import { insufficientScope, isValidScope, missingScopes } from './scopes.js';

export interface OAuthAuthenticatorOptions {
  /** The authorization server's issuer identifier; a token's `iss` must equal it exactly. */
  issuer: string;
  /**
   * This server's resource URL (RFC 8707): a token's `aud` (string or array) must
   * contain it exactly. Also published as `resource` in the metadata document.
   */
  audience: string;
  /** Where the issuer publishes its keys. Give this or `jwks`. */
  jwksUrl?: string;
  /** The issuer's keys given inline (tests, air-gapped installs). Give this or `jwksUrl`. */
  jwks?: JSONWebKeySet;
  /**
   * The URL of this server's RFC 9728 metadata document, advertised in challenges.
   * @default the well-known URL for `audience` (`https://host/.well-known/oauth-protected-resource/<path>`)
   */
  resourceMetadataUrl?: string;
  /** Scopes this server understands, published as `scopes_supported`. */
  scopesSupported: readonly string[];
  /**
   * Scopes every request needs; a token without them is refused with 403. Also the
   * `scope` of the challenge sent to a request without a token.
   * @default [] (per-tool scope checks happen later, in the tool-call chain)
   */
  requiredScopes?: readonly string[];
  /** Human-readable name, published as `resource_name`. */
  resourceName?: string;
  /** Leeway for `exp`/`nbf`/`iat` against clock drift, in seconds. @default 30 */
  clockToleranceSec?: number;
  /** Accepted signing algorithms; `none` and HMAC ones are never accepted. @default ['RS256', 'ES256', 'EdDSA'] */
  algorithms?: readonly string[];
  /** How long one JWKS fetch may take before the token is refused. @default 5000 */
  jwksTimeoutMs?: number;
  /** The clock tokens are checked against (tests inject one). @default () => new Date() */
  now?: () => Date;
  /** @default silentLogger */
  logger?: Logger;
}

/**
 * OAuth 2.1 resource server mode: verifies JWT access tokens (RFC 9068 style) signed by
 * the issuer's keys. Checks signature and algorithm, `iss`, `aud` (RFC 8707), `exp`
 * (required), `nbf`, and reads scopes from `scope` (space separated) or `scp` (array
 * or string). The principal is the token's `sub`.
 *
 * Options are validated once, here. The remote key set is fetched lazily, cached and
 * refetched by jose (on an unknown `kid`, at most every 30 s); a fetch that fails or
 * outlasts `jwksTimeoutMs` refuses the token with `invalid_token` rather than hanging.
 */
export function createOAuthAuthenticator(options: OAuthAuthenticatorOptions): Authenticator {
  const config = validateOptions(options);
  const { issuer, audience, resourceMetadataUrl, requiredScopes, algorithms, logger } = config;
  const context = { resourceMetadataUrl };
  const getKey = keyResolver(options, config.jwksTimeoutMs);
  const metadata: OAuthProtectedResourceMetadata = {
    resource: audience,
    authorization_servers: [issuer],
    scopes_supported: [...options.scopesSupported],
    bearer_methods_supported: ['header'],
    ...(options.resourceName !== undefined && { resource_name: options.resourceName }),
  };
  const challengeScope = requiredScopes.length > 0 ? requiredScopes : options.scopesSupported;

  const reject = (rejection: TokenRejection): never => {
    if (rejection.cause !== undefined) {
      // Not the token's fault (keys unreachable, or an unexpected error): operators need to see it.
      logger.warn({ reason: rejection.reason, jwksUrl: options.jwksUrl, err: rejection.cause }, 'access token could not be verified');
    } else {
      logger.info({ reason: rejection.reason }, 'access token rejected');
    }
    throw invalidToken(rejection.description, context, rejection.cause);
  };

  return {
    resourceMetadataUrl,
    protectedResourceMetadata: () => structuredClone(metadata),
    async authenticate(request) {
      const token = readBearerToken(request, { resourceMetadataUrl, scope: challengeScope });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer,
          audience,
          algorithms: [...algorithms],
          clockTolerance: config.clockToleranceSec,
          requiredClaims: ['exp', 'sub'],
          currentDate: config.now(),
        }));
      } catch (error) {
        return reject(describeRejection(error, { issuer, audience, algorithms }));
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        return reject({
          reason: 'no_subject',
          description: 'The access token has no usable subject (sub); it must be a non-empty string.',
        });
      }
      const scopes = readScopes(payload);
      if (scopes === undefined) {
        return reject({
          reason: 'malformed_scope',
          description: 'The access token has a malformed scope claim: expected a space-separated scope string or an scp list.',
        });
      }
      const clientId = clientIdOf(payload);
      const principal: Principal = {
        id: payload.sub,
        kind: 'oauth',
        scopes,
        ...(clientId !== undefined && { clientId }),
        ...(typeof payload.exp === 'number' && { expiresAt: payload.exp }),
      };
      const missing = missingScopes(principal, requiredScopes);
      if (missing.length > 0) {
        logger.info({ reason: 'insufficient_scope', principal: principal.id, missing }, 'access token rejected');
        throw insufficientScope(missing, context);
      }
      logger.debug({ principal: principal.id, kind: principal.kind }, 'authenticated');
      return principal;
    },
  };
}

interface ValidatedOptions {
  issuer: string;
  audience: string;
  resourceMetadataUrl: string;
  requiredScopes: readonly string[];
  algorithms: readonly string[];
  clockToleranceSec: number;
  jwksTimeoutMs: number;
  now: () => Date;
  logger: Logger;
}

function validateOptions(options: OAuthAuthenticatorOptions): ValidatedOptions {
  const {
    issuer,
    audience,
    requiredScopes = [],
    algorithms = ['RS256', 'ES256', 'EdDSA'],
    clockToleranceSec = 30,
    jwksTimeoutMs = 5000,
    now = () => new Date(),
    logger = silentLogger,
  } = options;
  const problems: string[] = [];
  const issuerUrl = parseUrl(issuer);
  if (issuerUrl === undefined) problems.push('issuer must be an absolute URL');
  else if (!secureOrLoopback(issuerUrl)) problems.push('issuer must use https (http is allowed only for localhost)');
  const audienceUrl = parseUrl(audience);
  if (audienceUrl === undefined || audienceUrl.hash !== '')
    problems.push("audience must be this server's absolute resource URL, without a fragment");
  if ((options.jwksUrl === undefined) === (options.jwks === undefined)) {
    problems.push("give exactly one of jwksUrl (the issuer's JWKS endpoint) or jwks (an inline key set)");
  } else if (options.jwksUrl !== undefined) {
    const jwksUrl = parseUrl(options.jwksUrl);
    if (jwksUrl === undefined || !secureOrLoopback(jwksUrl))
      problems.push('jwksUrl must be an https URL (http is allowed only for localhost)');
  } else if (!Array.isArray(options.jwks?.keys)) problems.push('jwks must be a JSON Web Key Set ({ keys: [...] })');
  if (options.resourceMetadataUrl !== undefined && parseUrl(options.resourceMetadataUrl) === undefined) {
    problems.push('resourceMetadataUrl must be an absolute URL');
  }
  for (const [name, scopes] of [
    ['scopesSupported', options.scopesSupported],
    ['requiredScopes', requiredScopes],
  ] as const) {
    if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string' && isValidScope(scope))) {
      problems.push(`${name} must be a list of scope names without spaces or quotes`);
    }
  }
  if (algorithms.length === 0) problems.push('algorithms must list at least one signing algorithm');
  const weak = algorithms.filter((alg) => alg.toLowerCase() === 'none' || alg.startsWith('HS'));
  if (weak.length > 0) problems.push(`algorithms must not include ${weak.join(', ')}: tokens must be signed with the issuer's private key`);
  if (!Number.isFinite(clockToleranceSec) || clockToleranceSec < 0) problems.push('clockToleranceSec must be a number of seconds >= 0');
  if (!Number.isInteger(jwksTimeoutMs) || jwksTimeoutMs <= 0)
    problems.push('jwksTimeoutMs must be a positive whole number of milliseconds');
  if (problems.length > 0 || audienceUrl === undefined) {
    throw invalidInput(`Invalid OAuth configuration: ${problems.join('; ')}.`, { details: { problems } });
  }
  return {
    issuer,
    audience,
    resourceMetadataUrl: options.resourceMetadataUrl ?? getOAuthProtectedResourceMetadataUrl(audienceUrl),
    requiredScopes,
    algorithms,
    clockToleranceSec,
    jwksTimeoutMs,
    now,
    logger,
  };
}

/**
 * The key lookup jose calls. A remote set's own failures (network, timeout, non-200,
 * bad JSON) are wrapped so they read as "issuer keys unavailable", not as a bad token;
 * key selection failures (unknown `kid`, unsupported `alg`) pass through as-is.
 */
function keyResolver(options: OAuthAuthenticatorOptions, timeoutDuration: number): JWTVerifyGetKey {
  if (options.jwks !== undefined) return createLocalJWKSet(options.jwks);
  const remote = createRemoteJWKSet(new URL(options.jwksUrl as string), { timeoutDuration });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (
        code === 'ERR_JWKS_NO_MATCHING_KEY' ||
        code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' ||
        code === 'ERR_JOSE_NOT_SUPPORTED' ||
        code === 'ERR_JOSE_ALG_NOT_ALLOWED'
      ) {
        throw error;
      }
      throw new KeysUnavailableError(error);
    }
  };
}

/** Scopes from `scope` (RFC 9068/8693: space separated) or `scp` (array or string). */
function readScopes(payload: JWTPayload): string[] | undefined {
  const claim = payload.scope ?? payload.scp;
  if (claim === undefined) return [];
  if (typeof claim === 'string') return claim.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(claim) && claim.every((scope) => typeof scope === 'string')) return [...claim];
  return undefined;
}

function clientIdOf(payload: JWTPayload): string | undefined {
  const clientId = payload.client_id ?? payload.azp;
  return typeof clientId === 'string' ? clientId : undefined;
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function secureOrLoopback(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
