import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION } from '@mcpkit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubHarness, startGitHub, useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
type Issue = { number: number; title: string; state: string; isPullRequest: boolean; labels: string[]; author: string | null };
type Page = { page: number; perPage: number; hasMore: boolean; lastPage?: number; total?: number };

describe.each(CLIENT_KINDS)('GitHub read tools (%s)', (kind) => {
  let h: GitHubHarness;
  beforeAll(async () => {
    h = await startGitHub(kind);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.github.resetRateLimits());

  it('get_me names the token’s account', async () => {
    const result = await h.client.callTool('get_me');
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ login: 'octocat', name: 'The Octocat', type: 'User' });
    expect(result.text).toMatch(/^@octocat \(The Octocat\), User/);
  });

  it('get_file_contents reads a file, lists a directory and describes a binary file', async () => {
    const readme = await h.client.callTool('get_file_contents', { ...HELLO, path: 'README.md' });
    expect(readme.isError, readme.text).toBe(false);
    expect(readme.text).toMatch(/^# hello-world/);
    expect(readme.structured).toMatchObject({ type: 'file', path: 'README.md', truncated: false });

    const root = await h.client.callTool('get_file_contents', HELLO);
    const entries = (root.structured as { entries: Array<{ name: string; type: string }> }).entries;
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['src', 'docs', 'README.md']));
    expect(entries[0]?.type).toBe('dir');
    expect(root.text).toMatch(/\[DIR\] src/);

    const logo = await h.client.callTool('get_file_contents', { ...HELLO, path: 'assets/logo.png' });
    expect(logo.structured).toMatchObject({ binary: true });
    expect(logo.text).toMatch(/binary file of \d+ bytes; its content is not shown/);
  });

  it('get_file_contents cuts a large file at the cap and continues from the offset it gives', async () => {
    const first = await h.client.callTool('get_file_contents', { ...HELLO, path: 'data/large-dataset.csv' });
    expect(first.isError, first.text).toBe(false);
    const data = first.structured as { content: string; truncated: boolean; nextOffset: number; size: number };
    expect(data.size).toBeGreaterThan(1_000_000);
    expect(data.truncated).toBe(true);
    expect(data.content.length).toBeLessThanOrEqual(20_000);
    expect(data.content.endsWith('\n')).toBe(true);
    expect(first.text).toMatch(/call again with offset \d+ for the rest/);
    const second = await h.client.callTool('get_file_contents', { ...HELLO, path: 'data/large-dataset.csv', offset: data.nextOffset });
    const next = second.structured as { content: string };
    // The second page picks up exactly where the first stopped.
    expect(next.content.length).toBeGreaterThan(0);
    const raw = await (
      await fetch(`${h.github.url}/repos/octo-org/hello-world/contents/data/large-dataset.csv`, {
        headers: { accept: 'application/vnd.github.raw', authorization: 'token ghp_fakeOctocatToken000000000000000000' },
      })
    ).text();
    expect(data.content + next.content).toBe(raw.slice(0, data.content.length + next.content.length));
  });

  it('get_file_contents reads at another ref and reports a missing path as not found', async () => {
    const dev = await h.client.callTool('list_commits', { ...HELLO, sha: 'dev', perPage: 1 });
    expect(dev.isError, dev.text).toBe(false);
    expectToolError(
      await h.client.callTool('get_file_contents', { ...HELLO, path: 'nope.txt' }),
      'not_found',
      /GitHub found nothing for "nope.txt" in octo-org\/hello-world/,
    );
    expectToolError(
      await h.client.callTool('get_file_contents', { ...HELLO, path: '../etc/passwd' }),
      'invalid_input',
      /"\." or "\.\." segments/,
    );
    expectToolError(await h.client.callTool('get_file_contents', { owner: 'octo org', repo: 'x' }), 'invalid_input', /owner/);
  });

  it('lists branches and pages through commits with the Link header', async () => {
    const branches = await h.client.callTool('list_branches', HELLO);
    expect((branches.structured as { branches: Array<{ name: string }> }).branches.map((b) => b.name)).toEqual(
      expect.arrayContaining(['main', 'dev']),
    );

    const page1 = await h.client.callTool('list_commits', { ...HELLO, perPage: 10 });
    const first = page1.structured as { commits: Array<{ sha: string; message: string }>; pagination: Page };
    expect(first.commits).toHaveLength(10);
    expect(first.pagination).toMatchObject({ page: 1, hasMore: true, lastPage: 4 });
    expect(page1.text).toMatch(/Page 1 of 4 — call again with page 2 for more\./);
    const page4 = await h.client.callTool('list_commits', { ...HELLO, perPage: 10, page: 4 });
    expect((page4.structured as { pagination: Page }).pagination.hasMore).toBe(false);

    const commit = await h.client.callTool('get_commit', { ...HELLO, sha: first.commits[0]?.sha });
    expect(commit.isError, commit.text).toBe(false);
    const detail = commit.structured as { files: Array<{ filename: string; patch?: string }>; parents: string[] };
    expect(detail.files.length).toBeGreaterThan(0);
    expect(detail.parents).toHaveLength(1);
    expect(commit.text).toMatch(/^[0-9a-f]{7} by /);
  });

  it('lists tags and releases, and gets the latest release with its notes', async () => {
    const tags = await h.client.callTool('list_tags', HELLO);
    expect((tags.structured as { tags: Array<{ name: string }> }).tags.map((t) => t.name)).toEqual(
      expect.arrayContaining(['v1.0.0', 'v1.1.0', 'v2.0.0']),
    );
    const releases = await h.client.callTool('list_releases', HELLO);
    expect((releases.structured as { releases: Array<{ tag: string }> }).releases.map((r) => r.tag)).toEqual(['v2.0.0', 'v1.1.0']);
    const latest = await h.client.callTool('get_latest_release', HELLO);
    expect(latest.isError, latest.text).toBe(false);
    expect(latest.structured).toMatchObject({ release: { tag: 'v2.0.0', draft: false } });
    expect(latest.text).toMatch(/^v2\.0\.0/);
    expectToolError(
      await h.client.callTool('get_latest_release', { owner: 'monalisa', repo: 'sketchbook' }),
      'not_found',
      /found nothing for the latest release in monalisa\/sketchbook/,
    );
  });

  it('lists issues with pull requests marked, and pages them', async () => {
    const result = await h.client.callTool('list_issues', { ...HELLO, state: 'all', perPage: 20 });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { issues: Issue[]; pagination: Page };
    expect(data.issues).toHaveLength(20);
    expect(data.pagination).toMatchObject({ hasMore: true, lastPage: 2 });
    expect(data.issues.some((i) => i.isPullRequest)).toBe(true);
    const open = await h.client.callTool('list_issues', { ...HELLO, perPage: 100 });
    expect((open.structured as { issues: Issue[] }).issues.every((i) => i.state === 'open')).toBe(true);
  });

  it('gets an issue body and its comments with hidden text removed', async () => {
    for (const number of [5, 7, 10, 11, 33, 35]) {
      const issue = await h.client.callTool('get_issue', { ...HELLO, issueNumber: number });
      expect(issue.isError, issue.text).toBe(false);
      const comments = await h.client.callTool('list_issue_comments', { ...HELLO, issueNumber: number });
      for (const text of [issue.text, comments.text, JSON.stringify(issue.structured), JSON.stringify(comments.structured)]) {
        expect(text).not.toMatch(/[\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069]|[\u{e0000}-\u{e007f}]/u);
        expect(text).not.toContain(HIDDEN_INSTRUCTION);
        expect(text).not.toMatch(/<script|<img[^>]*onerror|<!--/i);
      }
    }
  });

  it('searches repositories and issues with totals', async () => {
    const repos = await h.client.callTool('search_repositories', { query: 'hello-world' });
    expect(repos.isError, repos.text).toBe(false);
    expect((repos.structured as { repositories: Array<{ fullName: string }> }).repositories.map((r) => r.fullName)).toContain(
      'octo-org/hello-world',
    );
    const issues = await h.client.callTool('search_issues', { query: 'repo:octo-org/hello-world is:issue is:open', perPage: 5 });
    expect(issues.isError, issues.text).toBe(false);
    const data = issues.structured as { issues: Array<Issue & { repository: string }>; pagination: Page };
    expect(data.pagination.total).toBeGreaterThan(5);
    expect(data.issues.every((i) => i.repository === 'octo-org/hello-world' && !i.isPullRequest)).toBe(true);
  });

  it('reports a private repository the token cannot see as not found, and bad input before any call', async () => {
    const before = h.github.hits();
    expectToolError(await h.client.callTool('list_issues', { ...HELLO, perPage: 101 }), 'invalid_input', /perPage/);
    expectToolError(await h.client.callTool('get_issue', { ...HELLO, issueNumber: 0 }), 'invalid_input', /issueNumber/);
    expect(h.github.hits()).toBe(before);
    expectToolError(
      await h.client.callTool('get_issue', { ...HELLO, issueNumber: 9999 }),
      'not_found',
      /nothing for issue #9999 in octo-org\/hello-world/,
    );
  });
});

describe.each(CLIENT_KINDS)('GitHub issue writes (%s)', (kind) => {
  const start = useGitHub();

  it('opens, comments on and closes an issue, visible through the read tools', async () => {
    const h = await start(kind);
    const created = await h.client.callTool('create_issue', {
      ...HELLO,
      title: 'Flaky test on CI',
      body: 'Seen twice today.',
      labels: ['bug'],
    });
    expect(created.isError, created.text).toBe(false);
    const { issue } = created.structured as { issue: Issue };
    expect(issue).toMatchObject({ title: 'Flaky test on CI', state: 'open', labels: ['bug'], author: 'octocat' });

    const comment = await h.client.callTool('add_issue_comment', { ...HELLO, issueNumber: issue.number, body: 'Fixed by retrying.' });
    expect(comment.isError, comment.text).toBe(false);
    expect(comment.structured).toEqual({ id: expect.any(Number), htmlUrl: expect.stringMatching(/#issuecomment-\d+$/) });
    const closed = await h.client.callTool('update_issue', {
      ...HELLO,
      issueNumber: issue.number,
      state: 'closed',
      stateReason: 'completed',
    });
    expect(closed.structured).toMatchObject({ issue: { state: 'closed', stateReason: 'completed' } });

    const read = await h.client.callTool('get_issue', { ...HELLO, issueNumber: issue.number });
    expect(read.text).toMatch(/Seen twice today\./);
    const comments = await h.client.callTool('list_issue_comments', { ...HELLO, issueNumber: issue.number });
    expect(comments.text).toMatch(/@octocat at .*:\nFixed by retrying\./);
  });

  it('refuses an empty update, and says what GitHub refused', async () => {
    const h = await start(kind, { token: 'hubotReadOnly' });
    expectToolError(await h.client.callTool('update_issue', { ...HELLO, issueNumber: 1 }), 'invalid_input', /at least one of title/);
    expectToolError(
      await h.client.callTool('create_issue', { ...HELLO, title: 'x' }),
      'forbidden',
      /GitHub refused a new issue in octo-org\/hello-world: Resource not accessible by personal access token/,
    );
  });

  it('without a token reads public data and explains why writes fail', async () => {
    const h = await start(kind, { token: null });
    expect((await h.client.callTool('list_issues', HELLO)).isError).toBe(false);
    expectToolError(await h.client.callTool('get_me'), 'invalid_input', /No GitHub token is configured/);
    const write = await h.client.callTool('create_issue', { ...HELLO, title: 'x' });
    expect(write.isError).toBe(true);
    expect(write.text).toMatch(/Requires authentication|rejected the token/);
  });
});
