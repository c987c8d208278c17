/** What a notification is about, as GitHub names the kinds. */
export type SubjectType = 'Issue' | 'PullRequest' | 'Release' | 'Commit' | 'Discussion' | 'CheckSuite';

/** Why the user got it, spelled as GitHub's `reason`. */
export type NotificationReason =
  | 'assign'
  | 'author'
  | 'ci_activity'
  | 'comment'
  | 'manual'
  | 'mention'
  | 'review_requested'
  | 'security_alert'
  | 'state_change'
  | 'subscribed'
  | 'team_mention';

/** Reasons in which the user takes part themselves (what `participating=true` keeps). */
const PARTICIPATING: ReadonlySet<NotificationReason> = new Set([
  'assign',
  'author',
  'comment',
  'manual',
  'mention',
  'review_requested',
  'state_change',
  'team_mention',
]);

export interface NotificationThread {
  /** GitHub's thread ids are numbers sent as strings. */
  id: string;
  /** Whose inbox it is in. */
  login: string;
  owner: string;
  repo: string;
  type: SubjectType;
  title: string;
  /** The issue or pull request number, or the release or commit the subject points at. */
  target: number | string | null;
  /** The latest comment's id, when the thread has one. */
  latestCommentId: number | null;
  reason: NotificationReason;
  unread: boolean;
  /** Marked done: gone from every listing (GitHub keeps it for the web UI's Done view only). */
  done: boolean;
  updatedAt: string;
  lastReadAt: string | null;
}

export type NewThread = Omit<NotificationThread, 'id' | 'done' | 'lastReadAt' | 'latestCommentId' | 'unread'> &
  Partial<Pick<NotificationThread, 'lastReadAt' | 'latestCommentId' | 'unread'>>;

/** The fake GitHub's state for Notification threads, per user. */
export class NotificationsWorld {
  readonly threads = new Map<string, NotificationThread>();
  /**
   * Above this many unread threads a "mark as read" answers 202 Accepted (GitHub finishes in the
   * background) instead of 205; the fake marks them at once either way.
   */
  syncMarkLimit = 50;
  private next = 1;

  add(input: NewThread): NotificationThread {
    const id = String(8_000_000_000 + this.next++);
    const thread: NotificationThread = {
      ...input,
      id,
      unread: input.unread ?? true,
      done: false,
      lastReadAt: input.lastReadAt ?? null,
      latestCommentId: input.latestCommentId ?? null,
    };
    this.threads.set(id, thread);
    return thread;
  }

  get(id: string): NotificationThread | undefined {
    return this.threads.get(id);
  }

  /** `login`'s threads not marked done, most recently updated first (GitHub's order). */
  of(login: string): NotificationThread[] {
    const key = login.toLowerCase();
    return [...this.threads.values()]
      .filter((thread) => thread.login.toLowerCase() === key && !thread.done)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || Number(b.id) - Number(a.id));
  }

  /** Marks `login`'s unread threads updated at or before `lastReadAt` read (optionally of one repository); returns how many. */
  markRead(login: string, lastReadAt: string, repo?: { owner: string; name: string }): number {
    const marked = this.of(login).filter(
      (thread) =>
        thread.unread &&
        thread.updatedAt <= lastReadAt &&
        (repo === undefined || `${thread.owner}/${thread.repo}`.toLowerCase() === `${repo.owner}/${repo.name}`.toLowerCase()),
    );
    for (const thread of marked) {
      thread.unread = false;
      thread.lastReadAt = lastReadAt;
    }
    return marked.length;
  }
}

export function isParticipating(thread: NotificationThread): boolean {
  return PARTICIPATING.has(thread.reason);
}
