import { AuthFailure, type BearerErrorCode } from './authenticator.js';

/** What a `WWW-Authenticate: Bearer …` challenge can say (RFC 6750 §3, RFC 9728 §5.1). */
export interface BearerChallengeParams {
  error?: BearerErrorCode;
  errorDescription?: string;
  /** The scopes the request needs, sent space separated. */
  scope?: readonly string[];
  /** Where clients find the authorization server (RFC 9728). */
  resourceMetadataUrl?: string;
}

/** Where a failure's challenge points the client: shared by every failure of one authenticator. */
export interface ChallengeContext {
  resourceMetadataUrl?: string | undefined;
}

/**
 * Formats a `WWW-Authenticate` value. Parameters come in one fixed order — `error`,
 * `error_description`, `scope`, `resource_metadata` — the order the SDK's own bearer
 * and per-operation scope challenges use, so every challenge one server sends agrees.
 * With no parameters the value is a bare `Bearer` (RFC 7235 allows it).
 */
export function formatBearerChallenge(params: BearerChallengeParams = {}): string {
  const parts: string[] = [];
  if (params.error !== undefined) parts.push(`error="${params.error}"`);
  if (params.errorDescription !== undefined) {
    parts.push(`error_description="${quotedValue(descriptionText(params.errorDescription))}"`);
  }
  if (params.scope !== undefined && params.scope.length > 0) parts.push(`scope="${quotedValue(params.scope.join(' '))}"`);
  if (params.resourceMetadataUrl !== undefined) parts.push(`resource_metadata="${quotedValue(params.resourceMetadataUrl)}"`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

/**
 * The request carried no bearer credentials (no header, or another scheme). RFC 6750
 * §3.1: such a challenge carries no error code, only what the client needs to go and
 * get a token (`scope`, `resource_metadata`).
 */
export function missingCredentials(
  message: string,
  context: ChallengeContext & { scope?: readonly string[] | undefined } = {},
): AuthFailure {
  return new AuthFailure({
    status: 401,
    error: undefined,
    message,
    challenge: formatBearerChallenge({
      ...(context.scope !== undefined && { scope: context.scope }),
      ...(context.resourceMetadataUrl !== undefined && { resourceMetadataUrl: context.resourceMetadataUrl }),
    }),
  });
}

/**
 * The Authorization header is malformed. RFC 6750 suggests 400 for `invalid_request`;
 * the host contract answers every authentication failure 401 (a 401 makes clients fix
 * their credentials, which is what a malformed header needs).
 */
export function invalidRequest(message: string, context: ChallengeContext = {}): AuthFailure {
  return failure('invalid_request', message, context);
}

/** The token is unknown, expired, badly signed, for another audience, or unverifiable. */
export function invalidToken(message: string, context: ChallengeContext = {}, cause?: unknown): AuthFailure {
  return failure('invalid_token', message, context, cause);
}

function failure(error: BearerErrorCode, message: string, context: ChallengeContext, cause?: unknown): AuthFailure {
  return new AuthFailure({
    status: 401,
    error,
    message,
    ...(cause !== undefined && { cause }),
    challenge: formatBearerChallenge({
      error,
      errorDescription: message,
      ...(context.resourceMetadataUrl !== undefined && { resourceMetadataUrl: context.resourceMetadataUrl }),
    }),
  });
}

/** RFC 6750 `error_description` allows printable ASCII except `"` and `\`. */
function descriptionText(text: string): string {
  return text
    .replaceAll('"', "'")
    .replaceAll('\\', '/')
    .replaceAll(/[^\u0020-\u007E]/g, ' ');
}

/** An HTTP quoted-string: escape `\` and `"`, and drop anything a header cannot carry. */
function quotedValue(text: string): string {
  return text.replaceAll(/[\\"]/g, (c) => `\\${c}`).replaceAll(/[^\u0020-\u007E]/g, ' ');
}
