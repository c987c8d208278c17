import { expectToolError, githubErrors, HIDDEN_INSTRUCTION, SEED_TOKENS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from './github-server.fixture.js';

/** Resolves once `ready` holds, checking every 20 ms (at most 5 s). */
async function waitFor(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > 5_000) throw new Error('waited 5 s in vain');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Safe by default, end to end: read-only mode, the repository allow-list, lockdown, the
 * token kept out of logs and errors, and rate limits waited out or explained.
 */
const start = useGitHub();
const HELLO = { owner: 'octo-org', repo: 'hello-world' };
const WRITE_TOOLS = ['create_issue', 'update_issue', 'add_issue_comment'];

describe('read-only mode', () => {
  it('neither lists nor runs a write tool, also under the official server’s variable', async () => {
    for (const options of [{ argv: ['--read-only'] }, { env: { GITHUB_READ_ONLY: '1' } }]) {
      const h = await start('v2-modern', options);
      const names = (await h.client.listTools()).map((tool) => tool.name);
      for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
      expect(names).toContain('get_issue');
      const before = h.github.hits();
      const refused = await h.client.callTool('create_issue', { ...HELLO, title: 'x' }).catch((error: Error) => error);
      expect(refused instanceof Error ? refused.message : refused.text).toMatch(/create_issue/);
      expect(h.github.hits()).toBe(before);
    }
  });

  it('starts on an official server config naming toolsets it does not serve', async () => {
    const h = await start('v2-legacy', { argv: ['--toolsets', 'default,discussions,projects,labels'] });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['get_me', 'get_file_contents', 'get_issue']));
    const typo = await start('v2-legacy', { argv: ['--toolsets', 'isues'] }).catch((error: Error) => error);
    expect(String(typo)).toMatch(/unknown toolset "isues"/);
  });

  it('takes toolsets and single tools under the official server’s names', async () => {
    const h = await start('v1', { env: { GITHUB_TOOLSETS: 'context', GITHUB_TOOLS: 'get_issue' }, argv: ['--toolsets', 'context'] });
    expect((await h.client.listTools()).map((tool) => tool.name).sort()).toEqual(['get_issue', 'get_me']);
  });

  it('starts on the official server’s command line: stdio, --lockdown-mode, --exclude-tools, --dynamic-toolsets', async () => {
    const h = await start('v2-modern', {
      allToolsets: false,
      argv: ['stdio', '--toolsets', 'repos,issues', '--lockdown-mode', '--dynamic-toolsets', '--read-only'],
      env: { GITHUB_EXCLUDE_TOOLS: 'search_code,get_file_contents' },
    });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toContain('list_issues');
    expect(names).not.toContain('search_code');
    expect(names).not.toContain('get_file_contents');
    expect(names).not.toContain('create_issue');
    expect(h.server.app.lockdown.enabled).toBe(true);
    expect(h.logs.text()).toMatch(/--dynamic-toolsets and --insiders have no effect here/);
    for (const argv of [['http'], ['--exclude-tools', 'merge_pul_request']]) {
      const refused = await start('v2-modern', { argv }).catch((error: Error) => error);
      expect(String(refused)).toMatch(argv[0] === 'http' ? /the only command is "stdio"/ : /unknown tool "merge_pul_request"/);
    }
  });
});

describe('repository allow-list', () => {
  it('refuses a repository outside the list before calling GitHub, and drops search results outside it', async () => {
    const h = await start('v2-legacy', { argv: ['--repos', 'monalisa/*'] });
    const before = h.github.hits();
    expectToolError(
      await h.client.callTool('list_issues', HELLO),
      'forbidden',
      /octo-org\/hello-world is outside the repositories this server may use \(monalisa\/\*\)/,
    );
    expectToolError(await h.client.callTool('create_issue', { ...HELLO, title: 'x' }), 'forbidden');
    expect(h.github.hits()).toBe(before);
    expect((await h.client.callTool('list_branches', { owner: 'monalisa', repo: 'sketchbook' })).isError).toBe(false);

    // Searches are narrowed to the list at GitHub, so their totals count allowed repositories only.
    const search = await h.client.callTool('search_repositories', { query: 'hello' });
    const data = search.structured as { repositories: Array<{ fullName: string }>; pagination: { total?: number } };
    expect(data.repositories.map((r) => r.fullName)).not.toContain('octo-org/hello-world');
    expect(h.github.requests.at(-1)?.query.q).toBe('hello user:monalisa');
    const issues = await h.client.callTool('search_issues', { query: 'is:open' });
    const found = issues.structured as { issues: Array<{ repository: string }>; pagination: { total?: number } };
    expect(found.issues.length).toBeGreaterThan(0);
    expect(found.issues.every((i) => i.repository === 'monalisa/sketchbook')).toBe(true);
    expect(found.pagination.total).toBe(found.issues.length);
    const asked = h.github.hits();
    expectToolError(
      await h.client.callTool('search_issues', { query: 'repo:octo-org/hello-world bug' }),
      'forbidden',
      /octo-org\/hello-world/,
    );
    expectToolError(await h.client.callTool('search_pull_requests', { query: 'org:octo-org' }), 'forbidden', /org:octo-org/);
    expect(h.github.hits()).toBe(asked);
  });
});

describe('lockdown', () => {
  it('withholds bodies and comments by authors without push access, and shows those by maintainers', async () => {
    const h = await start('v2-modern', { argv: ['--lockdown'] });
    let withheld = 0;
    let shown = 0;
    for (let number = 1; number <= 12; number += 1) {
      const result = await h.client.callTool('get_issue', { ...HELLO, issueNumber: number });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as { issue: { author: string }; bodyWithheld: boolean; body: string };
      if (['mallory', 'monalisa'].includes(data.issue.author)) {
        expect(data.bodyWithheld, `#${number}`).toBe(true);
        expect(data.body).toMatch(/withheld/i);
        withheld += 1;
      } else if (data.issue.author === 'octocat') {
        expect(data.bodyWithheld).toBe(false);
        shown += 1;
      }
      expect(result.text).not.toContain(HIDDEN_INSTRUCTION);
    }
    expect(withheld).toBeGreaterThan(0);
    expect(shown).toBeGreaterThan(0);
  });

  it('withholds the titles of authors without push access in listings, searches and reads', async () => {
    const h = await start('v2-modern', { argv: ['--lockdown'] });
    type Listed = { title: string; author: string };
    const listed = await h.client.callTool('list_issues', { ...HELLO, state: 'all', perPage: 100 });
    const issues = (listed.structured as { issues: Listed[] }).issues;
    const strangers = issues.filter((i) => ['mallory', 'monalisa'].includes(i.author));
    expect(strangers.length).toBeGreaterThan(0);
    for (const issue of strangers) expect(issue.title).toBe(`[title withheld: @${issue.author}, no push access]`);
    expect(issues.filter((i) => i.author === 'octocat').every((i) => !i.title.startsWith('[title withheld'))).toBe(true);
    expect(listed.text).not.toContain('Urgent: security issue in greet()');
    // hubot may push: its pull request keeps its title.
    const pulls = (await h.client.callTool('list_pull_requests', HELLO)).structured as { pullRequests: Listed[] };
    expect(pulls.pullRequests.map((p) => p.title)).toContain('Add feature flags');
    const search = await h.client.callTool('search_issues', { query: 'repo:octo-org/hello-world security' });
    expect(search.text).not.toContain('Urgent: security issue');
    expect(search.text).toContain('[title withheld: @mallory, no push access]');
    // One access check per author, whatever the number of their issues.
    expect(h.github.requests.filter((r) => r.path.endsWith('/collaborators/mallory/permission'))).toHaveLength(1);
    // Without lockdown the same title is shown (sanitized).
    const open = await start('v2-modern');
    expect((await open.client.callTool('search_issues', { query: 'repo:octo-org/hello-world security' })).text).toContain(
      'Urgent: security issue in greet()',
    );
  });

  it('fails closed when the author’s access cannot be checked', async () => {
    const h = await start('v2-modern', { argv: ['--lockdown'] });
    h.github.outage('/repos/octo-org/hello-world/collaborators', githubErrors.serverError);
    for (let number = 1; number <= 12; number += 1) {
      const result = await h.client.callTool('get_issue', { ...HELLO, issueNumber: number });
      const data = result.structured as { issue: { author: string; title: string }; bodyWithheld: boolean; body: string };
      if (data.issue.author !== 'octocat') {
        expect(data.bodyWithheld, `#${number}`).toBe(true);
        expect(data.body).toMatch(/could not check whether @\S+ has push access/);
        expect(data.issue.title).toBe(`[title withheld: @${data.issue.author}, push access not checked]`);
      }
    }
    // Once GitHub answers again, the failure is not held against the author.
    h.github.outage('/repos/octo-org/hello-world/collaborators', undefined);
    const later = (await h.client.callTool('list_issue_comments', { ...HELLO, issueNumber: 5 })).structured as {
      comments: Array<{ body: string }>;
    };
    expect(later.comments.length).toBeGreaterThan(0);
    expect(later.comments.some((c) => /could not check/.test(c.body))).toBe(false);
    expect(h.logs.text()).toMatch(/could not check an author’s access; withholding/);
  });

  it('without lockdown fences text by people with no standing in the repository', async () => {
    const h = await start('v2-modern');
    let fenced = 0;
    for (let number = 1; number <= 12; number += 1) {
      const data = (await h.client.callTool('get_issue', { ...HELLO, issueNumber: number })).structured as {
        issue: { author: string };
        body: string;
      };
      if (data.issue.author === 'mallory') {
        expect(data.body).toMatch(/untrusted/i);
        fenced += 1;
      }
    }
    expect(fenced).toBeGreaterThan(0);
  });
});

describe('the token', () => {
  it('never reaches a log or an error, even when GitHub rejects it', async () => {
    // An old-style 40-hex token: no prefix the log redaction patterns know, so only the
    // server's own care keeps it out.
    const bad = '4f9d1c2b7a6e5d3c8b9a0f1e2d3c4b5a69788796';
    const h = await start('v2-modern', { token: null, env: { GITHUB_TOKEN: bad } });
    const result = await h.client.callTool('get_me');
    expectToolError(result, 'upstream_error', /rejected the token.*Bad credentials/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.text).not.toContain(bad);
    expect(h.logs.text()).not.toContain(bad);
    expect(h.logs.text()).toMatch(/GitHub rejected the token \(401 Bad credentials\)/);
  });

  it('is reported at start with its scopes and the toolsets it cannot serve', async () => {
    const h = await start('v2-modern', { token: 'octocatNoScopes' });
    await expect.poll(() => h.logs.text()).toMatch(/the GitHub token lacks the scopes for: repos, issues/);
    const fine = await start('v2-modern', { token: 'hubot' });
    await expect.poll(() => fine.logs.text()).toMatch(/fine-grained or app token/);
    // The harness serves every toolset, notifications among them, which GitHub keeps from such tokens.
    expect(fine.logs.text()).toMatch(/GitHub answers notifications to classic tokens only/);
    expect(fine.logs.text()).not.toContain(SEED_TOKENS.hubot);
  });

  it('can come from a file', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/mcpkit-gh-token-`);
    await writeFile(`${dir}/token`, `${SEED_TOKENS.monalisa}\n`);
    const h = await start('v2-modern', { token: null, argv: ['--token-file', `${dir}/token`] });
    expect((await h.client.callTool('get_me')).structured).toMatchObject({ login: 'monalisa' });
  });
});

describe('rate limits', () => {
  it('waits out a short secondary limit once and succeeds', async () => {
    const h = await start('v2-modern');
    h.github.inject('/repos/octo-org/hello-world/issues', githubErrors.secondaryRateLimitShort);
    const started = performance.now();
    const result = await h.client.callTool('list_issues', HELLO);
    expect(result.isError, result.text).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.github.hits('/repos/octo-org/hello-world/issues')).toBe(2);
  });

  it('stops waiting when the call is cancelled, so the next write is not held behind it', async () => {
    const h = await start('v2-modern');
    const limit = githubErrors.secondaryRateLimitShort;
    h.github.inject('/repos/octo-org/hello-world/issues', { ...limit, headers: { ...limit.headers, 'retry-after': '2' } });
    const controller = new AbortController();
    const first = h.client
      .callTool('create_issue', { ...HELLO, title: 'Cancelled' }, { signal: controller.signal })
      .catch((error: Error) => error);
    await waitFor(() => h.github.hits('/repos/octo-org/hello-world/issues') === 1);
    const limited = performance.now();
    controller.abort();
    await first;
    const started = performance.now();
    const second = await h.client.callTool('create_issue', { ...HELLO, title: 'Next' });
    expect(second.isError, second.text).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_800);
    // Past the time the limit named, the cancelled call's retry has still not been sent.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 2_500 - (performance.now() - limited))));
    const posts = h.github.requests.filter((r) => r.method === 'POST' && r.path === '/repos/octo-org/hello-world/issues');
    expect(posts.map((r) => JSON.parse(r.body).title)).toEqual(['Cancelled', 'Next']);
  });

  it('does not wait out a long one: it says when to retry, without hammering', async () => {
    const h = await start('v2-modern');
    h.github.outage('/repos/octo-org/hello-world/issues', githubErrors.secondaryRateLimit);
    const result = await h.client.callTool('list_issues', HELLO);
    expectToolError(result, 'rate_limited', /secondary rate limit.*Try again in 60 s/);
    expect(h.github.hits('/repos/octo-org/hello-world/issues')).toBe(1);
  });

  it('explains an exhausted primary limit with the reset time', async () => {
    const h = await start('v2-modern', { fake: { rateLimits: { core: 3 } } });
    for (let i = 0; i < 3; i += 1) await h.client.callTool('list_branches', HELLO);
    const result = await h.client.callTool('list_branches', HELLO);
    expectToolError(result, 'rate_limited', /API rate limit exceeded.*Try again in \d+ s/);
  });

  it('never hammers a 429: one request, and the time to retry', async () => {
    const h = await start('v2-modern');
    h.github.outage('/repos/octo-org/hello-world/issues', {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '120' },
      json: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    expectToolError(await h.client.callTool('list_issues', HELLO), 'rate_limited', /Try again in 120 s/);
    expect(h.github.hits('/repos/octo-org/hello-world/issues')).toBe(1);
  });

  it('does not retry a write that may have happened', async () => {
    const h = await start('v2-modern');
    h.github.inject('/repos/octo-org/hello-world/issues', githubErrors.badGateway);
    expectToolError(await h.client.callTool('create_issue', { ...HELLO, title: 'Once only' }), 'upstream_error', /status 502/);
    expect(h.github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('asks once when GitHub refuses (any 4xx), since it would refuse again', async () => {
    const h = await start('v2-modern');
    for (const status of [405, 406, 412, 451]) {
      const before = h.github.hits('/repos/octo-org/hello-world/branches');
      h.github.inject('/repos/octo-org/hello-world/branches', {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        json: { message: `Refused with ${status}`, documentation_url: 'https://docs.github.com/rest', status: String(status) },
      });
      const result = await h.client.callTool('list_branches', HELLO);
      expect(result.isError, `${status}`).toBe(true);
      expect(result.text).toContain(`Refused with ${status}`);
      expect(h.github.hits('/repos/octo-org/hello-world/branches') - before, `${status}`).toBe(1);
    }
  });

  it('retries a 5xx and then succeeds', async () => {
    const h = await start('v2-modern');
    h.github.inject('/repos/octo-org/hello-world/branches', githubErrors.badGateway);
    const result = await h.client.callTool('list_branches', HELLO);
    expect(result.isError, result.text).toBe(false);
    expect(h.github.hits('/repos/octo-org/hello-world/branches')).toBe(2);
  });
});
