import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidInput } from '../errors/mcpkit-error.js';
import { type Logger, silentLogger } from '../logging/logger-types.js';
import type { Authenticator } from './authenticator.js';
import { invalidToken } from './bearer-challenge.js';
import { readBearerToken } from './bearer-token.js';
import type { Principal } from './principal.js';
import { isValidScope } from './scopes.js';

/** The prefix of keys made by `generateApiKey`: lets secret scanners and people spot them. */
export const API_KEY_PREFIX = 'mcpk_';

/** One accepted API key. Only its hash is ever stored or configured. */
export interface ApiKeyEntry {
  /** Names the key in logs, rate limits and errors: 1–64 of `A-Z a-z 0-9 . _ -`. */
  id: string;
  /** `sha256:<64 hex digits>`, as made by `hashApiKey` (either case of hex digits). */
  hash: string;
  /** What the key may do (`tasks:read`, `tasks:write`, `*` for everything). */
  scopes: readonly string[];
}

export interface ApiKeyAuthenticatorOptions {
  /** The accepted keys; at least one. */
  keys: readonly ApiKeyEntry[];
  /** @default silentLogger */
  logger?: Logger;
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_HASH = /^sha256:[0-9a-fA-F]{64}$/;

/** A new random API key: `mcpk_` + 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The form in which a key is configured: `sha256:<hex>` of its UTF-8 bytes. */
export function hashApiKey(plain: string): string {
  if (plain === '') throw invalidInput('Cannot hash an empty API key: pass the key itself (for example one from generateApiKey()).');
  return `sha256:${sha256(plain).toString('hex')}`;
}

/**
 * Checks `Authorization: Bearer <key>` against configured key hashes. Each presented
 * key is hashed once and compared with every configured digest with
 * `crypto.timingSafeEqual` (equal 32-byte lengths by construction), without stopping at
 * the first match, so timing reveals neither the key nor which entry matched.
 *
 * Entries are validated once, here: a bad id, hash or scope, an empty list or a
 * duplicate throws one `invalid_input` error that lists every problem.
 */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): Authenticator {
  const { keys, logger = silentLogger } = options;
  const problems = apiKeyEntryProblems(keys, (index, id) => `key ${index + 1}${id === undefined ? '' : ` ('${id}')`}`);
  if (keys.length === 0) problems.unshift('no API keys are configured; add at least one (its hash, made with hashApiKey)');
  if (problems.length > 0) {
    throw invalidInput(`Invalid API key configuration: ${problems.join('; ')}.`, { details: { problems } });
  }
  const entries = keys.map((key) => ({
    digest: Buffer.from(key.hash.slice('sha256:'.length), 'hex'),
    principal: Object.freeze({
      id: key.id,
      kind: 'api-key',
      scopes: Object.freeze([...key.scopes]),
      clientId: key.id,
    }) satisfies Principal,
  }));

  return {
    async authenticate(request) {
      const token = readBearerToken(request);
      const presented = sha256(token);
      let match: Principal | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(presented, entry.digest) && match === undefined) match = entry.principal;
      }
      if (match === undefined) {
        logger.info({ reason: 'unknown_api_key' }, 'authentication failed');
        throw invalidToken(
          'The API key is not recognised. Check the key your client sends; keys are issued by the operator of this server.',
        );
      }
      logger.debug({ principal: match.id, kind: match.kind }, 'authenticated');
      return match;
    },
  };
}

/**
 * Every problem with a list of entries, each message prefixed by `label(index, id)`
 * (the id only once it is known to be a well-formed id, never a possible secret).
 * Shared with `parseApiKeysSpec` so config and code reject the same things.
 */
export function apiKeyEntryProblems(entries: readonly ApiKeyEntry[], label: (index: number, id: string | undefined) => string): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const hashes = new Set<string>();
  entries.forEach((entry, index) => {
    const idOk = typeof entry.id === 'string' && KEY_ID.test(entry.id) && !looksLikePlainKey(entry.id);
    const where = label(index, idOk ? entry.id : undefined);
    if (looksLikePlainKey(entry.id) || looksLikePlainKey(entry.hash)) {
      problems.push(
        `${where} looks like a plain API key; configure its hash instead (hashApiKey(key) gives 'sha256:<hex>') and never put plain keys in configuration`,
      );
      return;
    }
    if (!idOk) problems.push(`${where}: the id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
    else if (ids.has(entry.id)) problems.push(`${where}: the id is used by another key; give each key its own id`);
    else ids.add(entry.id);
    if (typeof entry.hash !== 'string' || !KEY_HASH.test(entry.hash)) {
      problems.push(`${where}: the hash must be 'sha256:' followed by 64 hexadecimal digits (as made by hashApiKey)`);
    } else if (hashes.has(entry.hash.toLowerCase())) {
      problems.push(`${where}: the same key hash is configured twice; each key must be distinct`);
    } else hashes.add(entry.hash.toLowerCase());
    problems.push(...scopeProblems(entry.scopes, where));
  });
  return problems;
}

function scopeProblems(scopes: readonly string[] | undefined, where: string): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    return [`${where}: no scopes; give at least one (such as tasks:read) or * for all scopes`];
  }
  return scopes.flatMap((scope: unknown, n: number) => {
    if (typeof scope !== 'string' || !isValidScope(scope)) {
      return [`${where}: scope ${n + 1} is not a valid scope (printable characters, no spaces or quotes)`];
    }
    if (scope.includes(',')) return [`${where}: scope '${scope}' contains a comma; separate scopes with spaces`];
    return [];
  });
}

function looksLikePlainKey(value: unknown): boolean {
  return typeof value === 'string' && value.includes(API_KEY_PREFIX);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
