import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import type { GitHubApp } from '../app.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName } from '../safety/sanitize-text.js';

// Accounts are not repositories: `--repos` does not narrow these searches, and GitHub's total
// stands. Each tool adds its own `type:` qualifier, so a query naming another type is refused
// rather than answered with nothing.

const accountRecord = z.object({ login: z.string(), type: z.string(), htmlUrl: z.string() });

const input = z.strictObject({
  // GitHub's 256-character limit, less the `type:` qualifier the tool adds.
  query: z.string().trim().min(1).max(240),
  sort: z.enum(['followers', 'repositories', 'joined']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  ...pageFields,
});
type Input = z.infer<typeof input>;

const output = z.object({ accounts: z.array(accountRecord), pagination: pageRecord });

async function searchAccounts(kind: 'user' | 'org', { query, sort, order, page, perPage }: Input, app: GitHubApp, signal: AbortSignal) {
  if (/(?:^|\s)-?type:/i.test(query)) {
    throw invalidInput(
      `Leave "type:" out of the query: this tool searches ${kind === 'user' ? 'users' : 'organizations'} only (${kind === 'user' ? 'search_orgs' : 'search_users'} finds the others).`,
    );
  }
  const { data, headers } = await callGitHub(`the ${kind === 'user' ? 'user' : 'organization'} search "${query}"`, () =>
    app.github.rest.search.users({
      q: `${query} type:${kind}`,
      ...(sort && { sort }),
      ...(order && { order }),
      page,
      per_page: perPage,
      request: { signal },
    }),
  );
  const accounts = data.items.map((item) => ({ login: sanitizeName(item.login), type: item.type, htmlUrl: item.html_url }));
  const pagination = pageOf(headers, page, perPage, data.total_count);
  const noun = kind === 'user' ? 'user' : 'organization';
  const count = data.total_count;
  const lines = [`${count.toLocaleString('en-US')} ${count === 1 ? `${noun} matches` : `${noun}s match`} "${query}".`];
  lines.push(...accounts.map((account) => `- @${account.login} — ${account.htmlUrl}`));
  lines.push(...pageNote(pagination));
  return { text: lines.join('\n'), data: { accounts, pagination } };
}

export const searchUsers = defineGitHubTool({
  name: 'search_users',
  title: 'Search users',
  description: 'Search GitHub users (search syntax, e.g. "location:seattle followers:>100").',
  toolset: 'users',
  input,
  output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: (args, { app, signal }) => searchAccounts('user', args, app, signal),
});

export const searchOrgs = defineGitHubTool({
  name: 'search_orgs',
  title: 'Search organizations',
  description: 'Search GitHub organizations (search syntax, e.g. "location:california").',
  toolset: 'orgs',
  input,
  output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: (args, { app, signal }) => searchAccounts('org', args, app, signal),
});
