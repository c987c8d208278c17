import { z } from 'zod';
import { hiddenByPolicyNote, totalWithinPolicy } from '../access/repo-policy.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { scopedQuery } from './search-scope.js';

const repositoryRecord = z.object({
  fullName: z.string(),
  description: z.string().nullable(),
  private: z.boolean(),
  language: z.string().nullable(),
  stars: z.number().int(),
  forks: z.number().int(),
  openIssues: z.number().int(),
  defaultBranch: z.string(),
  updatedAt: z.string().nullable(),
  htmlUrl: z.string(),
});

export const searchRepositories = defineGitHubTool({
  name: 'search_repositories',
  title: 'Search repositories',
  description: 'Search repositories (GitHub search syntax, e.g. "mcp language:go stars:>100").',
  toolset: 'repos',
  input: z.strictObject({
    query: z.string().trim().min(1).max(256),
    sort: z.enum(['stars', 'forks', 'updated', 'help-wanted-issues']).optional(),
    ...pageFields,
  }),
  output: z.object({ repositories: z.array(repositoryRecord), pagination: pageRecord, hiddenByPolicy: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ query, sort, page, perPage }, { app, signal }) {
    const q = scopedQuery(app.repos, query);
    const { data, headers } = await callGitHub(`the repository search "${query}"`, () =>
      app.github.rest.search.repos({ q, ...(sort && { sort }), page, per_page: perPage, request: { signal } }),
    );
    const visible = data.items.filter((item) => app.repos.allows(item.owner?.login ?? '', item.name));
    const repositories = visible.map((item) => ({
      fullName: sanitizeName(item.full_name),
      description: item.description ? sanitizeUntrusted(item.description, { markdown: false }) : null,
      private: item.private,
      language: item.language ?? null,
      stars: item.stargazers_count,
      forks: item.forks_count,
      openIssues: item.open_issues_count,
      defaultBranch: sanitizeName(item.default_branch),
      updatedAt: item.updated_at ?? null,
      htmlUrl: item.html_url,
    }));
    const hiddenByPolicy = data.items.length - visible.length;
    const total = totalWithinPolicy(data.total_count, hiddenByPolicy);
    const pagination = pageOf(headers, page, perPage, total);
    const lines = [
      total === undefined
        ? `Repositories matching "${query}" within the allowed ones:`
        : `${total.toLocaleString('en-US')} repositories match "${query}".`,
    ];
    for (const repo of repositories) {
      lines.push(
        `- ${repo.fullName} ★${repo.stars}${repo.language ? ` ${repo.language}` : ''}${repo.private ? ' (private)' : ''}${repo.description ? ` — ${repo.description}` : ''}`,
      );
    }
    lines.push(...hiddenByPolicyNote(hiddenByPolicy));
    lines.push(...pageNote(pagination));
    return { text: lines.join('\n'), data: { repositories, pagination, hiddenByPolicy } };
  },
});
