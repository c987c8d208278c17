import { describe, expect, it } from 'vitest';
import { AuthFailure } from './authenticator.js';
import { formatBearerChallenge, invalidToken, missingCredentials } from './bearer-challenge.js';
import { MAX_BEARER_TOKEN_LENGTH, readBearerToken } from './bearer-token.js';

const TOKEN = 'mcpk_Zm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTA-._~+/=';
const MALFORMED =
  "The Authorization header is malformed: expected 'Bearer', one space, then a single token made of letters, digits and -._~+/ characters (send only one Authorization header).";

function request(headers: Record<string, string> = {}, url = 'https://mcp.example.com/mcp'): Request {
  return new Request(url, { headers });
}

function failureOf(read: () => unknown): AuthFailure {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthFailure);
    return error as AuthFailure;
  }
  throw new Error('expected an AuthFailure');
}

describe('readBearerToken', () => {
  it('returns the token of a well-formed header, whatever the scheme case', () => {
    expect(readBearerToken(request({ authorization: `Bearer ${TOKEN}` }))).toBe(TOKEN);
    expect(readBearerToken(request({ authorization: `bearer ${TOKEN}` }))).toBe(TOKEN);
    expect(readBearerToken(request({ authorization: `BEARER ${TOKEN}` }))).toBe(TOKEN);
  });

  it('answers a missing header with a bare challenge, or scope and resource_metadata when known', () => {
    const bare = failureOf(() => readBearerToken(request()));
    expect(bare.status).toBe(401);
    expect(bare.code).toBe('unauthorized');
    expect(bare.error).toBeUndefined();
    expect(bare.challenge).toBe('Bearer');
    expect(bare.message).toMatch(/Authentication required/);

    const full = failureOf(() => readBearerToken(request(), { scope: ['tasks:read'], resourceMetadataUrl: 'https://x.example/prm' }));
    expect(full.challenge).toBe('Bearer scope="tasks:read", resource_metadata="https://x.example/prm"');
  });

  it('treats another scheme as no credentials (RFC 6750 §3.1: no error code)', () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', `Token ${TOKEN}`, TOKEN]) {
      const failure = failureOf(() => readBearerToken(request({ authorization })));
      expect(failure.error).toBeUndefined();
      expect(failure.challenge).toBe('Bearer');
      expect(failure.message).toMatch(/accepts only bearer tokens/);
      expect(failure.message).not.toContain(TOKEN);
    }
  });

  it('refuses a bearer header without a token', () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer    ']) {
      const failure = failureOf(() => readBearerToken(request({ authorization })));
      expect(failure.error).toBe('invalid_request');
      expect(failure.status).toBe(401);
      expect(failure.challenge).toBe(
        'Bearer error="invalid_request", error_description="The Authorization header says Bearer but carries no token. Send \'Authorization: Bearer <token>\'."',
      );
    }
  });

  it('refuses two spaces, extra words, joined headers and characters outside token68, without echoing the token', () => {
    const headers = [
      `Bearer  ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      `Bearer\t${TOKEN}`,
      `Bearer ${TOKEN}, Bearer other`,
      `Bearer ${TOKEN}"`,
      `Bearer ${TOKEN}=x`,
    ];
    for (const authorization of headers) {
      const failure = failureOf(() => readBearerToken(request({ authorization }), { resourceMetadataUrl: 'https://x.example/prm' }));
      expect(failure.error, authorization).toBe('invalid_request');
      expect(failure.challenge).toBe(
        `Bearer error="invalid_request", error_description="${MALFORMED}", resource_metadata="https://x.example/prm"`,
      );
      expect(failure.message).not.toContain(TOKEN);
      expect(failure.challenge).not.toContain(TOKEN);
    }
  });

  it('refuses an oversized token before anything else', () => {
    const huge = 'a'.repeat(MAX_BEARER_TOKEN_LENGTH + 1);
    const failure = failureOf(() => readBearerToken(request({ authorization: `Bearer ${huge}` })));
    expect(failure.error).toBe('invalid_request');
    expect(failure.message).toMatch(/longer than 8192 characters/);
    expect(readBearerToken(request({ authorization: `Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH)}` }))).toHaveLength(
      MAX_BEARER_TOKEN_LENGTH,
    );
  });

  it('never takes a token from the query string', () => {
    const failure = failureOf(() => readBearerToken(request({}, `https://mcp.example.com/mcp?access_token=${TOKEN}`)));
    expect(failure.error).toBe('invalid_request');
    expect(failure.message).toMatch(/sent in the URL/);
    expect(failure.message).not.toContain(TOKEN);
    expect(failure.challenge).not.toContain(TOKEN);
    // With a header present, the header is what counts.
    expect(readBearerToken(request({ authorization: `Bearer ${TOKEN}` }, 'https://mcp.example.com/mcp?access_token=other'))).toBe(TOKEN);
  });
});

describe('formatBearerChallenge', () => {
  it('orders parameters error, error_description, scope, resource_metadata', () => {
    expect(
      formatBearerChallenge({
        resourceMetadataUrl: 'https://r',
        scope: ['a:read', 'b:write'],
        errorDescription: 'Nope.',
        error: 'insufficient_scope',
      }),
    ).toBe('Bearer error="insufficient_scope", error_description="Nope.", scope="a:read b:write", resource_metadata="https://r"');
    expect(formatBearerChallenge()).toBe('Bearer');
    expect(formatBearerChallenge({ scope: [] })).toBe('Bearer');
  });

  it('keeps descriptions within the RFC 6750 grammar and quotes other values safely', () => {
    expect(formatBearerChallenge({ error: 'invalid_token', errorDescription: 'say "hi" \\ café\r\nX' })).toBe(
      'Bearer error="invalid_token", error_description="say \'hi\' / caf   X"',
    );
    expect(formatBearerChallenge({ resourceMetadataUrl: 'https://r/"x\\' })).toBe('Bearer resource_metadata="https://r/\\"x\\\\"');
  });
});

describe('AuthFailure factories', () => {
  it('builds 401 failures that are McpKitErrors with their status and error', () => {
    const failure = invalidToken('Gone.', { resourceMetadataUrl: 'https://r' }, new Error('inner'));
    expect(failure.status).toBe(401);
    expect(failure.code).toBe('unauthorized');
    expect(failure.details).toEqual({ error: 'invalid_token' });
    expect((failure.cause as Error).message).toBe('inner');
    expect(failure.challenge).toBe('Bearer error="invalid_token", error_description="Gone.", resource_metadata="https://r"');
    expect(missingCredentials('Log in.').details).toBeUndefined();
  });
});
