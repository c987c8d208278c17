import { CLIENT_KINDS, expectToolError, githubError } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from '../github-server.fixture.js';

type Accounts = { accounts: Array<{ login: string; type: string; htmlUrl: string }>; pagination: { total?: number; hasMore: boolean } };

describe.each(CLIENT_KINDS)('GitHub user and organization search (%s)', (kind) => {
  const start = useGitHub();

  it('search_users finds users only, with the total, pages and the sort passed on', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('search_users', { query: 'octocat', sort: 'followers', order: 'asc' });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as Accounts;
    expect(data.accounts.map((a) => a.login)).toEqual(['octocat', 'monalisa']);
    expect(data.accounts.every((a) => a.type === 'User')).toBe(true);
    expect(data.pagination.total).toBe(2);
    expect(result.text).toBe(
      '2 users match "octocat".\n- @octocat — https://github.com/octocat\n- @monalisa — https://github.com/monalisa',
    );
    const sent = h.github.requests.at(-1)?.searchParams;
    expect(sent?.get('q')).toBe('octocat type:user');
    expect(sent?.get('sort')).toBe('followers');
    expect(sent?.get('order')).toBe('asc');
    const page = await h.client.callTool('search_users', { query: 'octocat', perPage: 1 });
    expect((page.structured as Accounts).pagination).toMatchObject({ total: 2, hasMore: true });
    expect(page.text).toMatch(/call again with page 2/);
  });

  it('search_orgs finds organizations only', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('search_orgs', { query: 'octo' });
    expect(result.isError, result.text).toBe(false);
    expect((result.structured as Accounts).accounts).toEqual([
      { login: 'octo-org', type: 'Organization', htmlUrl: 'https://github.com/octo-org' },
    ]);
    expect(result.text).toMatch(/^1 organization matches "octo"\./);
    expect(h.github.requests.at(-1)?.searchParams.get('q')).toBe('octo type:org');
  });

  it('sanitizes logins, refuses a type: qualifier and bad arguments before any request, and reports GitHub’s 422', async () => {
    const h = await start(kind);
    h.github.world.addAccount({ login: 'sneaky\u200bbot', name: 'Sneaky' });
    const sneaky = await h.client.callTool('search_users', { query: 'sneaky' });
    expect((sneaky.structured as Accounts).accounts[0]?.login).toBe('sneakybot');
    const before = h.github.hits();
    expectToolError(await h.client.callTool('search_users', { query: 'octo type:org' }), 'invalid_input', /search_orgs/);
    expectToolError(await h.client.callTool('search_orgs', { query: '-type:user octo' }), 'invalid_input', /search_users/);
    expectToolError(await h.client.callTool('search_users', { query: '   ' }), 'invalid_input', /query/);
    expectToolError(await h.client.callTool('search_users', { query: 'x'.repeat(241) }), 'invalid_input', /query/);
    expectToolError(await h.client.callTool('search_orgs', { query: 'octo', sort: 'stars' }), 'invalid_input', /sort/);
    expect(h.github.hits()).toBe(before);
    const message =
      'The listed users cannot be searched either because the users do not exist or you do not have permission to view the users.';
    h.github.inject(
      '/search/users',
      githubError(422, 'Validation Failed', 'https://docs.github.com/v3/search', {
        errors: [{ message, resource: 'Search', field: 'q', code: 'invalid' }],
      }),
    );
    expectToolError(await h.client.callTool('search_users', { query: 'user:nobody-here' }), 'invalid_input', /cannot be searched/);
  });
});
