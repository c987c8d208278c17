import { CLIENT_KINDS, expectToolError, githubErrors, HIDDEN_INSTRUCTION } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from '../github-server.fixture.js';

type Gist = { id: string; description: string | null; public: boolean; files: string[] };

describe.each(CLIENT_KINDS)('GitHub gist tools (%s)', (kind) => {
  const start = useGitHub();
  const idOf = (h: Awaited<ReturnType<typeof start>>, description: string) =>
    [...h.github.world.gists.all.values()].find((g) => g.description?.startsWith(description))?.id ?? '';

  it('list_gists lists your gists (secret too), a user’s public ones, with pages and sanitized descriptions', async () => {
    const h = await start(kind);
    const mine = await h.client.callTool('list_gists', { perPage: 3 });
    expect(mine.isError, mine.text).toBe(false);
    const data = mine.structured as { gists: Gist[]; pagination: { hasMore: boolean } };
    expect(data.gists).toHaveLength(3);
    expect(data.pagination.hasMore).toBe(true);
    expect(data.gists[0]?.description).toBe('Handy snippets');
    expect(mine.text).not.toContain(HIDDEN_INSTRUCTION);
    expect(mine.text).toMatch(/\[secret\] Deploy notes/);
  });

  it('list_gists of another user shows only public gists', async () => {
    const h = await start(kind, { token: 'monalisa' });
    const result = await h.client.callTool('list_gists', { username: 'octocat' });
    const gists = (result.structured as { gists: Gist[] }).gists;
    expect(gists).toHaveLength(3);
    expect(gists.every((g) => g.public)).toBe(true);
    expectToolError(await h.client.callTool('list_gists', { username: 'nobody-here' }), 'not_found');
  });

  it('get_gist caps a large file and says so; unknown ids and bad ids are refused', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_gist', { gistId: idOf(h, 'Sensor readings') });
    expect(result.isError, result.text).toBe(false);
    const [file] = (result.structured as { contents: Array<{ filename: string; content: string; truncated: boolean; size: number }> })
      .contents;
    expect(file?.filename).toBe('readings.csv');
    expect(file?.truncated).toBe(true);
    expect(file?.size).toBeGreaterThan(20_000);
    expect(file?.content.length).toBeLessThan(21_000);
    expect(result.text).toMatch(/cut at 20,000 characters/);
    const small = await h.client.callTool('get_gist', { gistId: idOf(h, 'Hello World') });
    expect(small.text).toContain('puts "Hello, World!"');
    const before = h.github.hits();
    expectToolError(await h.client.callTool('get_gist', { gistId: '../x' }), 'invalid_input', /gistId/);
    expect(h.github.hits()).toBe(before);
    expectToolError(await h.client.callTool('get_gist', { gistId: 'abc123' }), 'not_found');
  });

  it('get_gist fences someone else’s gist as untrusted, withholds it in lockdown, and shows your own as it is', async () => {
    const h = await start(kind, { token: 'monalisa' });
    const id = idOf(h, 'Hello World');
    type Files = { contents: Array<{ content: string; withheld: boolean }> };
    const stranger = await h.client.callTool('get_gist', { gistId: id });
    expect(stranger.isError, stranger.text).toBe(false);
    const [first] = (stranger.structured as Files).contents;
    expect(first?.content).toMatch(/^<untrusted-[0-9a-f]+ author="@octocat" kind="gist file">\n/);
    expect(first?.withheld).toBe(false);
    // The token's login is asked once, however many gists are read.
    const asked = h.github.requests.filter((r) => r.path === '/user').length;
    await h.client.callTool('get_gist', { gistId: id });
    expect(h.github.requests.filter((r) => r.path === '/user')).toHaveLength(asked);

    const locked = await start(kind, { token: 'monalisa', argv: ['--lockdown'] });
    const withheld = (await locked.client.callTool('get_gist', { gistId: id })).structured as Files;
    expect(withheld.contents.every((file) => file.withheld)).toBe(true);
    expect(withheld.contents[0]?.content).toMatch(/withheld gist file: written by @octocat, not by this token's account/);
    expect(JSON.stringify(withheld)).not.toContain('puts');

    const own = await start(kind, { argv: ['--lockdown'] });
    const mine = (await own.client.callTool('get_gist', { gistId: id })).structured as Files;
    expect(mine.contents.map((file) => file.withheld)).toEqual([false, false]);
    expect(mine.contents.some((file) => file.content === 'puts "Hello, World!"\n')).toBe(true);
  });

  it('get_gist knows the token’s login from the start-up check, without asking GitHub again', async () => {
    const h = await start(kind);
    await expect.poll(() => h.logs.text()).toMatch(/GitHub token scopes/);
    const asked = h.github.requests.filter((r) => r.path === '/user').length;
    const own = (await h.client.callTool('get_gist', { gistId: idOf(h, 'Hello World') })).structured as {
      contents: Array<{ content: string }>;
    };
    expect(own.contents[0]?.content).not.toMatch(/^<untrusted-/);
    expect(h.github.requests.filter((r) => r.path === '/user')).toHaveLength(asked);
  });

  it('get_gist treats a gist as someone else’s while the token’s login cannot be learned, and asks again later', async () => {
    const h = await start(kind);
    const id = idOf(h, 'Hello World');
    h.github.outage('/user', githubErrors.serverError);
    const fenced = (await h.client.callTool('get_gist', { gistId: id })).structured as { contents: Array<{ content: string }> };
    expect(fenced.contents[0]?.content).toMatch(/^<untrusted-/);
    h.github.outage('/user', undefined);
    const plain = (await h.client.callTool('get_gist', { gistId: id })).structured as { contents: Array<{ content: string }> };
    expect(plain.contents[0]?.content).not.toMatch(/^<untrusted-/);
  });

  it('create_gist makes a secret gist by default and needs the gist scope', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('create_gist', { files: { 'plan.md': '# Plan' }, description: 'Plan' });
    expect(result.isError, result.text).toBe(false);
    const gist = (result.structured as { gist: Gist }).gist;
    expect(gist).toMatchObject({ public: false, files: ['plan.md'] });
    expect(h.github.world.gists.get(gist.id)?.files.get('plan.md')?.content).toBe('# Plan');
    const before = h.github.hits();
    expectToolError(await h.client.callTool('create_gist', { files: {} }), 'invalid_input');
    expect(h.github.hits()).toBe(before);
    const noScope = await start(kind, { token: 'octocatNoScopes' });
    expectToolError(await noScope.client.callTool('create_gist', { files: { 'a.md': 'x' } }), 'not_found');
  });

  it('update_gist edits, renames and deletes files; a stranger’s gist is not found', async () => {
    const h = await start(kind);
    const id = idOf(h, 'Hello World');
    const result = await h.client.callTool('update_gist', {
      gistId: id,
      files: { 'hello_world.rb': { newName: 'hello.rb', content: 'puts 1\n' }, 'README.md': { delete: true } },
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toMatch(/Deleted: README\.md/);
    expect([...(h.github.world.gists.get(id)?.files.keys() ?? [])]).toEqual(['hello.rb']);
    expectToolError(await h.client.callTool('update_gist', { gistId: id }), 'invalid_input', /Nothing to change/);
    expectToolError(
      await h.client.callTool('update_gist', { gistId: id, files: { 'hello.rb': { delete: true, content: 'x' } } }),
      'invalid_input',
    );
    const stranger = await start(kind, { token: 'monalisa' });
    expectToolError(await stranger.client.callTool('update_gist', { gistId: id, description: 'mine' }), 'not_found');
  });

  it('--read-only hides the gist writes; --repos does not apply to gists', async () => {
    const h = await start(kind, { argv: ['--read-only', '--repos', 'octo-org/hello-world'] });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['list_gists', 'get_gist']));
    expect(names).not.toContain('create_gist');
    expect(names).not.toContain('update_gist');
    const listed = await h.client.callTool('list_gists');
    expect(listed.isError, listed.text).toBe(false);
  });
});
