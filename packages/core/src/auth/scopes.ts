import { AuthFailure } from './authenticator.js';
import { formatBearerChallenge } from './bearer-challenge.js';
import type { Principal } from './principal.js';

/** The scope that grants everything (the stdio user, an operator's admin key). */
export const ALL_SCOPES = '*';

/** RFC 6749 §3.3 `scope-token`: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\u0021\u0023-\u005B\u005D-\u007E]+$/;

export function isValidScope(scope: string): boolean {
  return SCOPE_TOKEN.test(scope);
}

/**
 * The one scope rule of mcpkit: does what was granted cover `required`?
 *
 * - `*` grants everything;
 * - a scope grants itself (exact, case-sensitive match);
 * - `<toolset>:write` also grants `<toolset>:read` (whoever may change may look).
 *
 * Nothing else: no prefix or wildcard matching such as `tasks:*`.
 */
export function scopeSatisfies(granted: string | readonly string[], required: string): boolean {
  const grants = typeof granted === 'string' ? [granted] : granted;
  return grants.some((scope) => singleScopeSatisfies(scope, required));
}

function singleScopeSatisfies(granted: string, required: string): boolean {
  if (granted === ALL_SCOPES || granted === required) return true;
  if (!required.endsWith(':read')) return false;
  const toolset = required.slice(0, -':read'.length);
  return toolset !== '' && granted === `${toolset}:write`;
}

/** Whether the principal's scopes cover every one of `required` (true for none). */
export function hasScopes(principal: Pick<Principal, 'scopes'>, required: readonly string[]): boolean {
  return missingScopes(principal, required).length === 0;
}

/** The scopes of `required` the principal's scopes do not cover, in their given order. */
export function missingScopes(principal: Pick<Principal, 'scopes'>, required: readonly string[]): string[] {
  return required.filter((scope) => !scopeSatisfies(principal.scopes, scope));
}

export interface InsufficientScopeOptions {
  /** Advertised as `resource_metadata` so an OAuth client can go and re-authorize. */
  resourceMetadataUrl?: string | undefined;
}

/**
 * The 403 for a principal that lacks scopes:
 * `Bearer error="insufficient_scope", error_description="…", scope="…", resource_metadata="…"`.
 *
 * `scope` lists the scopes this request needs, not everything the client holds: under
 * the 2026-07-28 MCP revision (and RFC 6750 §3.1) the client adds them to what it
 * already asked for when it re-authorizes.
 */
export function insufficientScope(required: readonly string[], options: InsufficientScopeOptions = {}): AuthFailure {
  const list = required.join(', ');
  const message =
    required.length === 1
      ? `Insufficient scope: this request needs the scope ${list}, which these credentials do not grant. Re-authorize with that scope, or use an API key that has it.`
      : `Insufficient scope: this request needs the scopes ${list}, which these credentials do not all grant. Re-authorize with those scopes, or use an API key that has them.`;
  return new AuthFailure({
    status: 403,
    error: 'insufficient_scope',
    message,
    challenge: formatBearerChallenge({
      error: 'insufficient_scope',
      errorDescription: message,
      scope: required,
      ...(options.resourceMetadataUrl !== undefined && { resourceMetadataUrl: options.resourceMetadataUrl }),
    }),
  });
}
