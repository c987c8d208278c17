import type { Logger } from '@mcpkit/core';
import type { GitHubClient } from '../client/github-client.js';
import { fenceUntrusted, withheldNotice } from '../safety/fence-untrusted.js';
import { sanitizeUntrusted } from '../safety/sanitize-text.js';

/** Who wrote a piece of content, and where: what lockdown decides on. */
export interface ContentSource {
  owner: string;
  repo: string;
  author: string | undefined;
  /** GitHub's `author_association`: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, … */
  association?: string | undefined;
  /** "issue body", "issue comment", … */
  kind: string;
}

export interface Lockdown {
  readonly enabled: boolean;
  /**
   * Text people wrote, as an answer may show it. Always sanitized. Without lockdown, text
   * by anyone GitHub does not call an owner, member or collaborator is fenced as untrusted;
   * in lockdown, text by anyone without push access is withheld, and so is text whose
   * author's access cannot be checked (lockdown fails closed).
   */
  present(text: string | null | undefined, source: ContentSource, signal: AbortSignal): Promise<{ text: string; withheld: boolean }>;
}

/** Push, maintain and admin: people who can change the repository anyway. */
const TRUSTED_PERMISSIONS = new Set(['admin', 'maintain', 'write']);
const PERMISSION_TTL_MS = 5 * 60_000;
/** Authors remembered at most; the oldest go first. */
const MAX_REMEMBERED = 5_000;
/** Associations GitHub gives people with a standing in the repository (not proof of push access). */
const KNOWN_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function createLockdown(github: GitHubClient, enabled: boolean, logger: Logger, now: () => number = Date.now): Lockdown {
  // One lookup per author and repository, shared by every comment on a page that asks
  // at once, and remembered for a while; failures are remembered too (as "withhold"),
  // so a token the permission endpoint refuses is not asked again for every comment.
  const permissions = new Map<string, { trusted: Promise<boolean>; at: number }>();

  const lookUp = async (source: ContentSource & { author: string }, signal: AbortSignal): Promise<boolean> => {
    try {
      const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
        owner: source.owner,
        repo: source.repo,
        username: source.author,
        // One attempt: lockdown withholds when the check fails, so a retry only delays the answer.
        request: { signal, retries: 0 },
      });
      return TRUSTED_PERMISSIONS.has(data.permission);
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 404: not a collaborator at all. Anything else: unknown, so withheld (fail closed).
      if (status !== 404) {
        logger.warn({ status, owner: source.owner, repo: source.repo }, 'lockdown: could not check an author’s access; withholding');
      }
      return false;
    }
  };

  const mayPush = (source: ContentSource, signal: AbortSignal): Promise<boolean> => {
    const { author } = source;
    if (!author) return Promise.resolve(false);
    // The repository's owner needs no lookup; every other association must be checked,
    // since a COLLABORATOR may have read access only.
    if (source.association === 'OWNER' || author.toLowerCase() === source.owner.toLowerCase()) return Promise.resolve(true);
    const key = `${source.owner}/${source.repo}/${author}`.toLowerCase();
    const known = permissions.get(key);
    if (known && now() - known.at < PERMISSION_TTL_MS) return known.trusted;
    const trusted = lookUp({ ...source, author }, signal);
    permissions.set(key, { trusted, at: now() });
    if (permissions.size > MAX_REMEMBERED) permissions.delete(permissions.keys().next().value as string);
    return trusted;
  };

  return {
    enabled,
    async present(text, source, signal) {
      const clean = sanitizeUntrusted(text ?? '');
      if (clean === '') return { text: clean, withheld: false };
      const author = source.author ?? 'unknown';
      if (!enabled) {
        const known = source.association !== undefined && KNOWN_ASSOCIATIONS.has(source.association);
        return { text: known ? clean : fenceUntrusted(clean, { author, kind: source.kind }), withheld: false };
      }
      if (await mayPush(source, signal)) return { text: clean, withheld: false };
      return { text: withheldNotice({ author, kind: source.kind, repository: `${source.owner}/${source.repo}` }), withheld: true };
    },
  };
}
