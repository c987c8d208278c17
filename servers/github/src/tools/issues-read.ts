import { z } from 'zod';
import { hiddenByPolicyNote, totalWithinPolicy } from '../access/repo-policy.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName } from '../safety/sanitize-text.js';
import { issueNumberField, repoFields, subjectOf } from './github-fields.js';
import {
  capText,
  commentRecord,
  type IssueRecord,
  issueLine,
  issueRecord,
  lockdownTitles,
  presentComment,
  type RawIssue,
  toIssueRecord,
} from './issue-records.js';
import { scopedQuery } from './search-scope.js';

export const listIssues = defineGitHubTool({
  name: 'list_issues',
  title: 'List issues',
  description: 'List issues (and pull requests, marked) of a repository.',
  toolset: 'issues',
  input: z.strictObject({
    ...repoFields,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    labels: z.array(z.string().min(1).max(100)).max(20).optional(),
    sort: z.enum(['created', 'updated', 'comments']).default('created'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    since: z.iso.datetime({ offset: true }).optional(),
    ...pageFields,
  }),
  output: z.object({ issues: z.array(issueRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, state, labels, sort, direction, since, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the issues'), () =>
      app.github.rest.issues.listForRepo({
        owner,
        repo,
        state,
        ...(labels && { labels: labels.join(',') }),
        sort,
        direction,
        ...(since && { since }),
        page,
        per_page: perPage,
        request: { signal },
      }),
    );
    const here = () => ({ owner, repo });
    const issues = await lockdownTitles(
      app,
      data.map((issue) => toIssueRecord(issue as RawIssue)),
      here,
      'issue',
      signal,
    );
    const pagination = pageOf(headers, page, perPage);
    const head =
      issues.length === 0
        ? `No ${state === 'all' ? '' : `${state} `}issues in ${owner}/${repo} match.`
        : `${owner}/${repo} issues (${state}):`;
    return { text: [head, ...issues.map(issueLine), ...pageNote(pagination)].join('\n'), data: { issues, pagination } };
  },
});

export const getIssue = defineGitHubTool({
  name: 'get_issue',
  title: 'Get an issue',
  description: 'Get an issue or pull request with its body.',
  toolset: 'issues',
  input: z.strictObject({ ...repoFields, issueNumber: issueNumberField }),
  output: z.object({ issue: issueRecord, body: z.string(), bodyWithheld: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, issueNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `issue #${issueNumber}`), () =>
      app.github.rest.issues.get({ owner, repo, issue_number: issueNumber, request: { signal } }),
    );
    const [issue] = (await lockdownTitles(app, [toIssueRecord(data as RawIssue)], () => ({ owner, repo }), 'issue', signal)) as [
      IssueRecord,
    ];
    const body = await app.lockdown.present(
      data.body,
      {
        owner,
        repo,
        author: data.user?.login,
        association: data.author_association,
        kind: issue.isPullRequest ? 'pull request body' : 'issue body',
      },
      signal,
    );
    const shown = capText(body.text, app.maxBodyChars, issue.htmlUrl);
    const text = [issueLine(issue), issue.htmlUrl, '', shown.text || '(no description)'].join('\n');
    return { text, data: { issue, body: shown.text, bodyWithheld: body.withheld } };
  },
});

export const listIssueComments = defineGitHubTool({
  name: 'list_issue_comments',
  title: 'List issue comments',
  description: 'List comments on an issue or pull request.',
  toolset: 'issues',
  input: z.strictObject({ ...repoFields, issueNumber: issueNumberField, ...pageFields }),
  output: z.object({ comments: z.array(commentRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, issueNumber, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the comments of #${issueNumber}`), () =>
      app.github.rest.issues.listComments({ owner, repo, issue_number: issueNumber, page, per_page: perPage, request: { signal } }),
    );
    const comments = await Promise.all(
      data.map((comment) => presentComment(app, { owner, repo, kind: 'comment' }, comment, comment.created_at, signal)),
    );
    const pagination = pageOf(headers, page, perPage);
    const lines =
      comments.length === 0
        ? [`No comments on #${issueNumber}.`]
        : comments.map((c) => `@${c.author ?? 'ghost'} at ${c.createdAt}:\n${c.body}\n`);
    return { text: [...lines, ...pageNote(pagination)].join('\n'), data: { comments, pagination } };
  },
});

/**
 * An issue search tool: `search_issues`, and `search_pull_requests`, which is the same search
 * narrowed by a qualifier. Under an allow-list the results outside it are dropped and counted,
 * and GitHub's total (which counts them) is not shown.
 */
export function issueSearchTool(options: {
  name: string;
  title: string;
  description: string;
  toolset: string;
  /** Added to every query, e.g. "is:pr". */
  qualifier?: string;
}) {
  const { qualifier } = options;
  return defineGitHubTool({
    name: options.name,
    title: options.title,
    description: options.description,
    toolset: options.toolset,
    input: z.strictObject({
      query: z.string().trim().min(1).max(256),
      sort: z.enum(['comments', 'reactions', 'created', 'updated']).optional(),
      order: z.enum(['asc', 'desc']).default('desc'),
      ...pageFields,
    }),
    output: z.object({
      issues: z.array(issueRecord.extend({ repository: z.string() })),
      pagination: pageRecord,
      hiddenByPolicy: z.number().int(),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async handler({ query, sort, order, page, perPage }, { app, signal }) {
      const asked = qualifier && !query.split(/\s+/).includes(qualifier) ? `${query} ${qualifier}` : query;
      const q = scopedQuery(app.repos, asked);
      const { data, headers } = await callGitHub(`the search "${q}"`, () =>
        app.github.rest.search.issuesAndPullRequests({
          q,
          ...(sort && { sort }),
          order,
          page,
          per_page: perPage,
          request: { signal },
        }),
      );
      const withRepo = data.items.map((item) => ({ item, repository: item.repository_url.split('/').slice(-2).join('/') }));
      const visible = withRepo.filter(({ repository }) => {
        const [owner = '', repo = ''] = repository.split('/');
        return app.repos.allows(owner, repo);
      });
      const found = visible.map(({ item, repository }) => ({ ...toIssueRecord(item as RawIssue), repository: sanitizeName(repository) }));
      const issues = await lockdownTitles(
        app,
        found,
        ({ repository }) => {
          const [owner = '', repo = ''] = repository.split('/');
          return { owner, repo };
        },
        'issue',
        signal,
      );
      const hiddenByPolicy = withRepo.length - visible.length;
      const total = totalWithinPolicy(data.total_count, hiddenByPolicy);
      const pagination = pageOf(headers, page, perPage, total);
      const lines = [
        total === undefined
          ? `Results for "${asked}" within the allowed repositories:`
          : `${total.toLocaleString('en-US')} results for "${q}".`,
        ...issues.map((i) => `${i.repository} ${issueLine(i)}`),
      ];
      lines.push(...hiddenByPolicyNote(hiddenByPolicy));
      lines.push(...pageNote(pagination));
      return { text: lines.join('\n'), data: { issues, pagination, hiddenByPolicy } };
    },
  });
}

export const searchIssues = issueSearchTool({
  name: 'search_issues',
  title: 'Search issues and pull requests',
  description: 'Search issues and pull requests (GitHub search syntax, e.g. "repo:o/r is:issue is:open label:bug").',
  toolset: 'issues',
});
