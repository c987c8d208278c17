import { describe, expect, it } from 'vitest';
import { isMcpKitError } from '../errors/mcpkit-error.js';
import { createApiKeyAuthenticator, generateApiKey, hashApiKey } from './api-keys.js';
import { formatApiKeyEntry, parseApiKeysSpec } from './api-keys-spec.js';

const HEX_A = 'a'.repeat(64);
const HEX_B = '0123456789abcdef'.repeat(4);

function specError(spec: string): { message: string; problems: string[] } {
  try {
    parseApiKeysSpec(spec);
  } catch (error) {
    expect(isMcpKitError(error) && error.code).toBe('invalid_input');
    const problems = (error as { details?: { problems?: string[] } }).details?.problems ?? [];
    return { message: (error as Error).message, problems };
  }
  throw new Error('expected the spec to be refused');
}

describe('parseApiKeysSpec', () => {
  it('reads entries with their space-separated scopes (which contain colons)', () => {
    expect(parseApiKeysSpec(`ci:sha256:${HEX_A}:tasks:read tasks:write;admin:sha256:${HEX_B}:*`)).toEqual([
      { id: 'ci', hash: `sha256:${HEX_A}`, scopes: ['tasks:read', 'tasks:write'] },
      { id: 'admin', hash: `sha256:${HEX_B}`, scopes: ['*'] },
    ]);
  });

  it('ignores whitespace, newlines and empty entries, and lowercases the hex', () => {
    const spec = `\n  ci:sha256:${HEX_A.toUpperCase()}:tasks:read   github:read ;\n\n;  other:sha256:${HEX_B}:weather:read;\n`;
    expect(parseApiKeysSpec(spec)).toEqual([
      { id: 'ci', hash: `sha256:${HEX_A}`, scopes: ['tasks:read', 'github:read'] },
      { id: 'other', hash: `sha256:${HEX_B}`, scopes: ['weather:read'] },
    ]);
  });

  it('gives no keys for a blank spec', () => {
    expect(parseApiKeysSpec('')).toEqual([]);
    expect(parseApiKeysSpec('  ; \n ;')).toEqual([]);
  });

  it('round-trips through formatApiKeyEntry into a working authenticator', async () => {
    const key = generateApiKey();
    const line = formatApiKeyEntry({ id: 'local', hash: hashApiKey(key), scopes: ['tasks:read', 'tasks:write'] });
    expect(line).toBe(`local:${hashApiKey(key)}:tasks:read tasks:write`);
    const authenticator = createApiKeyAuthenticator({ keys: parseApiKeysSpec(line) });
    const request = new Request('http://127.0.0.1/mcp', { headers: { authorization: `Bearer ${key}` } });
    await expect(authenticator.authenticate(request)).resolves.toMatchObject({ id: 'local', scopes: ['tasks:read', 'tasks:write'] });
  });

  it.each([
    ['no separator at all', 'justsomething', "entry 1 is not of the form '<id>:sha256:<hex>:<scopes>'"],
    [
      'another hash algorithm',
      `ci:md5:${HEX_A}:tasks:read`,
      "entry 1: expected 'sha256:<hex>' right after the id (the only supported hash is sha256)",
    ],
    [
      'an upper-case algorithm',
      `ci:SHA256:${HEX_A}:tasks:read`,
      "entry 1: expected 'sha256:<hex>' right after the id (the only supported hash is sha256)",
    ],
    ['no scopes part', `ci:sha256:${HEX_A}`, "entry 1: no scopes after the hash; add ':<scope> <scope>' (or ':*' for all scopes)"],
    [
      'an empty scope list',
      `ci:sha256:${HEX_A}:   `,
      "entry 1 ('ci'): no scopes; give at least one (such as tasks:read) or * for all scopes",
    ],
    [
      'a short hash',
      `ci:sha256:${HEX_A.slice(1)}:tasks:read`,
      "entry 1 ('ci'): the hash must be 'sha256:' followed by 64 hexadecimal digits (as made by hashApiKey)",
    ],
    [
      'a non-hex hash',
      `ci:sha256:${'g'.repeat(64)}:tasks:read`,
      "entry 1 ('ci'): the hash must be 'sha256:' followed by 64 hexadecimal digits (as made by hashApiKey)",
    ],
    [
      'an empty id',
      `:sha256:${HEX_A}:tasks:read`,
      "entry 1: the id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    ],
    [
      'an id with spaces',
      `my key:sha256:${HEX_A}:tasks:read`,
      "entry 1: the id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    ],
    [
      'comma-separated scopes',
      `ci:sha256:${HEX_A}:tasks:read,tasks:write`,
      "entry 1 ('ci'): scope 'tasks:read,tasks:write' contains a comma; separate scopes with spaces",
    ],
    [
      'a quoted scope',
      `ci:sha256:${HEX_A}:"tasks:read"`,
      "entry 1 ('ci'): scope 1 is not a valid scope (printable characters, no spaces or quotes)",
    ],
  ])('refuses %s with a message that says what is wrong', (_name, spec, problem) => {
    const { message, problems } = specError(spec);
    expect(problems).toEqual([problem]);
    expect(message).toBe(
      `Invalid API keys spec: ${problem}. The format is '<id>:sha256:<hex>:<scope> <scope>' with entries separated by ';'.`,
    );
  });

  it('lists every problem of every entry, numbered by position, in one error', () => {
    const { problems } = specError(`ok:sha256:${HEX_A}:tasks:read;broken;ok:sha256:${HEX_B}:x:read;twin:sha256:${HEX_A}:y:read`);
    expect(problems).toEqual([
      "entry 2 is not of the form '<id>:sha256:<hex>:<scopes>'",
      "entry 3 ('ok'): the id is used by another key; give each key its own id",
      "entry 4 ('twin'): the same key hash is configured twice; each key must be distinct",
    ]);
  });

  it('never echoes a plain key or a custom secret pasted into the spec', () => {
    const key = generateApiKey();
    for (const spec of [key, `ci:${key}:tasks:read`, `ci:sha256:${key}:tasks:read`, `${key}:sha256:${HEX_A}:tasks:read`]) {
      const { message, problems } = specError(spec);
      expect(problems).toEqual([
        "entry 1 looks like a plain API key; configure its hash instead (hashApiKey(key) gives 'sha256:<hex>') and never put plain keys in configuration",
      ]);
      expect(message).not.toContain(key);
      expect(message).not.toContain(key.slice(5));
    }
    const secret = 'hunter2-super-secret-value';
    for (const spec of [secret, `ci:${secret}:tasks:read`, `ci:sha256:${secret}:tasks:read`]) {
      expect(specError(spec).message).not.toContain(secret);
    }
  });
});
