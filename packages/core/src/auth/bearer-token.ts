import { type ChallengeContext, invalidRequest, missingCredentials } from './bearer-challenge.js';

/** RFC 6750 §2.1 `b64token` (RFC 7235 token68): the only shape a bearer token may have. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Tokens longer than this are refused before any parsing or hashing. */
export const MAX_BEARER_TOKEN_LENGTH = 8192;

export interface ReadBearerTokenOptions extends ChallengeContext {
  /** Scopes advertised in the challenge when the request has no credentials. */
  scope?: readonly string[] | undefined;
}

/**
 * Reads the token from `Authorization: Bearer <token>`, the only place a token is
 * accepted: query strings and form bodies end up in logs and proxies (RFC 6750 §2.3
 * says SHOULD NOT, OAuth 2.1 removes them), so a token there is refused with a hint.
 *
 * Strict on purpose: exactly one space after the scheme and one token68 value, so a
 * header like `Bearer  x`, `Bearer x y` or two joined `Authorization` headers is an
 * `invalid_request`, never a guess. The scheme name is case-insensitive (RFC 7235).
 * Errors never contain the header value.
 */
export function readBearerToken(request: Request, options: ReadBearerTokenOptions = {}): string {
  const context: ChallengeContext = { resourceMetadataUrl: options.resourceMetadataUrl };
  const header = request.headers.get('authorization');
  if (header === null || header === '') {
    if (hasQueryToken(request.url)) {
      throw invalidRequest(
        "The access token was sent in the URL, which this server refuses because URLs are logged. Send it in the Authorization header as 'Authorization: Bearer <token>'.",
        context,
      );
    }
    throw missingCredentials(
      "Authentication required: send 'Authorization: Bearer <token>' with an API key or an OAuth access token for this server.",
      { ...context, scope: options.scope },
    );
  }
  // The scheme ends at the first whitespace of any kind, so `Bearer<TAB>x` is a
  // malformed bearer header rather than an unknown scheme.
  const schemeEnd = header.search(/\s/);
  const scheme = schemeEnd === -1 ? header : header.slice(0, schemeEnd);
  if (scheme.toLowerCase() !== 'bearer') {
    throw missingCredentials(
      "This server accepts only bearer tokens: send 'Authorization: Bearer <token>' (other authentication schemes such as Basic are not supported).",
      { ...context, scope: options.scope },
    );
  }
  const rest = schemeEnd === -1 ? '' : header.slice(schemeEnd);
  if (rest.trim() === '') {
    throw invalidRequest("The Authorization header says Bearer but carries no token. Send 'Authorization: Bearer <token>'.", context);
  }
  const token = rest.slice(1);
  if (token.length > MAX_BEARER_TOKEN_LENGTH) {
    throw invalidRequest(
      `The bearer token is longer than ${MAX_BEARER_TOKEN_LENGTH} characters; send the token exactly as issued.`,
      context,
    );
  }
  if (!rest.startsWith(' ') || !TOKEN68.test(token)) {
    throw invalidRequest(
      "The Authorization header is malformed: expected 'Bearer', one space, then a single token made of letters, digits and -._~+/ characters (send only one Authorization header).",
      context,
    );
  }
  return token;
}

function hasQueryToken(url: string): boolean {
  try {
    return new URL(url).searchParams.has('access_token');
  } catch {
    return false;
  }
}
