import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notAccessibleByToken, notFound, requiresAuthentication } from './github-errors.js';
import { repoJson } from './github-records.js';
import { canSee, scopesOf } from './github-tokens.js';
import type { GitHubRepo } from './github-world.js';
import type { NotificationThread } from './notifications-world.js';
import { isParticipating } from './notifications-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { invalidField, isAnswer, noContent, ok } from './route-table.js';

/**
 * Notification threads: the inbox (`all`, `participating`, `since`, `before`, at most 50 a page),
 * one repository's part of it, one thread, and marking read (205, or 202 when GitHub would finish
 * in the background) and done (204). GitHub serves these to classic tokens with `notifications` or
 * `repo` only: fine-grained tokens get 403 "Resource not accessible by personal access token", a
 * classic token without the scope 403 "Missing the 'notifications' scope.".
 */

const DOCS = {
  list: 'https://docs.github.com/rest/activity/notifications#list-notifications-for-the-authenticated-user',
  repoList: 'https://docs.github.com/rest/activity/notifications#list-repository-notifications-for-the-authenticated-user',
  markAll: 'https://docs.github.com/rest/activity/notifications#mark-notifications-as-read',
  markRepo: 'https://docs.github.com/rest/activity/notifications#mark-repository-notifications-as-read',
  thread: 'https://docs.github.com/rest/activity/notifications#get-a-thread',
  read: 'https://docs.github.com/rest/activity/notifications#mark-a-thread-as-read',
  done: 'https://docs.github.com/rest/activity/notifications#mark-a-thread-as-done',
};

/** What every notifications answer carries: the scopes it accepts, and how often a client may poll. */
const HEADERS = { 'x-accepted-oauth-scopes': 'notifications, repo', 'x-poll-interval': '60' };
const PAGE = { defaultPerPage: 50, maxPerPage: 50 };
const BACKGROUND = "Unread notifications couldn't be marked in a single request. Notifications are being marked as read in the background.";

function withHeaders(response: FakeResponse): FakeResponse {
  return { ...response, headers: { ...(response.headers ?? {}), ...HEADERS } };
}

/** The caller's login if their token may use notifications, otherwise GitHub's refusal. */
function inboxOf(ctx: RouteContext, docs: string): string | FakeResponse {
  const { account, grant } = ctx.caller;
  if (!account || !grant) return withHeaders(requiresAuthentication(docs));
  if (grant.kind === 'fine-grained') return withHeaders(notAccessibleByToken(docs));
  const scopes = scopesOf(grant);
  if (!scopes.includes('notifications') && !scopes.includes('repo')) {
    return withHeaders(githubError(403, "Missing the 'notifications' scope.", docs));
  }
  return account.login;
}

function stamp(ctx: RouteContext): string {
  return ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function subjectUrls(ctx: RouteContext, thread: NotificationThread): { url: string | null; latest: string | null } {
  const api = `${ctx.links.api}/repos/${thread.owner}/${thread.repo}`;
  const url =
    thread.target === null
      ? null
      : thread.type === 'Issue'
        ? `${api}/issues/${thread.target}`
        : thread.type === 'PullRequest'
          ? `${api}/pulls/${thread.target}`
          : thread.type === 'Release'
            ? `${api}/releases/${thread.target}`
            : thread.type === 'Commit'
              ? `${api}/commits/${thread.target}`
              : null;
  const latest = thread.latestCommentId === null ? url : `${api}/issues/comments/${thread.latestCommentId}`;
  return { url, latest };
}

function threadJson(ctx: RouteContext, thread: NotificationThread): Record<string, unknown> {
  const repo = ctx.world.repo(thread.owner, thread.repo);
  const { url, latest } = subjectUrls(ctx, thread);
  const api = `${ctx.links.api}/notifications/threads/${thread.id}`;
  return {
    id: thread.id,
    repository: repo ? repoJson(ctx, repo, 'minimal') : null,
    subject: { title: thread.title, url, latest_comment_url: latest, type: thread.type },
    reason: thread.reason,
    unread: thread.unread,
    updated_at: thread.updatedAt,
    last_read_at: thread.lastReadAt,
    url: api,
    subscription_url: `${api}/subscription`,
  };
}

/** GitHub's 422 for a timestamp it cannot read. */
function timeParam(ctx: RouteContext, name: string, docs: string): string | undefined | FakeResponse {
  const value = ctx.query.get(name);
  if (value === null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return withHeaders(invalidField(name, docs));
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function listThreads(ctx: RouteContext, threads: NotificationThread[], docs: string): FakeResponse {
  const since = timeParam(ctx, 'since', docs);
  if (isAnswer(since)) return since;
  const before = timeParam(ctx, 'before', docs);
  if (isAnswer(before)) return before;
  const all = ctx.query.get('all') === 'true';
  const participating = ctx.query.get('participating') === 'true';
  const kept = threads.filter(
    (thread) =>
      (all || thread.unread) &&
      (!participating || isParticipating(thread)) &&
      (since === undefined || thread.updatedAt >= since) &&
      (before === undefined || thread.updatedAt < before) &&
      visible(ctx, thread),
  );
  const page = okPage(ctx, kept, (thread) => threadJson(ctx, thread), PAGE);
  const newest = kept[0]?.updatedAt;
  return withHeaders({ ...page, headers: { ...page.headers, ...(newest && { 'last-modified': new Date(newest).toUTCString() }) } });
}

/** A thread of a repository the token can no longer see is left out, as GitHub does. */
function visible(ctx: RouteContext, thread: NotificationThread): boolean {
  const repo = ctx.world.repo(thread.owner, thread.repo);
  return repo !== undefined && canSee(ctx.world, ctx.caller, repo);
}

function ownThread(ctx: RouteContext, docs: string): NotificationThread | FakeResponse {
  const login = inboxOf(ctx, docs);
  if (isAnswer(login)) return login;
  const thread = ctx.world.notifications.get(ctx.params.thread_id ?? '');
  if (!thread || thread.login.toLowerCase() !== login.toLowerCase() || !visible(ctx, thread)) return withHeaders(notFound(docs));
  return thread;
}

function repoOf(ctx: RouteContext, docs: string): GitHubRepo | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo || !canSee(ctx.world, ctx.caller, repo)) return withHeaders(notFound(docs));
  return repo;
}

/** `last_read_at` from the body (default now); undefined with the 422 to send when it is unreadable. */
function lastReadAt(ctx: RouteContext, docs: string): string | FakeResponse {
  const raw = ctx.body.last_read_at;
  if (raw === undefined || raw === null) return stamp(ctx);
  const time = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(time)) return withHeaders(invalidField('last_read_at', docs));
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function markAnswer(ctx: RouteContext, count: number, repo?: GitHubRepo): FakeResponse {
  if (count <= ctx.world.notifications.syncMarkLimit) return withHeaders({ status: 205 });
  const url = repo ? `${ctx.links.api}/repos/${repo.owner}/${repo.name}/notifications` : `${ctx.links.api}/notifications`;
  return withHeaders(ok({ message: BACKGROUND, ...(repo && { url }) }, 202));
}

export const notificationsRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/notifications',
    handler: (ctx) => {
      const login = inboxOf(ctx, DOCS.list);
      if (isAnswer(login)) return login;
      return listThreads(ctx, ctx.world.notifications.of(login), DOCS.list);
    },
  },
  {
    method: 'PUT',
    path: '/notifications',
    handler: (ctx) => {
      const login = inboxOf(ctx, DOCS.markAll);
      if (isAnswer(login)) return login;
      const at = lastReadAt(ctx, DOCS.markAll);
      if (isAnswer(at)) return at;
      // `read: false` is accepted and changes nothing, as on GitHub.
      const count = ctx.body.read === false ? 0 : ctx.world.notifications.markRead(login, at);
      return markAnswer(ctx, count);
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/notifications',
    handler: (ctx) => {
      const login = inboxOf(ctx, DOCS.repoList);
      if (isAnswer(login)) return login;
      const repo = repoOf(ctx, DOCS.repoList);
      if (isAnswer(repo)) return repo;
      const threads = ctx.world.notifications
        .of(login)
        .filter((thread) => `${thread.owner}/${thread.repo}`.toLowerCase() === `${repo.owner}/${repo.name}`.toLowerCase());
      return listThreads(ctx, threads, DOCS.repoList);
    },
  },
  {
    method: 'PUT',
    path: '/repos/:owner/:repo/notifications',
    handler: (ctx) => {
      const login = inboxOf(ctx, DOCS.markRepo);
      if (isAnswer(login)) return login;
      const repo = repoOf(ctx, DOCS.markRepo);
      if (isAnswer(repo)) return repo;
      const at = lastReadAt(ctx, DOCS.markRepo);
      if (isAnswer(at)) return at;
      return markAnswer(ctx, ctx.world.notifications.markRead(login, at, repo), repo);
    },
  },
  {
    method: 'GET',
    path: '/notifications/threads/:thread_id',
    handler: (ctx) => {
      const thread = ownThread(ctx, DOCS.thread);
      if (isAnswer(thread)) return thread;
      return withHeaders(ok(threadJson(ctx, thread)));
    },
  },
  {
    method: 'PATCH',
    path: '/notifications/threads/:thread_id',
    handler: (ctx) => {
      const thread = ownThread(ctx, DOCS.read);
      if (isAnswer(thread)) return thread;
      if (thread.unread) {
        thread.unread = false;
        thread.lastReadAt = stamp(ctx);
      }
      return withHeaders({ status: 205 });
    },
  },
  {
    method: 'DELETE',
    path: '/notifications/threads/:thread_id',
    handler: (ctx) => {
      const thread = ownThread(ctx, DOCS.done);
      if (isAnswer(thread)) return thread;
      thread.done = true;
      if (thread.unread) {
        thread.unread = false;
        thread.lastReadAt = stamp(ctx);
      }
      return withHeaders(noContent());
    },
  },
];
