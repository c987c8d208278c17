import { McpKitError } from '../errors/mcpkit-error.js';
import type { Principal } from './principal.js';

/**
 * What the HTTP host calls once per request, before the request reaches the MCP
 * handler. stdio has no authenticator: the local user is trusted (`localPrincipal()`).
 */
export interface Authenticator {
  /** Resolves the principal for a request, or throws an {@link AuthFailure}. */
  authenticate(request: Request): Promise<Principal>;
  /** RFC 9728 protected-resource metadata document, when in OAuth mode. */
  protectedResourceMetadata?(): Record<string, unknown>;
  /**
   * Where the protected-resource metadata document is served (the URL every challenge
   * advertises as `resource_metadata`), when in OAuth mode.
   */
  readonly resourceMetadataUrl?: string;
}

/** The RFC 6750 §3.1 error codes an authentication failure can carry. */
export type BearerErrorCode = 'invalid_token' | 'insufficient_scope' | 'invalid_request';

export interface AuthFailureInit {
  /** 401: no usable credentials. 403: valid credentials without the needed scope. */
  status: 401 | 403;
  /**
   * The RFC 6750 error code; `undefined` when the request carried no bearer
   * credentials at all, for which RFC 6750 §3.1 says the challenge has no error code.
   */
  error: BearerErrorCode | undefined;
  /** The full `WWW-Authenticate` header value. */
  challenge: string;
  /** Written for the model (and the client's user): what went wrong, what to do. */
  message: string;
  /** The underlying error, for logs only. */
  cause?: unknown;
}

/**
 * A request that cannot go on because of who sent it. The HTTP host answers it with
 * `status`, a `WWW-Authenticate: <challenge>` header and `message`; inside a tool call
 * the error mapping treats it like any other `unauthorized`/`forbidden` McpKitError.
 *
 * Neither `message` nor `challenge` ever contains the presented token.
 */
export class AuthFailure extends McpKitError {
  override readonly status: 401 | 403;
  readonly challenge: string;
  readonly error: BearerErrorCode | undefined;

  constructor(init: AuthFailureInit) {
    super(init.status === 401 ? 'unauthorized' : 'forbidden', init.message, {
      status: init.status,
      ...(init.cause !== undefined && { cause: init.cause }),
      ...(init.error !== undefined && { details: { error: init.error } }),
    });
    this.status = init.status;
    this.challenge = init.challenge;
    this.error = init.error;
  }
}

export function isAuthFailure(error: unknown): error is AuthFailure {
  return error instanceof AuthFailure;
}
