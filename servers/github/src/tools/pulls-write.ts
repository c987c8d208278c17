import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { sanitizeName } from '../safety/sanitize-text.js';
import { issueNumberField, loginField, repoFields, subjectOf } from './github-fields.js';
import { pullLine, pullRecord, type RawPull, toPullRecord } from './pull-records.js';

export const createPullRequest = defineGitHubTool({
  name: 'create_pull_request',
  title: 'Open a pull request',
  description: 'Open a pull request from head into base.',
  toolset: 'pull_requests',
  input: z.strictObject({
    ...repoFields,
    title: z.string().trim().min(1).max(256),
    head: z.string().min(1).max(300).describe('Branch, or owner:branch from a fork'),
    base: z.string().min(1).max(255),
    body: z.string().max(65_536).optional(),
    draft: z.boolean().default(false),
    maintainerCanModify: z.boolean().optional(),
  }),
  output: z.object({ pullRequest: pullRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, title, head, base, body, draft, maintainerCanModify }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, 'a new pull request'), () =>
      app.github.rest.pulls.create({
        owner,
        repo,
        title,
        head,
        base,
        ...(body !== undefined && { body }),
        draft,
        ...(maintainerCanModify !== undefined && { maintainer_can_modify: maintainerCanModify }),
        // Not retried: a 502 can follow a pull request GitHub did open.
        request: { signal, retries: 0 },
      }),
    );
    const pullRequest = toPullRecord(data as RawPull);
    return { text: `Opened ${pullLine(pullRequest)}\n${pullRequest.htmlUrl}`, data: { pullRequest } };
  },
});

export const mergePullRequest = defineGitHubTool({
  name: 'merge_pull_request',
  title: 'Merge a pull request',
  description: 'Merge a pull request; give sha to refuse if its head moved.',
  toolset: 'pull_requests',
  input: z.strictObject({
    ...repoFields,
    pullNumber: issueNumberField,
    mergeMethod: z.enum(['merge', 'squash', 'rebase']).default('merge'),
    commitTitle: z.string().max(256).optional(),
    commitMessage: z.string().max(65_536).optional(),
    sha: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
  }),
  output: z.object({ merged: z.boolean(), sha: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, pullNumber, mergeMethod, commitTitle, commitMessage, sha }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `the merge of #${pullNumber}`), () =>
      app.github.rest.pulls.merge({
        owner,
        repo,
        pull_number: pullNumber,
        merge_method: mergeMethod,
        ...(commitTitle !== undefined && { commit_title: commitTitle }),
        ...(commitMessage !== undefined && { commit_message: commitMessage }),
        ...(sha && { sha }),
        request: { signal, retries: 0 },
      }),
    );
    return {
      text: `Merged #${pullNumber} into its base (${mergeMethod}) as ${data.sha.slice(0, 7)}.`,
      data: { merged: data.merged, sha: data.sha },
    };
  },
});

export const updatePullRequest = defineGitHubTool({
  name: 'update_pull_request',
  title: 'Update a pull request',
  description: 'Change a pull request’s title, body, base or state, and request reviewers.',
  toolset: 'pull_requests',
  input: z.strictObject({
    ...repoFields,
    pullNumber: issueNumberField,
    title: z.string().trim().min(1).max(256).optional(),
    body: z.string().max(65_536).optional(),
    state: z.enum(['open', 'closed']).optional(),
    base: z.string().min(1).max(255).optional(),
    maintainerCanModify: z.boolean().optional(),
    reviewers: z.array(loginField).max(15).optional(),
  }),
  output: z.object({ pullRequest: pullRecord, requestedReviewers: z.array(z.string()) }),
  // A new title or body replaces the old one: what was there is gone from the page.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, pullNumber, title, body, state, base, maintainerCanModify, reviewers }, { app, signal }) {
    const changes = {
      ...(title !== undefined && { title }),
      ...(body !== undefined && { body }),
      ...(state !== undefined && { state }),
      ...(base !== undefined && { base }),
      ...(maintainerCanModify !== undefined && { maintainer_can_modify: maintainerCanModify }),
    };
    if (Object.keys(changes).length === 0 && (reviewers === undefined || reviewers.length === 0)) {
      throw invalidInput('Nothing to change: give title, body, state, base, maintainerCanModify or reviewers.');
    }
    app.repos.check(owner, repo);
    const subject = subjectOf(owner, repo, `pull request #${pullNumber}`);
    type Answer = RawPull & { requested_reviewers?: Array<{ login: string }> | null };
    const updated: Answer | undefined =
      Object.keys(changes).length === 0
        ? undefined
        : (
            await callGitHub(subject, () =>
              app.github.rest.pulls.update({ owner, repo, pull_number: pullNumber, ...changes, request: { signal } }),
            )
          ).data;
    // Requested after the update, so its answer (the pull request as it now stands) is the one shown.
    const requested: Answer | undefined =
      reviewers === undefined || reviewers.length === 0
        ? undefined
        : (
            await callGitHub(subjectOf(owner, repo, `the reviewers of #${pullNumber}`), () =>
              app.github.rest.pulls.requestReviewers({ owner, repo, pull_number: pullNumber, reviewers, request: { signal } }),
            )
          ).data;
    const raw = (requested ?? updated) as Answer;
    const pullRequest = toPullRecord(raw);
    const requestedReviewers = (raw.requested_reviewers ?? []).map((user) => sanitizeName(user.login));
    const said = [
      `Updated ${pullLine(pullRequest)}`,
      ...(requestedReviewers.length > 0 ? [`Reviews requested from: ${requestedReviewers.map((login) => `@${login}`).join(', ')}`] : []),
      pullRequest.htmlUrl,
    ];
    return { text: said.join('\n'), data: { pullRequest, requestedReviewers } };
  },
});

const lineComment = z.strictObject({
  path: z.string().min(1).max(1024),
  line: z.number().int().positive().describe('Line in the file at the head (side RIGHT) or base (LEFT)'),
  side: z.enum(['LEFT', 'RIGHT']).default('RIGHT'),
  startLine: z.number().int().positive().optional().describe('First line of a multi-line comment'),
  body: z.string().min(1).max(65_536),
});

export const createPullRequestReview = defineGitHubTool({
  name: 'create_pull_request_review',
  title: 'Review a pull request',
  description: 'Submit a review of a pull request (approve, request changes or comment), with line comments.',
  toolset: 'pull_requests',
  input: z.strictObject({
    ...repoFields,
    pullNumber: issueNumberField,
    event: z.enum(['APPROVE', 'REQUEST_CHANGES', 'COMMENT']),
    body: z.string().max(65_536).optional(),
    comments: z.array(lineComment).max(50).optional(),
    commitId: z
      .string()
      .refine((sha) => /^[0-9a-f]{40}$/.test(sha), 'a full 40-character commit sha')
      .optional()
      .describe('Refuse if the head moved past this commit'),
  }),
  output: z.object({ id: z.number().int(), state: z.string(), comments: z.number().int(), htmlUrl: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, pullNumber, event, body, comments = [], commitId }, { app, signal }) {
    if (event !== 'APPROVE' && !body && comments.length === 0) {
      throw invalidInput(`A review that ${event === 'COMMENT' ? 'comments' : 'requests changes'} needs a body or line comments.`);
    }
    for (const [index, comment] of comments.entries()) {
      if (comment.startLine !== undefined && comment.startLine >= comment.line) {
        throw invalidInput(`comments[${index}]: startLine must come before line.`);
      }
    }
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `a review of #${pullNumber}`), () =>
      app.github.rest.pulls.createReview({
        owner,
        repo,
        pull_number: pullNumber,
        event,
        ...(body && { body }),
        ...(commitId && { commit_id: commitId }),
        comments: comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: c.side,
          body: c.body,
          ...(c.startLine !== undefined && { start_line: c.startLine, start_side: c.side }),
        })),
        // Not retried: a second attempt after a 502 could post the review twice.
        request: { signal, retries: 0 },
      }),
    );
    const verdict =
      { APPROVED: 'Approved', CHANGES_REQUESTED: 'Requested changes on', COMMENTED: 'Commented on' }[data.state] ?? 'Reviewed';
    return {
      text: `${verdict} #${pullNumber}${comments.length > 0 ? ` with ${comments.length} line comment(s)` : ''}.\n${data.html_url}`,
      data: { id: data.id, state: data.state, comments: comments.length, htmlUrl: data.html_url },
    };
  },
});
