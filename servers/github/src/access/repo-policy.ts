import { ConfigError, forbidden } from '@mcpkit/core';

/**
 * The repositories a deployment lets the server touch (`--repos owner/name,owner/*`),
 * checked on every call that names a repository and applied to search results. Empty
 * means any repository the token can reach.
 */
export interface RepoPolicy {
  readonly restricted: boolean;
  allows(owner: string, repo: string): boolean;
  /** Throws `forbidden` for a repository outside the list. */
  check(owner: string, repo: string): void;
  /** The patterns, for messages and search qualifiers. */
  readonly patterns: readonly string[];
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function createRepoPolicy(patterns: readonly string[]): RepoPolicy {
  const problems: string[] = [];
  const rules = patterns.map((pattern) => {
    const [owner = '', repo = '', ...rest] = pattern.trim().split('/');
    if (rest.length > 0 || !NAME.test(owner) || !(repo === '*' || REPO.test(repo))) {
      problems.push(`--repos entry "${pattern}" is not owner/name or owner/*`);
    }
    return { owner: owner.toLowerCase(), repo: repo.toLowerCase() };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const allows = (owner: string, repo: string) =>
    rules.length === 0 ||
    rules.some((rule) => rule.owner === owner.toLowerCase() && (rule.repo === '*' || rule.repo === repo.toLowerCase()));
  return {
    restricted: rules.length > 0,
    patterns,
    allows,
    check(owner, repo) {
      if (!allows(owner, repo)) {
        throw forbidden(`${owner}/${repo} is outside the repositories this server may use (${patterns.join(', ')}). Ask for one of those.`);
      }
    },
  };
}

/**
 * A search's total under the allow-list. Searches are narrowed to the list at GitHub, so its
 * total counts allowed repositories only; if the list still dropped results, that total would
 * count them, and none is given.
 */
export function totalWithinPolicy(total: number, hidden: number): number | undefined {
  return hidden > 0 ? undefined : total;
}

/** The line a listing ends with when the allow-list dropped some of what GitHub sent (none when it dropped nothing). */
export function hiddenByPolicyNote(hidden: number, what = 'result(s)'): string[] {
  return hidden > 0 ? [`${hidden} ${what} of repositories outside the allowed ones are not shown.`] : [];
}
