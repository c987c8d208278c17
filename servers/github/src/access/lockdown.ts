import type { Logger } from '@mcpkit/core';
import type { GitHubClient } from '../client/github-client.js';
import { fenceUntrusted, withheldNotice } from '../safety/fence-untrusted.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';

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
  /**
   * A title (of an issue or pull request), as a listing may show it: sanitized as one line,
   * never fenced (it is one line among many), and in lockdown withheld like a body, since a
   * title is the first text of a stranger's a model reads.
   */
  title(text: string, source: ContentSource, signal: AbortSignal): Promise<{ text: string; withheld: boolean }>;
}

/** What lockdown knows of an author: push access, none, or unknown (a refusal, or a failure worth asking again). */
type Access = 'push' | 'no-push' | 'unknown' | 'unknown-transient';

/** Push, maintain and admin: people who can change the repository anyway. */
const TRUSTED_PERMISSIONS = new Set(['admin', 'maintain', 'write']);
const PERMISSION_TTL_MS = 5 * 60_000;
/** Authors remembered at most; the oldest go first. */
const MAX_REMEMBERED = 5_000;
/** Associations GitHub gives people with a standing in the repository (not proof of push access). */
const KNOWN_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function createLockdown(github: GitHubClient, enabled: boolean, logger: Logger, now: () => number = Date.now): Lockdown {
  // One lookup per author and repository, shared by every comment on a page that asks at
  // once. Answers are remembered for a while, refusals (403: the token may not ask) too, so
  // they are not asked again for every comment; a failure is forgotten once the page is done.
  const permissions = new Map<string, { access: Promise<Access>; at: number }>();

  const lookUp = async (source: ContentSource & { author: string }, signal: AbortSignal): Promise<Access> => {
    try {
      const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
        owner: source.owner,
        repo: source.repo,
        username: source.author,
        // One attempt: lockdown withholds when the check fails, so a retry only delays the answer.
        request: { signal, retries: 0 },
      });
      return TRUSTED_PERMISSIONS.has(data.permission) ? 'push' : 'no-push';
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 404: not a collaborator at all. Anything else: unknown, so withheld (fail closed).
      if (status === 404) return 'no-push';
      logger.warn({ status, owner: source.owner, repo: source.repo }, 'lockdown: could not check an author’s access; withholding');
      return status === 403 ? 'unknown' : 'unknown-transient';
    }
  };

  const accessOf = (source: ContentSource, signal: AbortSignal): Promise<Access> => {
    const { author } = source;
    if (!author) return Promise.resolve('no-push');
    // The repository's owner needs no lookup; every other association must be checked,
    // since a COLLABORATOR may have read access only.
    if (source.association === 'OWNER' || author.toLowerCase() === source.owner.toLowerCase()) return Promise.resolve('push');
    const key = `${source.owner}/${source.repo}/${author}`.toLowerCase();
    const known = permissions.get(key);
    if (known && now() - known.at < PERMISSION_TTL_MS) return known.access;
    const entry = { access: lookUp({ ...source, author }, signal), at: now() };
    permissions.set(key, entry);
    void entry.access.then((access) => {
      if (access === 'unknown-transient' && permissions.get(key) === entry) permissions.delete(key);
    });
    if (permissions.size > MAX_REMEMBERED) permissions.delete(permissions.keys().next().value as string);
    return entry.access;
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
      const access = await accessOf(source, signal);
      if (access === 'push') return { text: clean, withheld: false };
      const reason = access === 'no-push' ? 'no-push-access' : 'access-unknown';
      return { text: withheldNotice({ author, kind: source.kind, repository: `${source.owner}/${source.repo}`, reason }), withheld: true };
    },
    async title(text, source, signal) {
      const clean = sanitizeUntrusted(text, { markdown: false });
      if (!enabled || clean === '') return { text: clean, withheld: false };
      const access = await accessOf(source, signal);
      if (access === 'push') return { text: clean, withheld: false };
      const author = sanitizeName(source.author ?? 'unknown');
      const why = access === 'no-push' ? 'no push access' : 'push access not checked';
      return { text: `[title withheld: @${author}, ${why}]`, withheld: true };
    },
  };
}
