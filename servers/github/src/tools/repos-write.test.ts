import { CLIENT_KINDS, expectToolError } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
type Repository = { fullName: string; private: boolean; defaultBranch: string; htmlUrl: string; description: string | null };

const WRITE_TOOLS = ['create_or_update_file', 'delete_file', 'push_files', 'create_branch', 'create_repository', 'fork_repository'];

/** Requests that would change something on the fake (anything but GET). */
const writes = (h: GitHubHarness) => h.github.requests.filter((request) => request.method !== 'GET').length;

describe.each(CLIENT_KINDS)('GitHub branch and repository writes (%s)', (kind) => {
  const start = useGitHub();

  it('create_branch branches from the default branch, or from the one named', async () => {
    const h = await start(kind);
    const git = h.github.world.repo('octo-org', 'hello-world')?.git;
    const result = await h.client.callTool('create_branch', { ...HELLO, branch: 'feature/login' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ branch: 'feature/login', fromBranch: 'main', sha: git?.branches.get('main') });
    expect(result.text).toMatch(/^Created branch feature\/login in octo-org\/hello-world from main at [0-9a-f]{7}\.$/);
    expect(git?.branches.get('feature/login')).toBe(git?.branches.get('main'));
    const fromDev = await h.client.callTool('create_branch', { ...HELLO, branch: 'dev-fix', fromBranch: 'dev' });
    expect(fromDev.isError, fromDev.text).toBe(false);
    expect(git?.branches.get('dev-fix')).toBe(git?.branches.get('dev'));
  });

  it('create_branch says when the branch exists or its base does not, and refuses bad names unasked', async () => {
    const h = await start(kind);
    expectToolError(
      await h.client.callTool('create_branch', { ...HELLO, branch: 'dev' }),
      'conflict',
      /A branch named "dev" already exists in octo-org\/hello-world; list_branches shows it/,
    );
    expectToolError(await h.client.callTool('create_branch', { ...HELLO, branch: 'x', fromBranch: 'nope' }), 'not_found', /branch nope/);
    const before = h.github.hits();
    for (const branch of ['a..b', '-x', 'with space', 'ends/', 'x.lock', '']) {
      expectToolError(await h.client.callTool('create_branch', { ...HELLO, branch }), 'invalid_input', /branch/);
    }
    expect(h.github.hits()).toBe(before);
  });

  it('create_repository makes a repository for the token’s account, with a README when asked', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('create_repository', {
      name: 'scratch',
      description: 'Scratch space',
      private: true,
      autoInit: true,
    });
    expect(result.isError, result.text).toBe(false);
    const { repository } = result.structured as { repository: Repository };
    expect(repository).toMatchObject({ fullName: 'octocat/scratch', private: true, defaultBranch: 'main', description: 'Scratch space' });
    expect(result.text).toMatch(/^Created private repository octocat\/scratch with a README on main\./);
    const created = h.github.world.repo('octocat', 'scratch');
    expect(created?.private).toBe(true);
    expect(created?.git.resolveBranch('main')?.files.has('README.md')).toBe(true);

    const empty = await h.client.callTool('create_repository', { name: 'bare' });
    expect(empty.text).toMatch(/^Created public repository octocat\/bare \(empty\)\./);
    expect(h.github.world.repo('octocat', 'bare')?.git.branches.size).toBe(0);
    expectToolError(
      await h.client.callTool('create_repository', { name: 'scratch' }),
      'invalid_input',
      /name already exists on this account/,
    );
  });

  it('create_repository in an organization needs membership; scopes and fine-grained tokens are explained', async () => {
    const h = await start(kind);
    const inOrg = await h.client.callTool('create_repository', { name: 'tools', organization: 'octo-org' });
    expect(inOrg.isError, inOrg.text).toBe(false);
    expect(h.github.world.repo('octo-org', 'tools')).toBeDefined();

    const mallory = await start(kind, { token: 'mallory' });
    expectToolError(
      await mallory.client.callTool('create_repository', { name: 'mine', organization: 'octo-org' }),
      'forbidden',
      /You need admin access to the organization/,
    );
    // public_repo is enough for a public repository, not for a private one.
    expect((await mallory.client.callTool('create_repository', { name: 'open' })).isError).toBe(false);
    expectToolError(
      await mallory.client.callTool('create_repository', { name: 'hidden', private: true }),
      'not_found',
      /token lacks the scope: classic tokens need repo \(public_repo is enough for a public repository\)/,
    );
    expect(mallory.github.world.repo('mallory', 'hidden')).toBeUndefined();
    const readOnly = await start(kind, { token: 'hubotReadOnly' });
    expectToolError(
      await readOnly.client.callTool('create_repository', { name: 'x' }),
      'forbidden',
      /Resource not accessible by personal access token/,
    );
    const before = readOnly.github.hits();
    expectToolError(await readOnly.client.callTool('create_repository', { name: '../x' }), 'invalid_input', /name/);
    expectToolError(
      await readOnly.client.callTool('create_repository', { name: 'x', organization: 'a b' }),
      'invalid_input',
      /organization/,
    );
    expect(readOnly.github.hits()).toBe(before);
  });

  it('fork_repository forks to the token’s account or an organization', async () => {
    const mona = await start(kind, { token: 'monalisa' });
    const result = await mona.client.callTool('fork_repository', HELLO);
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({
      repository: { fullName: 'monalisa/hello-world', defaultBranch: 'main', private: false },
      parent: 'octo-org/hello-world',
    });
    expect(result.text).toMatch(/^Forked octo-org\/hello-world to monalisa\/hello-world; GitHub copies the history in the background/);
    const fork = mona.github.world.repo('monalisa', 'hello-world');
    expect(fork?.git.branches.get('main')).toBe(mona.github.world.repo('octo-org', 'hello-world')?.git.branches.get('main'));

    const h = await start(kind);
    const toOrg = await h.client.callTool('fork_repository', {
      owner: 'monalisa',
      repo: 'sketchbook',
      organization: 'octo-org',
      name: 'sketches',
      defaultBranchOnly: true,
    });
    expect(toOrg.isError, toOrg.text).toBe(false);
    expect(toOrg.structured).toMatchObject({ repository: { fullName: 'octo-org/sketches' }, parent: 'monalisa/sketchbook' });
    expect([...(h.github.world.repo('octo-org', 'sketches')?.git.branches.keys() ?? [])]).toEqual(['main']);
  });

  it('fork_repository refuses what the token cannot see or do', async () => {
    const mallory = await start(kind, { token: 'mallory' });
    expectToolError(await mallory.client.callTool('fork_repository', { owner: 'octo-org', repo: 'secret-plans' }), 'not_found');
    expectToolError(
      await mallory.client.callTool('fork_repository', { ...HELLO, organization: 'octo-org' }),
      'forbidden',
      /You need admin access to the organization/,
    );
    const readOnly = await start(kind, { token: 'hubotReadOnly' });
    expectToolError(
      await readOnly.client.callTool('fork_repository', HELLO),
      'forbidden',
      /Resource not accessible by personal access token/,
    );
    expect(readOnly.github.world.repo('hubot', 'hello-world')).toBeUndefined();
  });

  it('--repos checks destinations too: an organization outside the list is refused before any request', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/hello-world,monalisa/*'] });
    const before = h.github.hits();
    expectToolError(
      await h.client.callTool('create_repository', { name: 'tools', organization: 'octo-org' }),
      'forbidden',
      /octo-org\/tools is outside the repositories this server may use/,
    );
    expectToolError(
      await h.client.callTool('fork_repository', { owner: 'octo-org', repo: 'secret-plans' }),
      'forbidden',
      /octo-org\/secret-plans is outside/,
    );
    expectToolError(
      await h.client.callTool('fork_repository', { ...HELLO, organization: 'octo-org', name: 'hello-copy' }),
      'forbidden',
      /octo-org\/hello-copy is outside/,
    );
    expectToolError(await h.client.callTool('create_branch', { owner: 'octo-org', repo: 'secret-plans', branch: 'x' }), 'forbidden');
    expect(h.github.hits()).toBe(before);
    expect(h.github.world.repo('octo-org', 'tools')).toBeUndefined();
  });

  it('--repos checks the account a personal repository or fork would land in, writing nothing outside', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/*'] });
    expectToolError(await h.client.callTool('create_repository', { name: 'scratch' }), 'forbidden', /octocat\/scratch is outside/);
    expectToolError(await h.client.callTool('fork_repository', HELLO), 'forbidden', /octocat\/hello-world is outside/);
    // Only the look-up of the token's login went out.
    expect(writes(h)).toBe(0);
    expect(h.github.world.repo('octocat', 'scratch')).toBeUndefined();
    const allowed = await h.client.callTool('create_repository', { name: 'tools', organization: 'octo-org' });
    expect(allowed.isError, allowed.text).toBe(false);
  });

  it('--repos: a fork GitHub renames outside the list is reported, not used', async () => {
    const h = await start(kind, { token: 'monalisa', argv: ['--repos', 'octo-org/hello-world,monalisa/hello-world'] });
    // monalisa already has a hello-world of her own, so GitHub names the fork hello-world-1.
    h.github.world.addRepo({ owner: 'monalisa', name: 'hello-world' });
    expectToolError(
      await h.client.callTool('fork_repository', HELLO),
      'forbidden',
      /GitHub made the fork as monalisa\/hello-world-1, which is outside the repositories this server may use .*it exists/,
    );
    expect(h.github.world.repo('monalisa', 'hello-world-1')).toBeDefined();
  });

  it('--read-only hides every write tool and keeps the reads', async () => {
    const h = await start(kind, { argv: ['--read-only'] });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['search_code', 'get_file_contents', 'list_branches']));
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    const before = h.github.hits();
    // Not listed means not callable: the call is refused as an unknown tool, before any request.
    await expect(
      h.client.callTool('push_files', { ...HELLO, branch: 'main', message: 'x', files: [{ path: 'a', content: '' }] }),
    ).rejects.toThrow(/push_files not found/);
    expect(h.github.hits()).toBe(before);
  });

  it('lists each write with honest annotations and a lean schema', async () => {
    const h = await start(kind);
    const tools = new Map((await h.client.listTools()).map((tool) => [tool.name, tool]));
    const destructive: Record<string, boolean> = {
      create_or_update_file: true,
      delete_file: true,
      push_files: true,
      create_branch: false,
      create_repository: false,
      fork_repository: false,
    };
    for (const [name, expected] of Object.entries(destructive)) {
      const tool = tools.get(name);
      // Listed as the spec reads them: idempotentHint false and openWorldHint true are its defaults, so left out.
      expect(tool?.annotations, name).toEqual({ readOnlyHint: false, destructiveHint: expected });
      expect(tool?.title, name).toBeTruthy();
      expect(JSON.stringify(tool?.inputSchema), name).not.toContain('"pattern"');
      expect(JSON.stringify(tool).length, name).toBeLessThan(1_000);
    }
    expect(tools.get('search_code')?.annotations).toEqual({ readOnlyHint: true });
  });
});
