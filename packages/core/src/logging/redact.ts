/**
 * Secret scrubbing for everything that leaves the process as text: log lines and
 * error messages. Two nets, because neither alone is enough: values under a
 * secret-sounding key are dropped whatever they look like, and strings anywhere are
 * searched for things shaped like credentials (bearer tokens, JWTs, GitHub and
 * mcpkit tokens, passwords in URLs).
 */
export const REDACTED = '[redacted]';

const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|token|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|secret|password|passwd|private[-_]?key|database[-_]?url|redis[-_]?url)$/i;

type Replacer = (match: string, ...groups: string[]) => string;
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, Replacer]> = [
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => REDACTED],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, () => REDACTED],
  [/\bmcpk_[A-Za-z0-9_-]{16,}/g, () => REDACTED],
  [/\bsha256:[0-9a-f]{64}\b/g, () => REDACTED],
  // Keep a URL's scheme and user so the line still says which service it was.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, (_m, prefix) => `${prefix}${REDACTED}@`],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Replaces credential-shaped substrings of a string. */
/**
 * One cheap test that every pattern above needs to pass: most strings in a log record
 * (ids, tool names, outcomes) match none, and skip the replacements entirely.
 */
const MAYBE_SECRET = /bearer|basic|token|eyj|gh[pousr]_|github_pat_|mcpk_|sha256:|:\/\/[^\s/]*@/i;

export function redactString(value: string): string {
  if (value.length < 8 || !MAYBE_SECRET.test(value)) return value;
  let out = value;
  for (const [pattern, replace] of SECRET_PATTERNS) out = out.replace(pattern, replace as (m: string) => string);
  return out;
}

/**
 * A value with secrets removed by key and by pattern: the value itself when nothing in it
 * needs redacting (the common case for a log record, checked without copying), otherwise
 * a deep copy. Cycles are cut.
 */
export function redactSecrets<T>(value: T): T {
  return needsRedaction(value, 0) ? redactCopy(value, new WeakSet()) : value;
}

/** Whether anything in `value` would be redacted. Deep or odd values answer yes, to be safe. */
function needsRedaction(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return redactString(value) !== value;
  if (value === null || typeof value !== 'object') return false;
  if (depth > 8 || value instanceof Error) return true;
  if (Array.isArray(value)) return value.some((item) => needsRedaction(item, depth + 1));
  for (const key in value) {
    if (isSecretKey(key) || needsRedaction((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

function redactCopy<T>(value: T, seen: WeakSet<object>): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]' as T;
  seen.add(value);
  if (value instanceof Error) {
    const copy: Record<string, unknown> = {
      type: value.name,
      message: redactString(value.message),
      ...(value.stack !== undefined && { stack: redactString(value.stack) }),
    };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) copy.code = code;
    if (value.cause !== undefined) copy.cause = redactCopy(value.cause, seen);
    return copy as T;
  }
  if (Array.isArray(value)) return value.map((item) => redactCopy(item, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redactCopy(item, seen);
  }
  return out as T;
}
