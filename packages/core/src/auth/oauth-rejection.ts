/** Why an access token was refused: a log reason and a description for the client. */
export interface TokenRejection {
  /** Short, stable, for logs and metrics. */
  reason: string;
  /** Sent as the error message and the challenge's `error_description`. */
  description: string;
  cause?: unknown;
}

/** The issuer's key set could not be fetched or read: not the token's fault. */
export class KeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The JSON Web Key Set could not be fetched', { cause });
    this.name = 'KeysUnavailableError';
  }
}

export interface RejectionContext {
  issuer: string;
  audience: string;
  algorithms: readonly string[];
}

const RETRY_WITH_NEW_TOKEN = 'Get a new access token from the authorization server and retry.';

/**
 * Turns a verification error into words a client (and the model behind it) can act on.
 * Descriptions are fixed text plus configuration values (issuer, audience, algorithms):
 * never jose's message, never a claim value, never the token.
 */
export function describeRejection(error: unknown, context: RejectionContext): TokenRejection {
  if (error instanceof KeysUnavailableError) {
    return {
      reason: 'keys_unavailable',
      description:
        "The issuer's signing keys could not be fetched, so the access token cannot be checked. Retry shortly; if this persists, the server's operator should check its JWKS URL.",
      cause: error.cause,
    };
  }
  const { code, claim, reason } = error as { code?: unknown; claim?: unknown; reason?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return { reason: 'expired', description: `The access token has expired. ${RETRY_WITH_NEW_TOKEN}` };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claimRejection(String(claim), String(reason), context);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'bad_signature', description: `The access token's signature is invalid. ${RETRY_WITH_NEW_TOKEN}` };
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return {
        reason: 'unknown_key',
        description: `The access token is signed with a key the issuer does not publish. ${RETRY_WITH_NEW_TOKEN}`,
      };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return {
        reason: 'alg_not_allowed',
        description: `The access token's signing algorithm is not accepted here (accepted: ${context.algorithms.join(', ')}). ${RETRY_WITH_NEW_TOKEN}`,
      };
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return {
        reason: 'malformed',
        description: 'The access token is not a valid signed JWT. Send the access token exactly as the authorization server issued it.',
      };
    default:
      return {
        reason: 'unverifiable',
        description: `The access token could not be verified. ${RETRY_WITH_NEW_TOKEN}`,
        cause: error,
      };
  }
}

function claimRejection(claim: string, reason: string, context: RejectionContext): TokenRejection {
  switch (claim) {
    case 'aud':
      return {
        reason: 'wrong_audience',
        description: `The access token was not issued for this server: its audience must include ${context.audience}. Request a token for that resource.`,
      };
    case 'iss':
      return {
        reason: 'wrong_issuer',
        description: `The access token comes from an issuer this server does not trust; it accepts tokens from ${context.issuer} only.`,
      };
    case 'nbf':
      return {
        reason: 'not_yet_valid',
        description:
          'The access token is not valid yet (its nbf time is in the future). Retry shortly, or check the clocks of the client and the authorization server.',
      };
    case 'exp':
      return {
        reason: 'no_expiry',
        description: `The access token has no valid expiry (exp); this server accepts only tokens that expire. ${RETRY_WITH_NEW_TOKEN}`,
      };
    case 'sub':
      return { reason: 'no_subject', description: `The access token has no subject (sub). ${RETRY_WITH_NEW_TOKEN}` };
    default:
      return {
        reason: `bad_claim_${reason === 'missing' ? 'missing' : 'invalid'}`,
        description: `The access token's ${/^[a-z_]{1,32}$/.test(claim) ? `${claim} claim` : 'claims'} failed validation. ${RETRY_WITH_NEW_TOKEN}`,
      };
  }
}
