import { forbidden, invalidInput } from '@mcpkit/core';
import type { RepoPolicy } from '../access/repo-policy.js';

/** GitHub refuses longer search queries (422). */
export const MAX_QUERY_CHARS = 256;

const SCOPE_QUALIFIER = /(?:^|\s)(-?)(repo|org|user):("[^"]*"|\S+)/gi;

/**
 * A search query narrowed to the allow-list, so GitHub searches only allowed repositories (and
 * its totals count only those): `repo:` and `user:` qualifiers for the patterns are added unless
 * the query already names its own scope, which must then lie inside the list. GitHub ORs scope
 * qualifiers, so one `org:` outside the list would widen any other; it is refused, not passed on.
 * Without an allow-list the query is returned as it is.
 */
export function scopedQuery(policy: RepoPolicy, query: string): string {
  if (!policy.restricted) return query;
  const owners = new Set(
    policy.patterns.filter((pattern) => pattern.trim().endsWith('/*')).map((pattern) => pattern.trim().split('/')[0]?.toLowerCase()),
  );
  let scoped = false;
  for (const match of query.matchAll(SCOPE_QUALIFIER)) {
    const [, negated, key = '', raw = ''] = match;
    if (negated === '-') continue;
    const value = raw.replace(/^"|"$/g, '');
    scoped = true;
    if (key.toLowerCase() === 'repo') {
      const [owner = '', name = ''] = value.split('/');
      policy.check(owner, name);
    } else if (!owners.has(value.toLowerCase())) {
      throw forbidden(
        `${key}:${value} would search repositories outside the ones this server may use (${policy.patterns.join(', ')}). Use repo: with one of those, or leave the scope out.`,
      );
    }
  }
  if (scoped) return query;
  const qualifiers = policy.patterns.map((pattern) => {
    const [owner = '', name = ''] = pattern.trim().split('/');
    return name === '*' ? `user:${owner}` : `repo:${owner}/${name}`;
  });
  const narrowed = `${query} ${qualifiers.join(' ')}`;
  if (narrowed.length > MAX_QUERY_CHARS) {
    throw invalidInput(
      `Limited to the allowed repositories, the query is ${narrowed.length} characters, more than GitHub's ${MAX_QUERY_CHARS}. Shorten it, or add repo:owner/name for one allowed repository.`,
    );
  }
  return narrowed;
}
