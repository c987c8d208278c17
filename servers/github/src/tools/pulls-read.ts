import { invalidInput, isMcpKitError } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { issueNumberField, repoFields, subjectOf } from './github-fields.js';
import { capText, commentRecord, lockdownTitles, presentComment } from './issue-records.js';
import { issueSearchTool } from './issues-read.js';
import { type PullRecord, pullLine, pullRecord, type RawPull, toPullRecord } from './pull-records.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

export const listPullRequests = defineGitHubTool({
  name: 'list_pull_requests',
  title: 'List pull requests',
  description: 'List pull requests of a repository.',
  toolset: 'pull_requests',
  input: z.strictObject({
    ...repoFields,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    head: z.string().min(1).max(300).optional().describe('owner:branch'),
    base: z.string().min(1).max(255).optional(),
    sort: z.enum(['created', 'updated', 'popularity', 'long-running']).default('created'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    ...pageFields,
  }),
  output: z.object({ pullRequests: z.array(pullRecord), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, state, head, base, sort, direction, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the pull requests'), () =>
      app.github.rest.pulls.list({
        owner,
        repo,
        state,
        ...(head && { head }),
        ...(base && { base }),
        sort,
        direction,
        page,
        per_page: perPage,
        request: { signal },
      }),
    );
    const pulls = data.map((pull) => toPullRecord(pull as RawPull));
    const pullRequests = await lockdownTitles(app, pulls, () => ({ owner, repo }), 'pull request', signal);
    const pagination = pageOf(headers, page, perPage);
    const top =
      pullRequests.length === 0
        ? `No ${state === 'all' ? '' : `${state} `}pull requests in ${owner}/${repo} match.`
        : `${owner}/${repo} pull requests (${state}):`;
    return { text: [top, ...pullRequests.map(pullLine), ...pageNote(pagination)].join('\n'), data: { pullRequests, pagination } };
  },
});

export const getPullRequest = defineGitHubTool({
  name: 'get_pull_request',
  title: 'Get a pull request',
  description: 'Get a pull request: refs, mergeability, size and body.',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField }),
  output: z.object({
    pullRequest: pullRecord.extend({
      baseSha: z.string(),
      mergeable: z.boolean().nullable(),
      mergeableState: z.string().nullable(),
      additions: z.number().int(),
      deletions: z.number().int(),
      changedFiles: z.number().int(),
    }),
    body: z.string(),
    bodyWithheld: z.boolean(),
  }),
  annotations: READ,
  async handler({ owner, repo, pullNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `pull request #${pullNumber}`), () =>
      app.github.rest.pulls.get({ owner, repo, pull_number: pullNumber, request: { signal } }),
    );
    const [pullRequest] = (await lockdownTitles(app, [toPullRecord(data as RawPull)], () => ({ owner, repo }), 'pull request', signal)) as [
      PullRecord,
    ];
    const body = await app.lockdown.present(
      data.body,
      { owner, repo, author: data.user?.login, association: data.author_association, kind: 'pull request body' },
      signal,
    );
    const shown = capText(body.text, app.maxBodyChars, pullRequest.htmlUrl);
    const mergeable = data.mergeable ?? null;
    const mergeableState = data.mergeable_state ?? null;
    const lines = [
      pullLine(pullRequest),
      pullRequest.htmlUrl,
      `head ${pullRequest.headSha.slice(0, 7)}, base ${data.base.sha.slice(0, 7)}; +${data.additions} -${data.deletions} in ${data.changed_files} file(s)`,
      pullRequest.merged
        ? `Merged at ${data.merged_at}.`
        : `Mergeable: ${mergeable === null ? 'not yet computed' : mergeable ? 'yes' : 'no'}${mergeableState ? ` (${mergeableState})` : ''}.`,
      '',
      shown.text || '(no description)',
    ];
    return {
      text: lines.join('\n'),
      data: {
        pullRequest: {
          ...pullRequest,
          baseSha: data.base.sha,
          mergeable,
          mergeableState,
          additions: data.additions,
          deletions: data.deletions,
          changedFiles: data.changed_files,
        },
        body: shown.text,
        bodyWithheld: body.withheld,
      },
    };
  },
});

export const getPullRequestDiff = defineGitHubTool({
  name: 'get_pull_request_diff',
  title: 'Get a pull request diff',
  description: 'Get the unified diff of a pull request, cut at a size cap with the offset to continue from.',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField, offset: z.number().int().min(0).default(0) }),
  output: z.object({ diff: z.string(), size: z.number().int(), truncated: z.boolean(), nextOffset: z.number().int().optional() }),
  annotations: READ,
  async handler({ owner, repo, pullNumber, offset }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `the diff of #${pullNumber}`), () =>
      app.github.rest.pulls.get({ owner, repo, pull_number: pullNumber, mediaType: { format: 'diff' }, request: { signal } }),
    ).catch((error: unknown) => {
      // GitHub sends no diff of more than 300 files or 20,000 lines (406 too_large), however it is asked.
      if (isMcpKitError(error) && error.details?.status === 406) {
        throw invalidInput(
          `GitHub will not send the diff of #${pullNumber} in ${owner}/${repo}: ${String(error.details.reason ?? 'it is too large')}. List its files with get_pull_request_files, then read the changes commit by commit with get_commit, or a file at the head with get_file_contents.`,
          { cause: error },
        );
      }
      throw error;
    });
    const whole = String(data as unknown);
    const max = app.maxBodyChars;
    let end = Math.min(whole.length, offset + max);
    // Cut at a line end so a hunk line is never split between two calls.
    if (end < whole.length) {
      const newline = whole.lastIndexOf('\n', end - 1);
      if (newline >= offset) end = newline + 1;
    }
    const diff = sanitizeUntrusted(whole.slice(offset, end), { markdown: false });
    const truncated = end < whole.length;
    const tail = truncated
      ? `\n[diff of ${whole.length.toLocaleString('en-US')} characters cut at ${end.toLocaleString('en-US')}; call again with offset ${end} for the rest]`
      : '';
    const text =
      whole.length === 0 ? `#${pullNumber} changes nothing.` : offset >= whole.length ? `Offset ${offset} is past the end.` : diff + tail;
    return { text, data: { diff, size: whole.length, truncated, ...(truncated && { nextOffset: end }) } };
  },
});

const fileChange = z.object({
  filename: z.string(),
  status: z.string(),
  additions: z.number().int(),
  deletions: z.number().int(),
  previousFilename: z.string().optional(),
});

const STATUS_MARK: Record<string, string> = {
  added: 'A',
  removed: 'D',
  modified: 'M',
  renamed: 'R',
  copied: 'C',
  changed: 'M',
  unchanged: ' ',
};

export const getPullRequestFiles = defineGitHubTool({
  name: 'get_pull_request_files',
  title: 'List pull request files',
  description: 'List the files a pull request changes, with line counts (get_pull_request_diff has the changes).',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField, ...pageFields }),
  output: z.object({ files: z.array(fileChange), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, pullNumber, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the files of #${pullNumber}`), () =>
      app.github.rest.pulls.listFiles({ owner, repo, pull_number: pullNumber, page, per_page: perPage, request: { signal } }),
    );
    const files = data.map((file) => ({
      filename: sanitizeName(file.filename),
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      ...(file.previous_filename && { previousFilename: sanitizeName(file.previous_filename) }),
    }));
    const pagination = pageOf(headers, page, perPage);
    const lines = files.map(
      (f) =>
        `${STATUS_MARK[f.status] ?? '?'} ${f.previousFilename ? `${f.previousFilename} → ` : ''}${f.filename} +${f.additions} -${f.deletions}`,
    );
    const top = files.length === 0 ? `#${pullNumber} changes no files.` : `Files of #${pullNumber}:`;
    return { text: [top, ...lines, ...pageNote(pagination)].join('\n'), data: { files, pagination } };
  },
});

const checkRecord = z.object({
  name: z.string(),
  kind: z.enum(['status', 'check']),
  state: z.string(),
  description: z.string().nullable(),
  url: z.string().nullable(),
});
type CheckRecord = z.infer<typeof checkRecord>;

/** Check conclusions that mean the head is not good to merge. */
const FAILED = new Set(['failure', 'error', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);

/** One verdict over statuses and check runs, as GitHub's merge box gives it. */
function overallState(checks: CheckRecord[]): 'success' | 'failure' | 'pending' | 'none' {
  if (checks.length === 0) return 'none';
  if (checks.some((check) => FAILED.has(check.state))) return 'failure';
  if (checks.some((check) => check.state === 'pending' || check.state === 'queued' || check.state === 'in_progress')) return 'pending';
  return 'success';
}

export const getPullRequestStatus = defineGitHubTool({
  name: 'get_pull_request_status',
  title: 'Get pull request checks',
  description: 'Get the CI state of a pull request’s head: commit statuses and check runs, with one overall verdict.',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField }),
  output: z.object({ sha: z.string(), state: z.enum(['success', 'failure', 'pending', 'none']), checks: z.array(checkRecord) }),
  annotations: READ,
  async handler({ owner, repo, pullNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const subject = subjectOf(owner, repo, `the checks of #${pullNumber}`);
    const { data: pull } = await callGitHub(subject, () =>
      app.github.rest.pulls.get({ owner, repo, pull_number: pullNumber, request: { signal } }),
    );
    const ref = pull.head.sha;
    // Both lists at most 100 long: a head with more reports than that is rare, and the
    // verdict says "pending" or "failure" from what it saw, never "success" from a part.
    const [combined, runs] = await Promise.all([
      callGitHub(subject, () => app.github.rest.repos.getCombinedStatusForRef({ owner, repo, ref, per_page: 100, request: { signal } })),
      callGitHub(subject, () => app.github.rest.checks.listForRef({ owner, repo, ref, per_page: 100, request: { signal } })),
    ]);
    const line = (value: string | null | undefined) => (value ? sanitizeUntrusted(value, { markdown: false }) : null);
    const checks: CheckRecord[] = [
      ...combined.data.statuses.map((status) => ({
        name: sanitizeName(status.context),
        kind: 'status' as const,
        state: status.state,
        description: line(status.description),
        url: status.target_url ?? null,
      })),
      ...runs.data.check_runs.map((run) => ({
        name: sanitizeName(run.name),
        kind: 'check' as const,
        state: run.status === 'completed' ? (run.conclusion ?? 'neutral') : run.status,
        description: line(run.output.title),
        url: run.details_url ?? run.html_url ?? null,
      })),
    ];
    const state = overallState(checks);
    const partial = combined.data.total_count > combined.data.statuses.length || runs.data.total_count > runs.data.check_runs.length;
    const lines = [
      `#${pullNumber} head ${ref.slice(0, 7)}: ${state === 'none' ? 'no checks reported' : state}`,
      ...checks.map((c) => `- ${c.name} (${c.kind}): ${c.state}${c.description ? ` — ${c.description}` : ''}`),
    ];
    if (partial) lines.push('More checks exist than shown (the first 100 of each kind).');
    return { text: lines.join('\n'), data: { sha: ref, state, checks } };
  },
});

const reviewRecord = commentRecord.extend({ state: z.string(), commitId: z.string().nullable() });

export const getPullRequestReviews = defineGitHubTool({
  name: 'get_pull_request_reviews',
  title: 'List pull request reviews',
  description: 'List the reviews of a pull request: verdicts and their summaries.',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField, ...pageFields }),
  output: z.object({ reviews: z.array(reviewRecord), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, pullNumber, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the reviews of #${pullNumber}`), () =>
      app.github.rest.pulls.listReviews({ owner, repo, pull_number: pullNumber, page, per_page: perPage, request: { signal } }),
    );
    const reviews = await Promise.all(
      data.map(async (review) => ({
        ...(await presentComment(app, { owner, repo, kind: 'review' }, review, review.submitted_at ?? '', signal)),
        state: review.state,
        commitId: review.commit_id ?? null,
      })),
    );
    const pagination = pageOf(headers, page, perPage);
    const lines =
      reviews.length === 0
        ? [`No reviews on #${pullNumber}.`]
        : reviews.map(
            (r) => `@${r.author ?? 'ghost'} ${r.state}${r.createdAt ? ` at ${r.createdAt}` : ''}${r.body ? `:\n${r.body}\n` : ''}`,
          );
    return { text: [...lines, ...pageNote(pagination)].join('\n'), data: { reviews, pagination } };
  },
});

const reviewCommentRecord = commentRecord.extend({
  path: z.string(),
  line: z.number().int().nullable(),
  inReplyTo: z.number().int().nullable(),
});

export const getPullRequestComments = defineGitHubTool({
  name: 'get_pull_request_comments',
  title: 'List pull request review comments',
  description: 'List the line comments of a pull request’s reviews (list_issue_comments has the conversation).',
  toolset: 'pull_requests',
  input: z.strictObject({ ...repoFields, pullNumber: issueNumberField, ...pageFields }),
  output: z.object({ comments: z.array(reviewCommentRecord), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, pullNumber, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the review comments of #${pullNumber}`), () =>
      app.github.rest.pulls.listReviewComments({ owner, repo, pull_number: pullNumber, page, per_page: perPage, request: { signal } }),
    );
    const comments = await Promise.all(
      data.map(async (comment) => ({
        ...(await presentComment(app, { owner, repo, kind: 'review comment' }, comment, comment.created_at, signal)),
        path: sanitizeName(comment.path),
        line: comment.line ?? comment.original_line ?? null,
        inReplyTo: comment.in_reply_to_id ?? null,
      })),
    );
    const pagination = pageOf(headers, page, perPage);
    const lines =
      comments.length === 0
        ? [`No review comments on #${pullNumber}.`]
        : comments.map((c) => `@${c.author ?? 'ghost'} on ${c.path}${c.line === null ? '' : `:${c.line}`} at ${c.createdAt}:\n${c.body}\n`);
    return { text: [...lines, ...pageNote(pagination)].join('\n'), data: { comments, pagination } };
  },
});

export const searchPullRequests = issueSearchTool({
  name: 'search_pull_requests',
  title: 'Search pull requests',
  description: 'Search pull requests (GitHub search syntax, e.g. "repo:o/r is:open author:octocat"; is:pr is added).',
  toolset: 'pull_requests',
  qualifier: 'is:pr',
});
