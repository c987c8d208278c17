import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMcpKitError } from '../errors/mcpkit-error.js';
import { AuthFailure } from './authenticator.js';
import { createOAuthAuthenticator, type OAuthAuthenticatorOptions } from './oauth.js';
import { hasScopes, insufficientScope } from './scopes.js';

const ISSUER = 'https://auth.example.com';
const AUDIENCE = 'https://mcp.example.com/mcp';
const METADATA_URL = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
/** A fixed clock (2027-01-15): every time claim below is relative to it. */
const NOW = 1_800_000_000;
const now = () => new Date(NOW * 1000);

interface SigningKey {
  privateKey: CryptoKey;
  jwk: JWK;
  alg: 'ES256' | 'RS256';
  kid: string;
}

async function signingKey(alg: 'ES256' | 'RS256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, alg, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function claims(overrides: JWTPayload = {}): JWTPayload {
  return { iss: ISSUER, aud: AUDIENCE, sub: 'user-42', iat: NOW - 60, exp: NOW + 3600, scope: 'tasks:read tasks:write', ...overrides };
}

async function sign(key: SigningKey, payload: JWTPayload = claims(), kid = key.kid): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid, typ: 'at+jwt' }).sign(key.privateKey);
}

function request(authorization?: string, url = 'https://mcp.example.com/mcp'): Request {
  return new Request(url, { method: 'POST', headers: authorization === undefined ? {} : { authorization } });
}

async function failureOf(promise: Promise<unknown>): Promise<AuthFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthFailure);
  return error as AuthFailure;
}

/** No trace of the token (nor its signature) in anything a client or a log could see. */
function expectNoLeak(failure: AuthFailure, token: string) {
  const signature = token.split('.')[2] ?? token;
  const visible = [failure.message, failure.challenge, JSON.stringify(failure.details ?? {}), String(failure.cause ?? '')];
  for (const text of visible) {
    expect(text).not.toContain(token);
    if (signature.length > 8) expect(text).not.toContain(signature);
  }
}

function invalidTokenChallenge(description: string): string {
  return `Bearer error="invalid_token", error_description="${description}", resource_metadata="${METADATA_URL}"`;
}

let es: SigningKey;
let rs: SigningKey;
let stranger: SigningKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  [es, rs, stranger] = await Promise.all([signingKey('ES256', 'es-1'), signingKey('RS256', 'rs-1'), signingKey('ES256', 'stranger')]);
  jwks = { keys: [es.jwk, rs.jwk] };
});

function localAuthenticator(overrides: Partial<OAuthAuthenticatorOptions> = {}) {
  return createOAuthAuthenticator({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks,
    scopesSupported: ['tasks:read', 'tasks:write'],
    now,
    ...overrides,
  });
}

describe('createOAuthAuthenticator with a local JWKS', () => {
  it('accepts a valid ES256 token and builds the principal from its claims', async () => {
    const token = await sign(es, claims({ client_id: 'claude-desktop' }));
    const principal = await localAuthenticator().authenticate(request(`Bearer ${token}`));
    expect(principal).toEqual({
      id: 'user-42',
      kind: 'oauth',
      scopes: ['tasks:read', 'tasks:write'],
      clientId: 'claude-desktop',
      expiresAt: NOW + 3600,
    });
  });

  it('accepts RS256, aud as an array, scp as an array and azp as the client', async () => {
    const token = await sign(
      rs,
      claims({ aud: ['https://other.example.com', AUDIENCE], scope: undefined, scp: ['tasks:read'], azp: 'cli' }),
    );
    const principal = await localAuthenticator().authenticate(request(`bearer ${token}`));
    expect(principal.scopes).toEqual(['tasks:read']);
    expect(principal.clientId).toBe('cli');
  });

  it('gives a token without scope claims no scopes', async () => {
    const token = await sign(es, claims({ scope: undefined }));
    const principal = await localAuthenticator().authenticate(request(`Bearer ${token}`));
    expect(principal.scopes).toEqual([]);
    expect(principal.clientId).toBeUndefined();
  });

  it('refuses an expired token, and honours the clock tolerance at the edge', async () => {
    const expired = await sign(es, claims({ exp: NOW - 31 }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${expired}`)));
    expect(failure.status).toBe(401);
    expect(failure.error).toBe('invalid_token');
    expect(failure.challenge).toBe(
      invalidTokenChallenge('The access token has expired. Get a new access token from the authorization server and retry.'),
    );
    expectNoLeak(failure, expired);

    const justExpired = await sign(es, claims({ exp: NOW - 29 }));
    await expect(localAuthenticator().authenticate(request(`Bearer ${justExpired}`))).resolves.toMatchObject({ id: 'user-42' });
    await expect(localAuthenticator({ clockToleranceSec: 0 }).authenticate(request(`Bearer ${justExpired}`))).rejects.toThrow(
      /has expired/,
    );
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await sign(es, claims({ nbf: NOW + 120 }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.challenge).toBe(
      invalidTokenChallenge(
        'The access token is not valid yet (its nbf time is in the future). Retry shortly, or check the clocks of the client and the authorization server.',
      ),
    );
    expectNoLeak(failure, token);
  });

  it('refuses a token issued for another audience, and says which one it needs', async () => {
    const token = await sign(es, claims({ aud: 'https://other.example.com/mcp' }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.status).toBe(401);
    expect(failure.message).toBe(
      `The access token was not issued for this server: its audience must include ${AUDIENCE}. Request a token for that resource.`,
    );
    expect(failure.challenge).toBe(invalidTokenChallenge(failure.message));
    expectNoLeak(failure, token);
  });

  it('refuses a token without an audience', async () => {
    const token = await sign(es, claims({ aud: undefined }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.message).toMatch(/not issued for this server/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await sign(es, claims({ iss: 'https://evil.example.com' }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.challenge).toBe(
      invalidTokenChallenge(`The access token comes from an issuer this server does not trust; it accepts tokens from ${ISSUER} only.`),
    );
    expectNoLeak(failure, token);
  });

  it('refuses tokens without exp or without sub', async () => {
    const noExp = await sign(es, claims({ exp: undefined }));
    const noSub = await sign(es, claims({ sub: undefined }));
    const a = await failureOf(localAuthenticator().authenticate(request(`Bearer ${noExp}`)));
    const b = await failureOf(localAuthenticator().authenticate(request(`Bearer ${noSub}`)));
    expect(a.message).toMatch(/no valid expiry \(exp\)/);
    expect(b.message).toMatch(/no subject \(sub\)/);
    const numericSub = await sign(es, claims({ sub: 42 as unknown as string }));
    const c = await failureOf(localAuthenticator().authenticate(request(`Bearer ${numericSub}`)));
    expect(c.message).toMatch(/no usable subject \(sub\)/);
  });

  it('refuses a token whose scope claim is malformed', async () => {
    const token = await sign(es, claims({ scope: 42 as unknown as string }));
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.error).toBe('invalid_token');
    expect(failure.message).toMatch(/malformed scope claim/);
  });

  it('refuses a token with a tampered payload or signature', async () => {
    const token = await sign(es);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const elevated = Buffer.from(JSON.stringify({ ...claims(), sub: 'admin', scope: '*' })).toString('base64url');
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    for (const forged of [`${header}.${elevated}.${signature}`, `${header}.${payload}.${flipped}`]) {
      const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${forged}`)));
      expect(failure.challenge).toBe(
        invalidTokenChallenge("The access token's signature is invalid. Get a new access token from the authorization server and retry."),
      );
      expectNoLeak(failure, forged);
    }
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const token = new UnsecuredJWT({ ...claims(), scope: '*' }).encode();
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.status).toBe(401);
    expect(failure.error).toBe('invalid_token');
    expect(failure.message).toBe(
      "The access token's signing algorithm is not accepted here (accepted: RS256, ES256, EdDSA). Get a new access token from the authorization server and retry.",
    );
    expectNoLeak(failure, token);
  });

  it('refuses an HMAC token signed with a public key as the secret (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(es.jwk));
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: es.kid }).sign(secret);
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${token}`)));
    expect(failure.message).toMatch(/signing algorithm is not accepted/);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const unknownKid = await sign(stranger);
    const failure = await failureOf(localAuthenticator().authenticate(request(`Bearer ${unknownKid}`)));
    expect(failure.challenge).toBe(
      invalidTokenChallenge(
        'The access token is signed with a key the issuer does not publish. Get a new access token from the authorization server and retry.',
      ),
    );
    expectNoLeak(failure, unknownKid);

    const reusedKid = await sign(stranger, claims(), es.kid);
    const second = await failureOf(localAuthenticator().authenticate(request(`Bearer ${reusedKid}`)));
    expect(second.message).toMatch(/signature is invalid/);
  });

  it('refuses a token that is not a JWT', async () => {
    const failure = await failureOf(localAuthenticator().authenticate(request('Bearer not-a-jwt')));
    expect(failure.challenge).toBe(
      invalidTokenChallenge(
        'The access token is not a valid signed JWT. Send the access token exactly as the authorization server issued it.',
      ),
    );
  });

  it('answers a request without credentials with a challenge that has no error code', async () => {
    const failure = await failureOf(localAuthenticator().authenticate(request()));
    expect(failure.status).toBe(401);
    expect(failure.error).toBeUndefined();
    expect(failure.challenge).toBe(`Bearer scope="tasks:read tasks:write", resource_metadata="${METADATA_URL}"`);

    const required = await failureOf(localAuthenticator({ requiredScopes: ['tasks:read'] }).authenticate(request()));
    expect(required.challenge).toBe(`Bearer scope="tasks:read", resource_metadata="${METADATA_URL}"`);
  });

  it('treats another scheme as no credentials, and a malformed bearer header as invalid_request', async () => {
    const token = await sign(es);
    const basic = await failureOf(localAuthenticator().authenticate(request('Basic dXNlcjpwYXNz')));
    expect(basic.error).toBeUndefined();
    expect(basic.challenge).toBe(`Bearer scope="tasks:read tasks:write", resource_metadata="${METADATA_URL}"`);

    const malformed =
      "The Authorization header is malformed: expected 'Bearer', one space, then a single token made of letters, digits and -._~+/ characters (send only one Authorization header).";
    for (const header of [`Bearer  ${token}`, `Bearer ${token} extra`, `Bearer ${token}, Bearer ${token}`]) {
      const failure = await failureOf(localAuthenticator().authenticate(request(header)));
      expect(failure.status).toBe(401);
      expect(failure.error).toBe('invalid_request');
      expect(failure.challenge).toBe(
        `Bearer error="invalid_request", error_description="${malformed}", resource_metadata="${METADATA_URL}"`,
      );
      expectNoLeak(failure, token);
    }
    const empty = await failureOf(localAuthenticator().authenticate(request('Bearer')));
    expect(empty.error).toBe('invalid_request');
    expect(empty.message).toMatch(/carries no token/);
  });

  it('refuses a token in the query string even when it is valid', async () => {
    const token = await sign(es);
    const failure = await failureOf(localAuthenticator().authenticate(request(undefined, `${AUDIENCE}?access_token=${token}`)));
    expect(failure.error).toBe('invalid_request');
    expect(failure.message).toMatch(/sent in the URL/);
    expectNoLeak(failure, token);
  });

  it('refuses with 403 insufficient_scope when requiredScopes are missing', async () => {
    const token = await sign(es, claims({ scope: 'tasks:read' }));
    const authenticator = localAuthenticator({ requiredScopes: ['tasks:read', 'tasks:write'] });
    const failure = await failureOf(authenticator.authenticate(request(`Bearer ${token}`)));
    expect(failure.status).toBe(403);
    expect(failure.error).toBe('insufficient_scope');
    expect(failure.challenge).toBe(
      `Bearer error="insufficient_scope", error_description="${failure.message}", scope="tasks:write", resource_metadata="${METADATA_URL}"`,
    );
    expectNoLeak(failure, token);

    const writer = await sign(es, claims({ scope: 'tasks:write' }));
    await expect(authenticator.authenticate(request(`Bearer ${writer}`))).resolves.toMatchObject({ scopes: ['tasks:write'] });
  });

  it('leaves per-tool scopes to hasScopes / insufficientScope', async () => {
    const token = await sign(es, claims({ scope: 'tasks:read' }));
    const principal = await localAuthenticator().authenticate(request(`Bearer ${token}`));
    expect(hasScopes(principal, ['tasks:read'])).toBe(true);
    expect(hasScopes(principal, ['tasks:write'])).toBe(false);
    const failure = insufficientScope(['tasks:write'], { resourceMetadataUrl: METADATA_URL });
    expect(failure.status).toBe(403);
    expect(failure.challenge).toBe(
      `Bearer error="insufficient_scope", error_description="${failure.message}", scope="tasks:write", resource_metadata="${METADATA_URL}"`,
    );
  });

  it('serves the RFC 9728 metadata document, as a fresh copy each time', () => {
    const authenticator = localAuthenticator({ resourceName: 'mcpkit tasks' });
    const document = authenticator.protectedResourceMetadata?.();
    expect(document).toEqual({
      resource: AUDIENCE,
      authorization_servers: [ISSUER],
      scopes_supported: ['tasks:read', 'tasks:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'mcpkit tasks',
    });
    (document?.scopes_supported as string[] | undefined)?.push('mutated');
    expect(authenticator.protectedResourceMetadata?.().scopes_supported).toEqual(['tasks:read', 'tasks:write']);
    expect(authenticator.resourceMetadataUrl).toBe(METADATA_URL);
    expect(localAuthenticator({ resourceMetadataUrl: 'https://mcp.example.com/prm' }).resourceMetadataUrl).toBe(
      'https://mcp.example.com/prm',
    );
  });

  it('rejects bad options once, listing every problem', () => {
    const attempt = (overrides: Partial<OAuthAuthenticatorOptions>) => {
      try {
        localAuthenticator(overrides);
      } catch (error) {
        expect(isMcpKitError(error) && error.code).toBe('invalid_input');
        return (error as Error).message;
      }
      throw new Error('expected the options to be refused');
    };
    expect(attempt({ jwksUrl: 'https://auth.example.com/jwks' })).toMatch(/exactly one of jwksUrl .* or jwks/);
    expect(attempt({ jwks: undefined })).toMatch(/exactly one of jwksUrl/);
    expect(attempt({ issuer: 'http://auth.example.com' })).toMatch(/issuer must use https/);
    expect(attempt({ jwks: undefined, jwksUrl: 'http://auth.example.com/jwks' })).toMatch(/jwksUrl must be an https URL/);
    expect(localAuthenticator({ issuer: 'http://localhost:9000' }).protectedResourceMetadata?.().authorization_servers).toEqual([
      'http://localhost:9000',
    ]);
    expect(attempt({ audience: 'mcp' })).toMatch(/audience must be/);
    expect(attempt({ algorithms: ['ES256', 'none', 'HS256'] })).toMatch(/must not include none, HS256/);
    expect(attempt({ algorithms: [] })).toMatch(/at least one signing algorithm/);
    expect(attempt({ clockToleranceSec: -1 })).toMatch(/clockToleranceSec/);
    expect(attempt({ jwksTimeoutMs: 0 })).toMatch(/jwksTimeoutMs/);
    expect(attempt({ scopesSupported: ['tasks read'] })).toMatch(/scopesSupported must be/);
    const both = attempt({ issuer: 'nope', jwksTimeoutMs: 1.5 });
    expect(both).toMatch(/issuer must be an absolute URL; .*jwksTimeoutMs/);
  });
});

describe('createOAuthAuthenticator with a remote JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let fetches = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      fetches++;
      if (req.url !== '/jwks') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks));
    });
    jwksUrl = `http://127.0.0.1:${(await listen(server)).port}/jwks`;
  });
  afterAll(() => close(server));

  const remoteAuthenticator = (url: string, overrides: Partial<OAuthAuthenticatorOptions> = {}) =>
    createOAuthAuthenticator({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url, scopesSupported: ['tasks:read'], now, ...overrides });

  it('fetches the key set once and verifies tokens against it', async () => {
    const before = fetches;
    const authenticator = remoteAuthenticator(jwksUrl);
    for (const key of [es, rs, es]) {
      const principal = await authenticator.authenticate(request(`Bearer ${await sign(key)}`));
      expect(principal.id).toBe('user-42');
    }
    expect(fetches - before).toBe(1);
  });

  it('still refuses tokens the fetched keys do not verify', async () => {
    const authenticator = remoteAuthenticator(jwksUrl);
    const wrongAudience = await sign(es, claims({ aud: 'https://elsewhere.example.com' }));
    await expect(authenticator.authenticate(request(`Bearer ${wrongAudience}`))).rejects.toThrow(/not issued for this server/);
    const unknown = await sign(stranger);
    const failure = await failureOf(authenticator.authenticate(request(`Bearer ${unknown}`)));
    expect(failure.message).toMatch(/key the issuer does not publish/);
  });

  const keysUnavailable = invalidTokenChallenge(
    "The issuer's signing keys could not be fetched, so the access token cannot be checked. Retry shortly; if this persists, the server's operator should check its JWKS URL.",
  );

  it('answers 401 invalid_token when the JWKS server is down', async () => {
    const down = createServer();
    const port = (await listen(down)).port;
    await close(down);
    const token = await sign(es);
    const failure = await failureOf(remoteAuthenticator(`http://127.0.0.1:${port}/jwks`).authenticate(request(`Bearer ${token}`)));
    expect(failure.status).toBe(401);
    expect(failure.error).toBe('invalid_token');
    expect(failure.challenge).toBe(keysUnavailable);
    expectNoLeak(failure, token);
  });

  it('answers 401 invalid_token when the JWKS endpoint fails', async () => {
    const failure = await failureOf(
      remoteAuthenticator(jwksUrl.replace('/jwks', '/missing')).authenticate(request(`Bearer ${await sign(es)}`)),
    );
    expect(failure.challenge).toBe(keysUnavailable);
  });

  it('does not hang on a JWKS server that never answers', async () => {
    const requests: string[] = [];
    const silent = createServer((req) => {
      requests.push(req.url ?? '');
    });
    const port = (await listen(silent)).port;
    try {
      const authenticator = remoteAuthenticator(`http://127.0.0.1:${port}/jwks`, { jwksTimeoutMs: 200 });
      const started = Date.now();
      const failure = await failureOf(authenticator.authenticate(request(`Bearer ${await sign(es)}`)));
      expect(failure.challenge).toBe(keysUnavailable);
      expect(requests).toEqual(['/jwks']);
      // Generous bound (15x the timeout) that still tells 200 ms from jose's 5 s default.
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.closeAllConnections();
      await close(silent);
    }
  });
});

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
