import { describe, expect, it } from 'vitest';
import { isMcpKitError } from '../errors/mcpkit-error.js';
import type { LogFn, Logger } from '../logging/logger-types.js';
import { type ApiKeyEntry, createApiKeyAuthenticator, generateApiKey, hashApiKey } from './api-keys.js';
import { AuthFailure } from './authenticator.js';

const TEST_SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

function request(authorization?: string): Request {
  return new Request('https://mcp.example.com/mcp', { method: 'POST', headers: authorization === undefined ? {} : { authorization } });
}

async function failureOf(promise: Promise<unknown>): Promise<AuthFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthFailure);
  return error as AuthFailure;
}

function configError(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(isMcpKitError(error) && error.code).toBe('invalid_input');
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

/** A logger that records every call, to prove what is (not) logged. */
function recordingLogger(): { logger: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  const log: LogFn = (...args: unknown[]) => {
    lines.push(args);
  };
  const logger: Logger = { trace: log, debug: log, info: log, warn: log, error: log, fatal: log, child: () => logger };
  return { logger, lines };
}

describe('generateApiKey / hashApiKey', () => {
  it('makes distinct mcpk_ keys of 32 random bytes in base64url', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateApiKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^mcpk_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(5), 'base64url')).toHaveLength(32);
    }
  });

  it('hashes to sha256:<hex> of the UTF-8 bytes', () => {
    expect(hashApiKey('test')).toBe(`sha256:${TEST_SHA256}`);
    expect(hashApiKey('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey('clé')).toBe('sha256:51cbcf30514d0802eb5c60a018f384ea3fb9b69307c554ee63ecb43177594de4');
    expect(hashApiKey('a')).not.toBe(hashApiKey('b'));
  });

  it('refuses to hash an empty key', () => {
    expect(configError(() => hashApiKey(''))).toMatch(/Cannot hash an empty API key/);
  });
});

describe('createApiKeyAuthenticator', () => {
  const ciKey = generateApiKey();
  const adminKey = generateApiKey();
  const staticToken = 'legacy-static-token-0123456789';
  const keys: ApiKeyEntry[] = [
    { id: 'ci', hash: hashApiKey(ciKey), scopes: ['tasks:read', 'github:write'] },
    { id: 'admin', hash: hashApiKey(adminKey).toUpperCase().replace('SHA256:', 'sha256:'), scopes: ['*'] },
    { id: 'legacy', hash: hashApiKey(staticToken), scopes: ['weather:read'] },
  ];

  it('accepts each configured key with its own id and scopes', async () => {
    const authenticator = createApiKeyAuthenticator({ keys });
    await expect(authenticator.authenticate(request(`Bearer ${ciKey}`))).resolves.toEqual({
      id: 'ci',
      kind: 'api-key',
      scopes: ['tasks:read', 'github:write'],
      clientId: 'ci',
    });
    await expect(authenticator.authenticate(request(`Bearer ${adminKey}`))).resolves.toMatchObject({ id: 'admin', scopes: ['*'] });
    await expect(authenticator.authenticate(request(`bearer ${staticToken}`))).resolves.toMatchObject({ id: 'legacy' });
    expect(authenticator.protectedResourceMetadata).toBeUndefined();
  });

  it('does not let a caller change the configured scopes through a principal', async () => {
    const authenticator = createApiKeyAuthenticator({ keys });
    const first = await authenticator.authenticate(request(`Bearer ${ciKey}`));
    expect(() => (first.scopes as string[]).push('*')).toThrow();
    const again = await authenticator.authenticate(request(`Bearer ${ciKey}`));
    expect(again.scopes).toEqual(['tasks:read', 'github:write']);
  });

  it('refuses a wrong key with an exact invalid_token challenge that never echoes it', async () => {
    const { logger, lines } = recordingLogger();
    const authenticator = createApiKeyAuthenticator({ keys, logger });
    const wrong = generateApiKey();
    for (const token of [wrong, `${ciKey}x`, ciKey.slice(0, -1), 'test']) {
      const failure = await failureOf(authenticator.authenticate(request(`Bearer ${token}`)));
      expect(failure.status).toBe(401);
      expect(failure.error).toBe('invalid_token');
      expect(failure.message).toBe(
        'The API key is not recognised. Check the key your client sends; keys are issued by the operator of this server.',
      );
      expect(failure.challenge).toBe(`Bearer error="invalid_token", error_description="${failure.message}"`);
      for (const text of [failure.message, failure.challenge, JSON.stringify(failure.details)]) expect(text).not.toContain(token);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(wrong);
  });

  it('accepts the key only from the Authorization header', async () => {
    const authenticator = createApiKeyAuthenticator({ keys });
    const inQuery = new Request(`https://mcp.example.com/mcp?access_token=${ciKey}`);
    const failure = await failureOf(authenticator.authenticate(inQuery));
    expect(failure.error).toBe('invalid_request');
    expect(failure.message).not.toContain(ciKey);

    const other = new Request('https://mcp.example.com/mcp', { headers: { 'x-api-key': ciKey } });
    const missing = await failureOf(authenticator.authenticate(other));
    expect(missing.error).toBeUndefined();
    expect(missing.challenge).toBe('Bearer');
  });

  it('answers malformed Authorization headers without echoing the key', async () => {
    const authenticator = createApiKeyAuthenticator({ keys });
    const basic = await failureOf(authenticator.authenticate(request(`Basic ${Buffer.from(`x:${ciKey}`).toString('base64')}`)));
    expect(basic.error).toBeUndefined();
    expect(basic.challenge).toBe('Bearer');
    for (const header of ['Bearer ', `Bearer  ${ciKey}`, `Bearer ${ciKey} ${ciKey}`]) {
      const failure = await failureOf(authenticator.authenticate(request(header)));
      expect(failure.error).toBe('invalid_request');
      expect(failure.status).toBe(401);
      expect(failure.message).not.toContain(ciKey);
      expect(failure.challenge).not.toContain(ciKey);
    }
  });

  it('refuses bad key configuration once, listing every problem', () => {
    const good = { id: 'ok', hash: `sha256:${TEST_SHA256}`, scopes: ['tasks:read'] };
    expect(configError(() => createApiKeyAuthenticator({ keys: [] }))).toMatch(/no API keys are configured/);
    const message = configError(() =>
      createApiKeyAuthenticator({
        keys: [
          good,
          { id: 'bad id!', hash: 'sha256:abc', scopes: [] },
          { id: 'ok', hash: `md5:${'0'.repeat(32)}`, scopes: ['tasks read'] },
          { id: 'dup-hash', hash: `sha256:${TEST_SHA256.toUpperCase()}`, scopes: ['a:read,b:read'] },
        ],
      }),
    );
    expect(message).toBe(
      'Invalid API key configuration: ' +
        [
          "key 2: the id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
          "key 2: the hash must be 'sha256:' followed by 64 hexadecimal digits (as made by hashApiKey)",
          'key 2: no scopes; give at least one (such as tasks:read) or * for all scopes',
          "key 3 ('ok'): the id is used by another key; give each key its own id",
          "key 3 ('ok'): the hash must be 'sha256:' followed by 64 hexadecimal digits (as made by hashApiKey)",
          "key 3 ('ok'): scope 1 is not a valid scope (printable characters, no spaces or quotes)",
          "key 4 ('dup-hash'): the same key hash is configured twice; each key must be distinct",
          "key 4 ('dup-hash'): scope 'a:read,b:read' contains a comma; separate scopes with spaces",
        ].join('; ') +
        '.',
    );
  });

  it('spots a plain key configured in place of its hash, without repeating it', () => {
    const plain = generateApiKey();
    for (const [entry, where] of [
      [{ id: 'ci', hash: plain, scopes: ['tasks:read'] }, "key 1 ('ci')"],
      [{ id: plain, hash: `sha256:${TEST_SHA256}`, scopes: ['tasks:read'] }, 'key 1'],
    ] as const) {
      const message = configError(() => createApiKeyAuthenticator({ keys: [entry] }));
      expect(message).toContain(`${where} looks like a plain API key; configure its hash instead`);
      expect(message).not.toContain(plain);
    }
  });
});
