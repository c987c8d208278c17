import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, tagCharacters } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

type Result = { repository: string; path: string; sha: string; htmlUrl: string; fragments: string[] };
type Page = { page: number; hasMore: boolean; lastPage?: number; total?: number };

/** The `q` of every code search the fake received. */
const searches = (h: GitHubHarness) =>
  h.github.requests.filter((request) => request.path === '/search/code').map((request) => request.searchParams.get('q'));

/** A file in hello-world whose matching line hides an instruction and runs far past any sensible fragment. */
function plantHostileFile(h: GitHubHarness): void {
  h.github.world.repo('octo-org', 'hello-world')?.git.commitOn('main', {
    message: 'Add a config',
    author: { name: 'Mallory', email: 'mallory@example.com', date: '2026-11-20T10:00:00Z' },
    changes: {
      'src/config.ts': `// settings${tagCharacters(HIDDEN_INSTRUCTION)} ${'=~'.repeat(1500)} zebrafish\u200b banner${tagCharacters(HIDDEN_INSTRUCTION)}\n`,
    },
  });
}

describe.each(CLIENT_KINDS)('GitHub search_code (%s)', (kind) => {
  const start = useGitHub();

  it('finds code with its repository, path, sha and matching fragment, and pages with a total', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('search_code', { query: 'greet repo:octo-org/hello-world language:typescript' });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { results: Result[]; pagination: Page; hiddenByPolicy: number };
    expect(data.results.length).toBeGreaterThan(1);
    const first = data.results[0];
    expect(first).toMatchObject({ repository: 'octo-org/hello-world', path: expect.stringMatching(/\.ts$/) });
    expect(first?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(first?.htmlUrl).toMatch(/^https:\/\/github\.com\/octo-org\/hello-world\/blob\//);
    expect(first?.fragments[0]?.toLowerCase()).toContain('greet');
    expect(data.pagination.total).toBe(data.results.length);
    expect(result.text).toMatch(
      /^\d+ files match "greet repo:octo-org\/hello-world language:typescript"\.\n- octo-org\/hello-world: src\//,
    );

    const paged = await h.client.callTool('search_code', { query: 'greet repo:octo-org/hello-world', perPage: 1 });
    const page = paged.structured as { results: Result[]; pagination: Page };
    expect(page.results).toHaveLength(1);
    expect(page.pagination).toMatchObject({ page: 1, hasMore: true });
    expect(page.pagination.lastPage).toBeGreaterThan(1);
    expect(paged.text).toMatch(/Page 1 of \d+ — call again with page 2 for more\./);
  });

  it('sanitizes fragments and caps their length', async () => {
    const h = await start(kind);
    plantHostileFile(h);
    const result = await h.client.callTool('search_code', { query: 'zebrafish repo:octo-org/hello-world' });
    expect(result.isError, result.text).toBe(false);
    const [hit] = (result.structured as { results: Result[] }).results;
    expect(hit?.path).toBe('src/config.ts');
    for (const text of [result.text, JSON.stringify(result.structured)]) {
      expect(text).not.toMatch(/[\u200b]|[\u{e0000}-\u{e007f}]/u);
      expect(text).not.toContain(HIDDEN_INSTRUCTION);
    }
    // Cut around the match, which sits 3,000 characters into its line.
    expect(hit?.fragments[0]).toMatch(/^…(=~)+ zebrafish banner/);
    expect(hit?.fragments.every((fragment) => fragment.length <= 302)).toBe(true);
    // One line per file in the text, however long the matching line.
    const line = result.text.split('\n').find((text) => text.includes('src/config.ts')) ?? '';
    expect(line.length).toBeLessThan(200);
  });

  it('--repos narrows the query to the allowed repositories and refuses scopes outside them before any request', async () => {
    const h = await start(kind, { argv: ['--repos', 'monalisa/sketchbook,octo-org/hello-world'] });
    const result = await h.client.callTool('search_code', { query: 'readme in:path' });
    expect(result.isError, result.text).toBe(false);
    const repos = new Set((result.structured as { results: Result[] }).results.map((r) => r.repository));
    expect(repos).toEqual(new Set(['monalisa/sketchbook', 'octo-org/hello-world']));
    expect(searches(h)).toEqual(['readme in:path repo:monalisa/sketchbook repo:octo-org/hello-world']);
    // The total is GitHub's own for the narrowed query, so it counts allowed files only.
    expect((result.structured as { pagination: Page }).pagination.total).toBe(repos.size);
    expect(result.text).toMatch(/in the allowed repositories\./);

    const own = await h.client.callTool('search_code', { query: 'ink repo:monalisa/sketchbook' });
    expect(own.isError, own.text).toBe(false);
    expect(searches(h).at(-1)).toBe('ink repo:monalisa/sketchbook');

    const before = h.github.hits();
    expectToolError(
      await h.client.callTool('search_code', { query: 'plans repo:octo-org/secret-plans' }),
      'forbidden',
      /octo-org\/secret-plans is outside the repositories/,
    );
    expectToolError(
      await h.client.callTool('search_code', { query: 'plans org:octo-org' }),
      'forbidden',
      /org:octo-org would search repositories outside/,
    );
    expectToolError(await h.client.callTool('search_code', { query: `${'word '.repeat(45)}x` }), 'invalid_input', /more than GitHub's 256/);
    expect(h.github.hits()).toBe(before);
  });

  it('--repos with owner/* lets that owner be searched whole', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/*'] });
    const result = await h.client.callTool('search_code', { query: 'budget org:octo-org' });
    expect(result.isError, result.text).toBe(false);
    expect((result.structured as { results: Result[] }).results.map((r) => r.path)).toEqual(['plans/budget.md']);
    const narrowed = await h.client.callTool('search_code', { query: 'readme in:path' });
    expect(searches(h).at(-1)).toBe('readme in:path user:octo-org');
    expect(new Set((narrowed.structured as { results: Result[] }).results.map((r) => r.repository))).toEqual(
      new Set(['octo-org/hello-world', 'octo-org/secret-plans']),
    );
  });

  it('explains GitHub’s refusals: no token, an unsearchable scope; bad input is refused unasked', async () => {
    const anonymous = await start(kind, { token: null });
    const refused = await anonymous.client.callTool('search_code', { query: 'greet' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Requires authentication/);
    const h = await start(kind, { token: 'mallory' });
    expectToolError(
      await h.client.callTool('search_code', { query: 'plans repo:octo-org/secret-plans' }),
      'invalid_input',
      /cannot be searched/,
    );
    const before = h.github.hits();
    expectToolError(await h.client.callTool('search_code', { query: '  ' }), 'invalid_input', /query/);
    expectToolError(await h.client.callTool('search_code', { query: 'x', perPage: 101 }), 'invalid_input', /perPage/);
    expect(h.github.hits()).toBe(before);
  });
});
