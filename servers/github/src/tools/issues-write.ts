import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { issueNumberField, loginField, repoFields, subjectOf } from './github-fields.js';
import { issueLine, issueRecord, type RawIssue, toIssueRecord } from './issue-records.js';

const labelList = z.array(z.string().trim().min(1).max(100)).max(50);
const loginList = z.array(loginField).max(10);

export const createIssue = defineGitHubTool({
  name: 'create_issue',
  title: 'Open an issue',
  description: 'Open an issue.',
  toolset: 'issues',
  input: z.strictObject({
    ...repoFields,
    title: z.string().trim().min(1).max(256),
    body: z.string().max(65_536).optional(),
    labels: labelList.optional(),
    assignees: loginList.optional(),
  }),
  output: z.object({ issue: issueRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, title, body, labels, assignees }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, 'a new issue'), () =>
      app.github.rest.issues.create({
        owner,
        repo,
        title,
        ...(body !== undefined && { body }),
        ...(labels && { labels }),
        ...(assignees && { assignees }),
        // Not retried: a 502 often comes after GitHub made the issue, and a retry would make a second.
        request: { signal, retries: 0 },
      }),
    );
    const issue = toIssueRecord(data as RawIssue);
    return { text: `Opened ${issueLine(issue)}\n${issue.htmlUrl}`, data: { issue } };
  },
});

export const updateIssue = defineGitHubTool({
  name: 'update_issue',
  title: 'Edit an issue',
  description: 'Edit an issue; labels or assignees given replace the current ones.',
  toolset: 'issues',
  input: z
    .strictObject({
      ...repoFields,
      issueNumber: issueNumberField,
      title: z.string().trim().min(1).max(256).optional(),
      body: z.string().max(65_536).optional(),
      state: z.enum(['open', 'closed']).optional(),
      stateReason: z.enum(['completed', 'not_planned', 'reopened']).optional(),
      labels: labelList.optional(),
      assignees: loginList.optional(),
    })
    .refine(
      (input) =>
        ['title', 'body', 'state', 'stateReason', 'labels', 'assignees'].some((key) => input[key as keyof typeof input] !== undefined),
      { message: 'give at least one of title, body, state, stateReason, labels, assignees' },
    ),
  output: z.object({ issue: issueRecord }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, issueNumber, title, body, state, stateReason, labels, assignees }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `issue #${issueNumber}`), () =>
      app.github.rest.issues.update({
        owner,
        repo,
        issue_number: issueNumber,
        ...(title !== undefined && { title }),
        ...(body !== undefined && { body }),
        ...(state !== undefined && { state }),
        ...(stateReason !== undefined && { state_reason: stateReason }),
        ...(labels !== undefined && { labels }),
        ...(assignees !== undefined && { assignees }),
        request: { signal },
      }),
    );
    const issue = toIssueRecord(data as RawIssue);
    return { text: `Updated ${issueLine(issue)}\n${issue.htmlUrl}`, data: { issue } };
  },
});

export const addIssueComment = defineGitHubTool({
  name: 'add_issue_comment',
  title: 'Comment on an issue',
  description: 'Comment on an issue or pull request.',
  toolset: 'issues',
  input: z.strictObject({ ...repoFields, issueNumber: issueNumberField, body: z.string().trim().min(1).max(65_536) }),
  // The author is the token's account and the time is now: only what a caller cannot know.
  output: z.object({ id: z.number().int(), htmlUrl: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, issueNumber, body }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `a comment on #${issueNumber}`), () =>
      // Not retried, like create_issue: a retry after a 5xx could post the comment twice.
      app.github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, request: { signal, retries: 0 } }),
    );
    const comment = { id: data.id, htmlUrl: data.html_url };
    return { text: `Commented on ${owner}/${repo}#${issueNumber}: ${comment.htmlUrl}`, data: comment };
  },
});
