import { forbidden, invalidInput, isMcpKitError } from '@mcpkit/core';
import { z } from 'zod';
import { hiddenByPolicyNote } from '../access/repo-policy.js';
import type { GitHubApp } from '../app.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { ownerField, repoField, subjectOf } from './github-fields.js';

// Notifications are the token user's inbox, across repositories. The allow-list (--repos) still
// holds: a listing drops threads of other repositories and says how many, and a single thread is
// looked up first and refused when its repository is outside the list, before anything is shown
// or changed. Subject titles are whatever an issue's author typed, so they are sanitized.

const notificationRecord = z.object({
  id: z.string(),
  repository: z.string(),
  type: z.string(),
  title: z.string(),
  number: z.number().int().nullable(),
  reason: z.string(),
  unread: z.boolean(),
  updatedAt: z.string(),
});
type NotificationRecord = z.infer<typeof notificationRecord>;

interface RawThread {
  id: string;
  repository?: { name?: string; full_name?: string; html_url?: string; owner?: { login?: string } | null } | null;
  subject?: { title?: string; url?: string | null; latest_comment_url?: string | null; type?: string };
  reason?: string;
  unread?: boolean;
  updated_at?: string;
  last_read_at?: string | null;
}

const threadIdField = z.string().refine((id) => /^\d{1,20}$/.test(id), 'a notification thread id (digits), from list_notifications');
const perPageField = z.number().int().min(1).max(50).default(30);
const timeField = z.iso.datetime({ offset: true });

function repoOf(thread: RawThread): { owner: string; repo: string } | undefined {
  const owner = thread.repository?.owner?.login;
  const repo = thread.repository?.name;
  return owner && repo ? { owner, repo } : undefined;
}

function allowed(app: GitHubApp, thread: RawThread): boolean {
  const repo = repoOf(thread);
  return repo !== undefined && app.repos.allows(repo.owner, repo.repo);
}

function toNotificationRecord(thread: RawThread): NotificationRecord {
  const number = /\/(?:issues|pulls)\/(\d+)$/.exec(thread.subject?.url ?? '')?.[1];
  return {
    id: thread.id,
    repository: sanitizeName(thread.repository?.full_name ?? ''),
    type: sanitizeName(thread.subject?.type ?? ''),
    title: sanitizeUntrusted(thread.subject?.title ?? '', { markdown: false }),
    number: number === undefined ? null : Number(number),
    reason: sanitizeName(thread.reason ?? ''),
    unread: thread.unread ?? false,
    updatedAt: thread.updated_at ?? '',
  };
}

const notificationLine = (n: NotificationRecord) =>
  `${n.id} [${n.unread ? 'unread' : 'read'}] ${n.repository} ${n.type}${n.number === null ? '' : ` #${n.number}`}: ${n.title} — ${n.reason}, ${n.updatedAt.slice(0, 10)}`;

/** The web page of a thread's subject, built from the repository's page (the subject's own url is the API's). */
function htmlUrlOf(thread: RawThread, record: NotificationRecord): string | null {
  const base = thread.repository?.html_url;
  if (!base) return null;
  if (record.number !== null) return `${base}/${record.type === 'PullRequest' ? 'pull' : 'issues'}/${record.number}`;
  if (record.type === 'Release') return `${base}/releases`;
  const sha = /\/commits\/([0-9a-f]{7,40})$/.exec(thread.subject?.url ?? '')?.[1];
  return sha ? `${base}/commit/${sha}` : base;
}

function needToken(app: GitHubApp): void {
  if (!app.authenticated) {
    throw invalidInput(
      'Notifications belong to a user and no GitHub token is configured: set GITHUB_TOKEN to a classic token with the notifications scope.',
    );
  }
}

/**
 * `callGitHub`, with GitHub's 403 explained: the notifications API takes classic tokens with the
 * `notifications` or `repo` scope only, and a model reading "lacks a permission" would otherwise
 * try to grant a fine-grained token one that does not exist.
 */
async function callNotifications<T>(subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await callGitHub(subject, call);
  } catch (error) {
    if (isMcpKitError(error) && error.code === 'forbidden' && error.details?.upstream === 'GitHub') {
      const reason = typeof error.details.reason === 'string' ? `: ${error.details.reason}` : '';
      throw forbidden(
        `GitHub refused ${subject}${reason}. Notifications need a classic token (ghp_…) with the notifications or repo scope; fine-grained tokens cannot read or mark them.`,
        { details: error.details, cause: error },
      );
    }
    throw error;
  }
}

function bothOrNeither(owner: string | undefined, repo: string | undefined): { owner: string; repo: string } | undefined {
  if ((owner === undefined) !== (repo === undefined))
    throw invalidInput('Give owner and repo together (one repository), or neither (the whole inbox).');
  return owner !== undefined && repo !== undefined ? { owner, repo } : undefined;
}

/** The thread, refused before use when its repository is outside the allow-list; looked up only when there is one. */
async function allowedThread(app: GitHubApp, threadId: string, signal: AbortSignal): Promise<RawThread> {
  const { data } = await callNotifications(`notification thread ${threadId}`, () =>
    app.github.rest.activity.getThread({ thread_id: Number(threadId), request: { signal } }),
  );
  const thread = data as RawThread;
  if (!allowed(app, thread)) {
    const repo = repoOf(thread);
    throw forbidden(
      `Notification thread ${threadId} is about ${repo ? `${sanitizeName(repo.owner)}/${sanitizeName(repo.repo)}` : 'a repository'}, outside the repositories this server may use (${app.repos.patterns.join(', ')}).`,
    );
  }
  return thread;
}

export const listNotifications = defineGitHubTool({
  name: 'list_notifications',
  title: 'List notifications',
  description: 'List your GitHub notifications (unread by default), optionally of one repository.',
  toolset: 'notifications',
  input: z.strictObject({
    filter: z.enum(['default', 'include_read_notifications', 'only_participating']).default('default'),
    since: timeField.optional(),
    before: timeField.optional(),
    owner: ownerField.optional(),
    repo: repoField.optional(),
    page: pageFields.page,
    perPage: perPageField,
  }),
  output: z.object({ notifications: z.array(notificationRecord), pagination: pageRecord, hiddenByPolicy: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ filter, since, before, owner, repo, page, perPage }, { app, signal }) {
    const one = bothOrNeither(owner, repo);
    if (since && before && Date.parse(since) >= Date.parse(before)) throw invalidInput('since must be earlier than before.');
    needToken(app);
    if (one) app.repos.check(one.owner, one.repo);
    const query = {
      all: filter === 'include_read_notifications',
      participating: filter === 'only_participating',
      ...(since && { since }),
      ...(before && { before }),
      page,
      per_page: perPage,
      request: { signal },
    };
    const { data, headers } = await callNotifications(
      one ? subjectOf(one.owner, one.repo, 'the notifications') : 'your notifications',
      () =>
        one
          ? app.github.rest.activity.listRepoNotificationsForAuthenticatedUser({ ...one, ...query })
          : app.github.rest.activity.listNotificationsForAuthenticatedUser(query),
    );
    const threads = data as RawThread[];
    const shown = threads.filter((thread) => allowed(app, thread));
    const notifications = shown.map(toNotificationRecord);
    const hiddenByPolicy = threads.length - shown.length;
    const pagination = pageOf(headers, page, perPage);
    const which = filter === 'default' ? 'unread ' : filter === 'only_participating' ? 'participating ' : '';
    const where = one ? ` in ${one.owner}/${one.repo}` : '';
    const lines = [notifications.length === 0 ? `No ${which}notifications${where}.` : `Your ${which}notifications${where}:`];
    lines.push(...notifications.map(notificationLine));
    lines.push(...hiddenByPolicyNote(hiddenByPolicy, 'notification(s)'));
    lines.push(...pageNote(pagination));
    return { text: lines.join('\n'), data: { notifications, pagination, hiddenByPolicy } };
  },
});

export const getNotificationDetails = defineGitHubTool({
  name: 'get_notification_details',
  title: 'Get a notification',
  description: 'Get one notification thread: what it is about, why you got it, its links.',
  toolset: 'notifications',
  input: z.strictObject({ notificationId: threadIdField }),
  output: z.object({
    notification: notificationRecord,
    lastReadAt: z.string().nullable(),
    htmlUrl: z.string().nullable(),
    subjectApiUrl: z.string().nullable(),
    latestCommentApiUrl: z.string().nullable(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ notificationId }, { app, signal }) {
    needToken(app);
    const thread = await allowedThread(app, notificationId, signal);
    const notification = toNotificationRecord(thread);
    const htmlUrl = htmlUrlOf(thread, notification);
    const lastReadAt = thread.last_read_at ?? null;
    const lines = [notificationLine(notification), `Last read: ${lastReadAt ?? 'never'}`];
    if (htmlUrl) lines.push(htmlUrl);
    return {
      text: lines.join('\n'),
      data: {
        notification,
        lastReadAt,
        htmlUrl,
        subjectApiUrl: thread.subject?.url ?? null,
        latestCommentApiUrl: thread.subject?.latest_comment_url ?? null,
      },
    };
  },
});

// destructiveHint stays false for `done` too: it takes the thread out of the inbox, but nothing is
// lost — the issue or pull request is untouched, github.com keeps the thread under "Done", and the
// next activity on it brings it back unread.
export const dismissNotification = defineGitHubTool({
  name: 'dismiss_notification',
  title: 'Dismiss a notification',
  description: 'Mark one notification thread read, or done (out of the inbox until new activity).',
  toolset: 'notifications',
  input: z.strictObject({ threadId: threadIdField, state: z.enum(['read', 'done']) }),
  output: z.object({ threadId: z.string(), state: z.enum(['read', 'done']) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ threadId, state }, { app, signal }) {
    needToken(app);
    // Without an allow-list any thread of the user's may be dismissed, and the lookup is skipped.
    if (app.repos.restricted) await allowedThread(app, threadId, signal);
    const thread_id = Number(threadId);
    await callNotifications(`notification thread ${threadId}`, async () => {
      if (state === 'read') await app.github.rest.activity.markThreadAsRead({ thread_id, request: { signal } });
      else await app.github.rest.activity.markThreadAsDone({ thread_id, request: { signal } });
    });
    const text =
      state === 'read'
        ? `Notification ${threadId} marked read.`
        : `Notification ${threadId} marked done: it leaves the inbox until the thread has new activity.`;
    return { text, data: { threadId, state } };
  },
});

// Under an allow-list, marking the whole inbox read would touch threads of repositories the server
// may not use, so it is refused and the model is asked to name one repository at a time. Limiting
// it to the allowed repositories instead would take a listing of the inbox plus one write per
// repository, with `owner/*` patterns known only from that listing: many calls, and a half-done
// state when one fails midway, where a refusal is one clear answer and no request.
export const markAllNotificationsRead = defineGitHubTool({
  name: 'mark_all_notifications_read',
  title: 'Mark all notifications read',
  description: 'Mark every notification read (up to lastReadAt, default now), or those of one repository.',
  toolset: 'notifications',
  input: z.strictObject({ lastReadAt: timeField.optional(), owner: ownerField.optional(), repo: repoField.optional() }),
  output: z.object({ repository: z.string().nullable(), lastReadAt: z.string().nullable(), inBackground: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ lastReadAt, owner, repo }, { app, signal }) {
    const one = bothOrNeither(owner, repo);
    needToken(app);
    if (one) app.repos.check(one.owner, one.repo);
    else if (app.repos.restricted) {
      throw forbidden(
        `Marking the whole inbox read would touch repositories outside the ones this server may use (${app.repos.patterns.join(', ')}). Give owner and repo to mark one allowed repository's notifications read.`,
      );
    }
    const body = { ...(lastReadAt && { last_read_at: lastReadAt }), request: { signal } };
    const { status } = await callNotifications(one ? subjectOf(one.owner, one.repo, 'the notifications') : 'your notifications', () =>
      one
        ? app.github.rest.activity.markRepoNotificationsAsRead({ ...one, ...body })
        : app.github.rest.activity.markNotificationsAsRead(body),
    );
    const inBackground = (status as number) === 202;
    const what = one ? `Notifications of ${one.owner}/${one.repo}` : 'All notifications';
    const until = lastReadAt ? ` updated up to ${lastReadAt}` : '';
    const text = inBackground
      ? `${what}${until}: GitHub is marking them read in the background; list_notifications shows what is still unread.`
      : `${what}${until} marked read.`;
    return { text, data: { repository: one ? `${one.owner}/${one.repo}` : null, lastReadAt: lastReadAt ?? null, inBackground } };
  },
});
