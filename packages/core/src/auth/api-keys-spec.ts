import { invalidInput } from '../errors/mcpkit-error.js';
import { API_KEY_PREFIX, type ApiKeyEntry, apiKeyEntryProblems } from './api-keys.js';

/**
 * Reads API keys from one config or env string (e.g. `MCPKIT_API_KEYS`):
 *
 * ```text
 * <id>:sha256:<64 hex digits>:<scope> [<scope> …][;<id>:sha256:<hex>:<scopes>…]
 * ```
 *
 * - entries are separated by `;`; whitespace and newlines around an entry, and empty
 *   entries (a trailing `;`), are ignored, so a multi-line value is fine;
 * - the id comes first and holds no `:`; then the key's hash as made by `hashApiKey`;
 * - everything after the hash's `:` is the scope list, separated by spaces (scopes
 *   contain `:` themselves, as in `tasks:read`); `*` grants every scope.
 *
 * Example: `ci:sha256:9f86…0f00:tasks:read tasks:write;admin:sha256:2c26…e7ae:*`.
 * A blank spec gives no keys. Any malformed entry throws one `invalid_input` error that
 * lists every problem by entry number (and id once known good), never echoing a hash
 * or anything that could be a plain key.
 */
export function parseApiKeysSpec(spec: string): ApiKeyEntry[] {
  const problems: string[] = [];
  const entries: ApiKeyEntry[] = [];
  const positions: number[] = [];
  const texts = spec
    .split(';')
    .map((text) => text.trim())
    .filter((text) => text !== '');
  texts.forEach((text, index) => {
    const parsed = parseEntry(text, `entry ${index + 1}`);
    if (typeof parsed === 'string') problems.push(parsed);
    else {
      entries.push(parsed);
      positions.push(index);
    }
  });
  problems.push(...apiKeyEntryProblems(entries, (n, id) => `entry ${(positions[n] ?? n) + 1}${id === undefined ? '' : ` ('${id}')`}`));
  if (problems.length > 0) {
    throw invalidInput(
      `Invalid API keys spec: ${problems.join('; ')}. The format is '<id>:sha256:<hex>:<scope> <scope>' with entries separated by ';'.`,
      { details: { problems } },
    );
  }
  return entries;
}

/** One entry in the spec format, for printing a config line (the quick start's key). */
export function formatApiKeyEntry(entry: ApiKeyEntry): string {
  return `${entry.id}:${entry.hash}:${entry.scopes.join(' ')}`;
}

/** An entry, or a problem that says what is wrong without repeating the entry's text. */
function parseEntry(text: string, where: string): ApiKeyEntry | string {
  if (text.includes(API_KEY_PREFIX)) {
    return `${where} looks like a plain API key; configure its hash instead (hashApiKey(key) gives 'sha256:<hex>') and never put plain keys in configuration`;
  }
  const idEnd = text.indexOf(':');
  if (idEnd === -1) return `${where} is not of the form '<id>:sha256:<hex>:<scopes>'`;
  const id = text.slice(0, idEnd).trim();
  const rest = text.slice(idEnd + 1);
  if (!rest.startsWith('sha256:')) {
    return `${where}: expected 'sha256:<hex>' right after the id (the only supported hash is sha256)`;
  }
  const afterAlgorithm = rest.slice('sha256:'.length);
  const hexEnd = afterAlgorithm.indexOf(':');
  if (hexEnd === -1) return `${where}: no scopes after the hash; add ':<scope> <scope>' (or ':*' for all scopes)`;
  const hex = afterAlgorithm.slice(0, hexEnd).trim();
  const scopes = afterAlgorithm
    .slice(hexEnd + 1)
    .split(/\s+/)
    .filter((scope) => scope !== '');
  return { id, hash: `sha256:${hex.toLowerCase()}`, scopes };
}
