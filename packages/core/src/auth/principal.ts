import type { AuthInfo } from '@modelcontextprotocol/server';

export type PrincipalKind = 'local' | 'api-key' | 'oauth';

/** Who is calling: what rate limits, scope checks and logs key on. Never holds a secret. */
export interface Principal {
  /** `local`, the API key's id, or the OAuth token's `sub`. Unique within its `kind`. */
  id: string;
  kind: PrincipalKind;
  /** Granted scopes (`<toolset>:read`, `<toolset>:write`, `*`); see `scopeSatisfies`. */
  scopes: readonly string[];
  /** The OAuth client the token was issued to (`client_id`/`azp`), or the API key's id. */
  clientId?: string;
  /** When the credentials expire, in seconds since the epoch. */
  expiresAt?: number;
}

/** The stdio principal: the local user started the process, so it may do everything. */
export function localPrincipal(): Principal {
  return { id: 'local', kind: 'local', scopes: ['*'] };
}

/**
 * What `AuthInfo.token` holds. The SDK's type requires a token, but the raw credential
 * stops at the authenticator: nothing downstream may forward it (no token passthrough
 * to upstream APIs), so handlers see this placeholder instead.
 */
export const REDACTED_TOKEN = '[redacted]';

/** The key in `AuthInfo.extra` under which the principal travels. */
const PRINCIPAL_KEY = 'mcpkitPrincipal';

export interface ToAuthInfoOptions {
  /** Stamped on the AuthInfo so the SDK's own scope challenges advertise it too. */
  resourceMetadataUrl?: string | undefined;
}

/**
 * The SDK's `ctx.http.authInfo` for a principal. The principal itself rides along in
 * `extra` so `principalFromAuthInfo` can give it back unchanged inside the handler.
 */
export function toAuthInfo(principal: Principal, options: ToAuthInfoOptions = {}): AuthInfo {
  const copy: Principal = {
    id: principal.id,
    kind: principal.kind,
    scopes: [...principal.scopes],
    ...(principal.clientId !== undefined && { clientId: principal.clientId }),
    ...(principal.expiresAt !== undefined && { expiresAt: principal.expiresAt }),
  };
  return {
    token: REDACTED_TOKEN,
    clientId: principal.clientId ?? principal.id,
    scopes: [...principal.scopes],
    ...(principal.expiresAt !== undefined && { expiresAt: principal.expiresAt }),
    ...(options.resourceMetadataUrl !== undefined && { resourceMetadataUrl: options.resourceMetadataUrl }),
    extra: { [PRINCIPAL_KEY]: copy },
  };
}

/**
 * The principal behind an SDK `AuthInfo`; `undefined` only when there is no AuthInfo
 * (stdio), where callers fall back to `localPrincipal()`.
 *
 * An AuthInfo that `toAuthInfo` did not make (another verifier, a malformed `extra`)
 * still yields a principal, built from its own `clientId` and `scopes` as an OAuth
 * principal — never `undefined`, so a caller's `?? localPrincipal()` cannot turn an
 * unrecognised remote caller into the all-powerful local user.
 */
export function principalFromAuthInfo(authInfo: AuthInfo | undefined): Principal | undefined {
  if (authInfo === undefined) return undefined;
  const carried = authInfo.extra?.[PRINCIPAL_KEY];
  if (isPrincipal(carried)) return carried;
  return {
    id: authInfo.clientId,
    kind: 'oauth',
    scopes: Array.isArray(authInfo.scopes) ? authInfo.scopes.filter((s) => typeof s === 'string') : [],
    clientId: authInfo.clientId,
    ...(typeof authInfo.expiresAt === 'number' && { expiresAt: authInfo.expiresAt }),
  };
}

function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.id === 'string' &&
    (candidate.kind === 'local' || candidate.kind === 'api-key' || candidate.kind === 'oauth') &&
    Array.isArray(candidate.scopes) &&
    candidate.scopes.every((s) => typeof s === 'string') &&
    (candidate.clientId === undefined || typeof candidate.clientId === 'string') &&
    (candidate.expiresAt === undefined || typeof candidate.expiresAt === 'number')
  );
}
