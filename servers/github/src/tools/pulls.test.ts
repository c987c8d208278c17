import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, pullState } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
type Pull = { number: number; title: string; state: string; merged: boolean; head: string; base: string; author: string | null };

/** The world's pull request #n of hello-world. */
const pullOf = (h: GitHubHarness, n: number) => h.github.world.repo('octo-org', 'hello-world')?.issues.get(n);

describe.each(CLIENT_KINDS)('GitHub pull request read tools (%s)', (kind) => {
  const start = useGitHub();

  it('list_pull_requests lists open ones newest first, filters by head and state, and pages', async () => {
    const h = await start(kind);
    const open = await h.client.callTool('list_pull_requests', HELLO);
    expect(open.isError, open.text).toBe(false);
    const pulls = (open.structured as { pullRequests: Pull[] }).pullRequests;
    expect(pulls.map((p) => p.number)).toEqual([32, 31]);
    expect(pulls[1]).toMatchObject({ title: 'Add feature flags', head: 'dev', base: 'main', author: 'hubot', merged: false });
    expect(open.text).toContain('#31 [open] Add feature flags (dev → main) by @hubot');
    const closed = await h.client.callTool('list_pull_requests', { ...HELLO, state: 'closed' });
    expect((closed.structured as { pullRequests: Pull[] }).pullRequests).toEqual([expect.objectContaining({ number: 8, merged: true })]);
    expect(closed.text).toContain('#8 [merged]');
    const byHead = await h.client.callTool('list_pull_requests', { ...HELLO, head: 'octo-org:dev' });
    expect((byHead.structured as { pullRequests: Pull[] }).pullRequests.map((p) => p.number)).toEqual([31]);
    const paged = await h.client.callTool('list_pull_requests', { ...HELLO, perPage: 1 });
    expect(paged.structured).toMatchObject({ pagination: { page: 1, hasMore: true, lastPage: 2 } });
    expect(paged.text).toMatch(/call again with page 2/);
  });

  it('get_pull_request gives refs, mergeability and size; an issue number is not found', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_pull_request', { ...HELLO, pullNumber: 31 });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({
      pullRequest: { number: 31, mergeable: true, changedFiles: expect.any(Number) },
      bodyWithheld: false,
    });
    expect(result.text).toMatch(/Mergeable: yes/);
    expect(result.text).toMatch(/\+\d+ -\d+ in \d+ file\(s\)/);
    expect(result.text).toContain('Adds a small flag store');
    expectToolError(await h.client.callTool('get_pull_request', { ...HELLO, pullNumber: 1 }), 'not_found', /pull request #1/);
  });

  it('get_pull_request_diff gives the unified diff, cut at a line end with the offset to go on from', async () => {
    const h = await start(kind, { argv: ['--max-body-chars', '1000'] });
    const first = await h.client.callTool('get_pull_request_diff', { ...HELLO, pullNumber: 31 });
    expect(first.isError, first.text).toBe(false);
    const data = first.structured as { diff: string; size: number; truncated: boolean; nextOffset?: number };
    expect(data.diff.startsWith('diff --git')).toBe(true);
    expect(data.truncated).toBe(true);
    expect(data.diff.endsWith('\n')).toBe(true);
    expect(data.diff.length).toBeLessThanOrEqual(1000);
    expect(first.text).toMatch(new RegExp(`call again with offset ${data.nextOffset}`));
    // Paging through the whole diff gives it back exactly once.
    let whole = data.diff;
    let offset = data.nextOffset;
    while (offset !== undefined) {
      const next = (await h.client.callTool('get_pull_request_diff', { ...HELLO, pullNumber: 31, offset })).structured as typeof data;
      whole += next.diff;
      offset = next.nextOffset;
    }
    expect(whole.length).toBe(data.size);
    const past = await h.client.callTool('get_pull_request_diff', { ...HELLO, pullNumber: 31, offset: data.size + 5 });
    expect(past.text).toMatch(/past the end/);
  });

  it('get_pull_request_diff says how to read the changes of a diff GitHub will not send', async () => {
    const h = await start(kind);
    const repo = h.github.world.repo('octo-org', 'hello-world');
    const main = repo?.git.resolveBranch('main');
    if (!repo || !main) throw new Error('seed changed');
    repo.git.branches.set('generated', main.sha);
    const signature = { name: 'Octocat', email: 'octocat@github.com', date: '2026-11-20T10:00:00Z' };
    const changes = { 'gen/table.csv': Array.from({ length: 20_001 }, (_, i) => `${i},${i * i}\n`).join('') };
    const head = repo.git.commitOn('generated', { message: 'Generate', author: signature, committer: signature, changes });
    const pull = h.github.world.openIssue(repo, {
      title: 'Generated files',
      user: 'octocat',
      pull: pullState({ head: 'generated', headSha: head.sha, base: 'main' }),
    });
    expectToolError(
      await h.client.callTool('get_pull_request_diff', { ...HELLO, pullNumber: pull.number }),
      'invalid_input',
      /will not send the diff of #\d+ in octo-org\/hello-world: Sorry, the diff exceeded the maximum number of lines \(20000\).*get_pull_request_files/,
    );
    const files = await h.client.callTool('get_pull_request_files', { ...HELLO, pullNumber: pull.number });
    expect(files.structured).toMatchObject({ files: [{ filename: 'gen/table.csv', status: 'added', additions: 20_001 }] });
  });

  it('get_pull_request_files lists changed files with counts', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_pull_request_files', { ...HELLO, pullNumber: 31 });
    expect(result.isError, result.text).toBe(false);
    const files = (result.structured as { files: Array<{ filename: string; status: string; additions: number }> }).files;
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.status === 'added' && f.additions > 0)).toBe(true);
    expect(files.map((f) => f.filename)).toContain('src/flags/store.ts');
    expect(result.text).toMatch(/^A src\/flags\/store\.ts \+\d+ -0$/m);
  });

  it('get_pull_request_status combines statuses and check runs into one verdict, without the checks’ hidden text', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_pull_request_status', { ...HELLO, pullNumber: 31 });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { state: string; sha: string; checks: Array<{ name: string; kind: string; state: string }> };
    // A failed lint outweighs a pending coverage status.
    expect(data.state).toBe('failure');
    expect(data.sha).toBe(pullOf(h, 31)?.pull?.headSha);
    expect(data.checks.map((c) => [c.name, c.kind, c.state])).toEqual([
      ['ci/docs', 'status', 'success'],
      ['ci/coverage', 'status', 'pending'],
      ['build', 'check', 'success'],
      ['lint', 'check', 'failure'],
    ]);
    expect(result.text).toContain('- lint (check): failure — 2 lint errors');
    expect(JSON.stringify(result.structured)).not.toContain(HIDDEN_INSTRUCTION);
    const none = await h.client.callTool('get_pull_request_status', { ...HELLO, pullNumber: 32 });
    expect(none.structured).toMatchObject({ state: 'none', checks: [] });
    expect(none.text).toMatch(/no checks reported/);
  });

  it('get_pull_request_reviews and get_pull_request_comments show verdicts and line comments', async () => {
    const h = await start(kind);
    const reviews = await h.client.callTool('get_pull_request_reviews', { ...HELLO, pullNumber: 31 });
    expect(reviews.isError, reviews.text).toBe(false);
    expect((reviews.structured as { reviews: unknown[] }).reviews).toEqual([
      expect.objectContaining({ author: 'octocat', state: 'COMMENTED', body: 'Looks good so far; please document the flags.' }),
    ]);
    expect(reviews.text).toMatch(/^@octocat COMMENTED at/);
    const comments = await h.client.callTool('get_pull_request_comments', { ...HELLO, pullNumber: 31 });
    expect((comments.structured as { comments: unknown[] }).comments).toEqual([
      expect.objectContaining({ author: 'octocat', path: 'src/flags/store.ts', line: 4, body: 'Should unknown flags log a warning?' }),
    ]);
    expect(comments.text).toMatch(/@octocat on src\/flags\/store\.ts:4/);
    const none = await h.client.callTool('get_pull_request_reviews', { ...HELLO, pullNumber: 32 });
    expect(none.text).toBe('No reviews on #32.');
  });

  it('search_pull_requests adds is:pr, so only pull requests come back', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('search_pull_requests', { query: 'repo:octo-org/hello-world' });
    expect(result.isError, result.text).toBe(false);
    const issues = (result.structured as { issues: Array<{ number: number; isPullRequest: boolean }> }).issues;
    expect(issues.map((i) => i.number).sort((a, b) => a - b)).toEqual([8, 31, 32]);
    expect(issues.every((i) => i.isPullRequest)).toBe(true);
    expect(h.github.requests.at(-1)?.query.q).toBe('repo:octo-org/hello-world is:pr');
    // Not added twice when the query already says it.
    await h.client.callTool('search_pull_requests', { query: 'is:pr repo:octo-org/hello-world is:open' });
    expect(h.github.requests.at(-1)?.query.q).toBe('is:pr repo:octo-org/hello-world is:open');
  });

  it('refuses bad arguments before any request, and a repository outside --repos', async () => {
    const h = await start(kind, { argv: ['--repos', 'monalisa/*'] });
    const before = h.github.hits();
    expectToolError(await h.client.callTool('get_pull_request', { ...HELLO, pullNumber: 0 }), 'invalid_input', /pullNumber/);
    expectToolError(await h.client.callTool('get_pull_request_diff', { ...HELLO, pullNumber: 31, offset: -1 }), 'invalid_input');
    for (const name of ['get_pull_request_files', 'get_pull_request_status', 'get_pull_request_reviews', 'get_pull_request_comments']) {
      expectToolError(await h.client.callTool(name, { ...HELLO, pullNumber: 31 }), 'forbidden', /octo-org\/hello-world/);
    }
    expect(h.github.hits()).toBe(before);
  });
});

describe.each(CLIENT_KINDS)('GitHub pull request write tools (%s)', (kind) => {
  const start = useGitHub();

  it('create_pull_request opens one from a pushed branch, and reports GitHub’s refusals', async () => {
    const h = await start(kind, { token: 'hubot' });
    const repo = h.github.world.repo('octo-org', 'hello-world');
    const main = repo?.git.resolveBranch('main');
    if (!repo || !main) throw new Error('seed changed');
    repo.git.branches.set('hubot/docs', main.sha);
    repo.git.commitOn('hubot/docs', {
      message: 'More docs',
      author: { name: 'Hubot', email: 'hubot@github.com', date: '2026-11-20T10:00:00Z' },
      committer: { name: 'Hubot', email: 'hubot@github.com', date: '2026-11-20T10:00:00Z' },
      changes: { 'docs/more.md': 'more\n' },
    });
    const opened = await h.client.callTool('create_pull_request', {
      ...HELLO,
      title: 'Docs',
      head: 'hubot/docs',
      base: 'main',
      draft: true,
    });
    expect(opened.isError, opened.text).toBe(false);
    const pull = (opened.structured as { pullRequest: Pull & { draft: boolean } }).pullRequest;
    expect(pull).toMatchObject({ title: 'Docs', head: 'hubot/docs', base: 'main', state: 'open', draft: true });
    expect(pullOf(h, pull.number)?.pull?.draft).toBe(true);
    expect(opened.text).toMatch(/^Opened #\d+ \[open, draft\] Docs/);
    expectToolError(
      await h.client.callTool('create_pull_request', { ...HELLO, title: 'Again', head: 'hubot/docs', base: 'main' }),
      'invalid_input',
      /A pull request already exists for octo-org:hubot\/docs/,
    );
    expectToolError(
      await h.client.callTool('create_pull_request', { ...HELLO, title: 'x', head: 'no-such-branch', base: 'main' }),
      'invalid_input',
    );
  });

  it('update_pull_request changes the title and requests reviewers; an empty update sends nothing', async () => {
    const h = await start(kind);
    h.github.world.repo('octo-org', 'hello-world')?.collaborators.set('monalisa', 'write');
    const result = await h.client.callTool('update_pull_request', {
      ...HELLO,
      pullNumber: 31,
      title: 'Add feature flags (v2)',
      reviewers: ['monalisa'],
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ pullRequest: { title: 'Add feature flags (v2)' } });
    expect((result.structured as { requestedReviewers: string[] }).requestedReviewers).toEqual(
      expect.arrayContaining(['octocat', 'monalisa']),
    );
    expect(pullOf(h, 31)?.title).toBe('Add feature flags (v2)');
    expect(result.text).toMatch(/Reviews requested from: .*@monalisa/);
    const before = h.github.hits();
    expectToolError(await h.client.callTool('update_pull_request', { ...HELLO, pullNumber: 31 }), 'invalid_input', /Nothing to change/);
    expectToolError(
      await h.client.callTool('update_pull_request', { ...HELLO, pullNumber: 31, reviewers: ['not a login'] }),
      'invalid_input',
    );
    expect(h.github.hits()).toBe(before);
    expectToolError(
      await h.client.callTool('update_pull_request', { ...HELLO, pullNumber: 31, reviewers: ['hubot'] }),
      'invalid_input',
      /Review cannot be requested from pull request author/,
    );
    expectToolError(
      await h.client.callTool('update_pull_request', { ...HELLO, pullNumber: 31, reviewers: ['mallory'] }),
      'invalid_input',
      /Reviews may only be requested from collaborators/,
    );
  });

  it('create_pull_request_review submits a verdict with line comments, and refuses approving one’s own', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('create_pull_request_review', {
      ...HELLO,
      pullNumber: 31,
      event: 'REQUEST_CHANGES',
      body: 'Two things.',
      comments: [
        { path: 'src/flags/store.ts', line: 3, body: 'Name this.' },
        { path: 'src/flags/store.ts', startLine: 1, line: 2, body: 'Split this.' },
      ],
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ state: 'CHANGES_REQUESTED', comments: 2 });
    expect(result.text).toMatch(/^Requested changes on #31 with 2 line comment\(s\)\./);
    const pull = pullOf(h, 31)?.pull;
    expect(pull?.reviews.at(-1)).toMatchObject({ user: 'octocat', state: 'CHANGES_REQUESTED', body: 'Two things.' });
    expect(pull?.reviewComments.slice(-2).map((c) => [c.path, c.line])).toEqual([
      ['src/flags/store.ts', 3],
      ['src/flags/store.ts', 2],
    ]);
    const sent = JSON.parse(h.github.requests.at(-1)?.body ?? '{}');
    expect(sent.comments[1]).toMatchObject({ start_line: 1, line: 2, side: 'RIGHT', start_side: 'RIGHT' });

    const before = h.github.hits();
    expectToolError(
      await h.client.callTool('create_pull_request_review', { ...HELLO, pullNumber: 31, event: 'COMMENT' }),
      'invalid_input',
      /needs a body/,
    );
    expectToolError(
      await h.client.callTool('create_pull_request_review', {
        ...HELLO,
        pullNumber: 31,
        event: 'COMMENT',
        comments: [{ path: 'a.ts', startLine: 5, line: 5, body: 'x' }],
      }),
      'invalid_input',
      /startLine must come before line/,
    );
    expect(h.github.hits()).toBe(before);
    expectToolError(
      await h.client.callTool('create_pull_request_review', { ...HELLO, pullNumber: 32, event: 'APPROVE' }),
      'invalid_input',
      /Can not approve your own pull request/,
    );
  });

  it('merge_pull_request merges into the base, and refuses a moved head or a second merge', async () => {
    const h = await start(kind);
    expectToolError(
      await h.client.callTool('merge_pull_request', { ...HELLO, pullNumber: 31, sha: 'f'.repeat(40) }),
      'conflict',
      /Head branch was modified/,
    );
    const result = await h.client.callTool('merge_pull_request', { ...HELLO, pullNumber: 31, mergeMethod: 'squash' });
    expect(result.isError, result.text).toBe(false);
    const { sha } = result.structured as { sha: string; merged: boolean };
    expect(result.structured).toMatchObject({ merged: true });
    expect(h.github.world.repo('octo-org', 'hello-world')?.git.resolveBranch('main')?.sha).toBe(sha);
    expect(pullOf(h, 31)?.pull?.mergedAt).not.toBeNull();
    expect(result.text).toMatch(/^Merged #31 into its base \(squash\) as [0-9a-f]{7}\./);
    expectToolError(
      await h.client.callTool('merge_pull_request', { ...HELLO, pullNumber: 31 }),
      'conflict',
      /Pull Request is not mergeable/,
    );
  });

  it('are refused to a token without write access, neither listed nor run under --read-only', async () => {
    const mallory = await start(kind, { token: 'mallory' });
    expectToolError(await mallory.client.callTool('merge_pull_request', { ...HELLO, pullNumber: 31 }), 'not_found');
    expect(pullOf(mallory, 31)?.pull?.mergedAt).toBeNull();
    const readOnly = await start(kind, { argv: ['--read-only'] });
    const names = (await readOnly.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['list_pull_requests', 'get_pull_request_status', 'search_pull_requests']));
    for (const write of ['create_pull_request', 'update_pull_request', 'create_pull_request_review', 'merge_pull_request']) {
      expect(names).not.toContain(write);
    }
    const before = readOnly.github.hits();
    // A v2 client gets an error result, a v1 client a protocol error: either way it names the tool.
    const refused = await readOnly.client.callTool('merge_pull_request', { ...HELLO, pullNumber: 31 }).catch((error: Error) => error);
    expect(refused instanceof Error ? refused.message : refused.text).toMatch(/merge_pull_request/);
    expect(readOnly.github.hits()).toBe(before);
  });
});
