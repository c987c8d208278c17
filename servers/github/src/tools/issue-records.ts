import { z } from 'zod';
import type { GitHubApp } from '../app.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';

/** An issue (or pull request, which GitHub lists with issues) as every issue tool returns it. */
export const issueRecord = z.object({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  stateReason: z.string().nullable(),
  author: z.string().nullable(),
  labels: z.array(z.string()),
  assignees: z.array(z.string()),
  comments: z.number().int(),
  isPullRequest: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  htmlUrl: z.string(),
});
export type IssueRecord = z.infer<typeof issueRecord>;

export interface RawIssue {
  number: number;
  title: string;
  state: string;
  state_reason?: string | null;
  user?: { login: string } | null;
  labels: Array<string | { name?: string | null }>;
  assignees?: Array<{ login: string }> | null;
  comments: number;
  pull_request?: unknown;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  html_url: string;
}

export function toIssueRecord(issue: RawIssue): IssueRecord {
  return {
    number: issue.number,
    title: sanitizeUntrusted(issue.title, { markdown: false }),
    state: issue.state,
    stateReason: issue.state_reason ?? null,
    author: issue.user?.login ? sanitizeName(issue.user.login) : null,
    labels: issue.labels.map((label) => sanitizeName(typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((user) => sanitizeName(user.login)),
    comments: issue.comments,
    isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    htmlUrl: issue.html_url,
  };
}

/** Text cut to `max` characters, saying where the rest is. */
export function capText(text: string, max: number, htmlUrl: string): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  return { text: `${text.slice(0, max)}\n[cut at ${max.toLocaleString('en-US')} characters; the rest is at ${htmlUrl}]`, truncated: true };
}

/** "#42 [open] Fix the login timeout (bug, ui) by @octocat, 3 comments" */
export function issueLine(issue: IssueRecord): string {
  const labels = issue.labels.length > 0 ? ` (${issue.labels.join(', ')})` : '';
  const kind = issue.isPullRequest ? 'PR ' : '';
  return `${kind}#${issue.number} [${issue.state}] ${issue.title}${labels}${issue.author ? ` by @${issue.author}` : ''}, ${issue.comments} comment${issue.comments === 1 ? '' : 's'}`;
}

export const commentRecord = z.object({
  id: z.number().int(),
  author: z.string().nullable(),
  body: z.string().describe('Sanitized; fenced or withheld per lockdown'),
  withheld: z.boolean(),
  createdAt: z.string(),
  htmlUrl: z.string(),
});
export type CommentRecord = z.infer<typeof commentRecord>;

/** A comment or review as GitHub returns it: enough to decide on it and show it. */
export interface RawComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
  author_association?: string;
  html_url: string;
}

/**
 * A comment as every comment-listing tool shows it: through lockdown (sanitized, fenced or
 * withheld), capped to a fifth of the body budget since a page holds up to 100 of them.
 */
export async function presentComment(
  app: GitHubApp,
  source: { owner: string; repo: string; kind: string },
  comment: RawComment,
  createdAt: string,
  signal: AbortSignal,
): Promise<CommentRecord> {
  const body = await app.lockdown.present(
    comment.body,
    { ...source, author: comment.user?.login, association: comment.author_association },
    signal,
  );
  return {
    id: comment.id,
    author: comment.user?.login ? sanitizeName(comment.user.login) : null,
    body: capText(body.text, Math.ceil(app.maxBodyChars / 5), comment.html_url).text,
    withheld: body.withheld,
    createdAt,
    htmlUrl: comment.html_url,
  };
}

/**
 * Records with their titles as lockdown lets them be shown: in lockdown, the title of an author
 * without push access is withheld like a body (one cached access check per author, shared by
 * the page). Without lockdown the records are returned as they are (already sanitized).
 */
export async function lockdownTitles<T extends { title: string; author: string | null }>(
  app: GitHubApp,
  records: T[],
  where: (record: T) => { owner: string; repo: string },
  kind: string,
  signal: AbortSignal,
): Promise<T[]> {
  if (!app.lockdown.enabled) return records;
  return Promise.all(
    records.map(async (record) => {
      const source = { ...where(record), author: record.author ?? undefined, kind };
      return { ...record, title: (await app.lockdown.title(record.title, source, signal)).text };
    }),
  );
}
