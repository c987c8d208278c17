import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, tagCharacters } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
type Commit = { sha: string; message: string; htmlUrl: string };

/** The text of `path` at the head of `branch` in the fake's world (undefined when absent). */
function fileAt(h: GitHubHarness, path: string, branch = 'main', repo = 'hello-world', owner = 'octo-org'): string | undefined {
  const entry = h.github.world.repo(owner, repo)?.git.resolveBranch(branch)?.files.get(path);
  return entry?.kind === 'file' ? entry.content.toString('utf8') : undefined;
}

const headOf = (h: GitHubHarness, branch = 'main', repo = 'hello-world', owner = 'octo-org') =>
  h.github.world.repo(owner, repo)?.git.branches.get(branch) ?? '';

/** Requests that would change something on the fake (anything but GET). */
const writes = (h: GitHubHarness) => h.github.requests.filter((request) => request.method !== 'GET').length;

describe.each(CLIENT_KINDS)('GitHub file writes (%s)', (kind) => {
  const start = useGitHub();

  it('create_or_update_file creates a file, then overwrites it given its sha', async () => {
    const h = await start(kind);
    const created = await h.client.callTool('create_or_update_file', {
      ...HELLO,
      path: 'docs/new/notes.md',
      content: '# Notes\n',
      message: 'Add notes',
      branch: 'main',
    });
    expect(created.isError, created.text).toBe(false);
    const first = created.structured as { path: string; sha: string; created: boolean; commit: Commit };
    expect(first).toMatchObject({ path: 'docs/new/notes.md', created: true, commit: { message: 'Add notes' } });
    expect(created.text).toMatch(/^Created docs\/new\/notes\.md on main in octo-org\/hello-world: commit [0-9a-f]{7}/);
    expect(fileAt(h, 'docs/new/notes.md')).toBe('# Notes\n');
    expect(headOf(h)).toBe(first.commit.sha);

    const updated = await h.client.callTool('create_or_update_file', {
      ...HELLO,
      path: 'docs/new/notes.md',
      content: '# Notes\n\nMore.\n',
      message: 'Expand notes',
      branch: 'main',
      sha: first.sha,
    });
    expect(updated.isError, updated.text).toBe(false);
    expect(updated.structured).toMatchObject({ created: false });
    expect(updated.text).toMatch(/^Updated docs\/new\/notes\.md/);
    expect(fileAt(h, 'docs/new/notes.md')).toBe('# Notes\n\nMore.\n');
  });

  it('create_or_update_file on another branch leaves main alone, and sanitizes the commit message it reports', async () => {
    const h = await start(kind);
    const main = headOf(h);
    const result = await h.client.callTool('create_or_update_file', {
      ...HELLO,
      path: 'dev-only.txt',
      content: 'dev\n',
      message: `Add a file\u200b${tagCharacters(HIDDEN_INSTRUCTION)}`,
      branch: 'dev',
    });
    expect(result.isError, result.text).toBe(false);
    expect(fileAt(h, 'dev-only.txt', 'dev')).toBe('dev\n');
    expect(fileAt(h, 'dev-only.txt')).toBeUndefined();
    expect(headOf(h)).toBe(main);
    expect((result.structured as { commit: Commit }).commit.message).toBe('Add a file');
    expect(JSON.stringify(result.structured)).not.toMatch(/[\u200b]|[\u{e0000}-\u{e007f}]/u);
  });

  it('create_or_update_file says how to get the sha when GitHub refuses it (422 missing, 409 stale)', async () => {
    const h = await start(kind);
    const readme = fileAt(h, 'README.md');
    expectToolError(
      await h.client.callTool('create_or_update_file', { ...HELLO, path: 'README.md', content: 'x', message: 'Overwrite', branch: 'main' }),
      'invalid_input',
      /README\.md already exists on main\. To overwrite it, call get_file_contents with path "README\.md" and ref "main"/,
    );
    expectToolError(
      await h.client.callTool('create_or_update_file', {
        ...HELLO,
        path: 'README.md',
        content: 'x',
        message: 'Overwrite',
        branch: 'main',
        sha: 'a'.repeat(40),
      }),
      'conflict',
      /README\.md on main is not at the sha given: it changed since it was read\. .*get_file_contents/,
    );
    expect(fileAt(h, 'README.md')).toBe(readme);
    expectToolError(
      await h.client.callTool('create_or_update_file', { ...HELLO, path: 'x.md', content: 'x', message: 'x', branch: 'nope' }),
      'not_found',
    );
  });

  it('delete_file looks up the sha itself, or refuses a stale one; a directory is not a file', async () => {
    const h = await start(kind);
    expectToolError(
      await h.client.callTool('delete_file', { ...HELLO, path: 'CHANGELOG.md', message: 'Drop it', branch: 'main', sha: 'b'.repeat(40) }),
      'conflict',
      /get_file_contents/,
    );
    expect(fileAt(h, 'CHANGELOG.md')).toBeDefined();
    const deleted = await h.client.callTool('delete_file', {
      ...HELLO,
      path: 'CHANGELOG.md',
      message: 'Drop the changelog',
      branch: 'main',
    });
    expect(deleted.isError, deleted.text).toBe(false);
    expect(deleted.text).toMatch(/^Deleted CHANGELOG\.md from main in octo-org\/hello-world: commit [0-9a-f]{7}/);
    expect(fileAt(h, 'CHANGELOG.md')).toBeUndefined();
    expect(headOf(h)).toBe((deleted.structured as { commit: Commit }).commit.sha);
    expectToolError(
      await h.client.callTool('delete_file', { ...HELLO, path: 'src', message: 'x', branch: 'main' }),
      'invalid_input',
      /src on main is a directory, not a file/,
    );
    expectToolError(await h.client.callTool('delete_file', { ...HELLO, path: 'nope.md', message: 'x', branch: 'main' }), 'not_found');
  });

  it('push_files writes every file as one commit on top of the branch head', async () => {
    const h = await start(kind);
    const before = headOf(h);
    const result = await h.client.callTool('push_files', {
      ...HELLO,
      branch: 'main',
      message: 'Add the widget',
      files: [
        { path: 'src/widget/index.ts', content: "export * from './widget.js';\n" },
        { path: 'src/widget/widget.ts', content: 'export const widget = 1;\n' },
        { path: 'README.md', content: '# hello-world\n\nNow with a widget.\n' },
      ],
    });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { branch: string; previousSha: string; commit: Commit; files: string[] };
    expect(data).toMatchObject({ branch: 'main', previousSha: before, commit: { message: 'Add the widget' } });
    expect(result.text).toMatch(/^Pushed 3 files to main in octo-org\/hello-world: commit [0-9a-f]{7} \(was [0-9a-f]{7}\)\./);
    const git = h.github.world.repo('octo-org', 'hello-world')?.git;
    const head = git?.resolveBranch('main');
    expect(head?.sha).toBe(data.commit.sha);
    expect(head?.parents).toEqual([before]);
    expect(fileAt(h, 'src/widget/widget.ts')).toBe('export const widget = 1;\n');
    expect(fileAt(h, 'README.md')).toBe('# hello-world\n\nNow with a widget.\n');
    // The rest of the tree is kept: the push is on top of the base tree.
    expect(fileAt(h, 'src/greet.ts')).toBeDefined();
    if (!git || !head) throw new Error('main is gone');
    expect(git.diff(git.commits.get(before), head).map((change) => change.path)).toEqual([
      'README.md',
      'src/widget/index.ts',
      'src/widget/widget.ts',
    ]);
  });

  it('push_files refuses duplicate, unsafe or too many paths before any request', async () => {
    const h = await start(kind);
    const before = h.github.hits();
    const push = (files: Array<{ path: string; content: string }>) =>
      h.client.callTool('push_files', { ...HELLO, branch: 'main', message: 'x', files });
    const cases: Array<[Array<{ path: string; content: string }>, RegExp]> = [
      [[{ path: '../x', content: '' }], /"\.\." segment/],
      [[{ path: '/etc/passwd', content: '' }], /starts with "\/"/],
      [[{ path: '.git/config', content: '' }], /reaches into \.git/],
      [[{ path: 'src/.GIT/hooks/pre-commit', content: '' }], /reaches into \.git/],
      [[{ path: 'a//b', content: '' }], /empty segment/],
      [[{ path: 'a\\b', content: '' }], /backslash/],
      [[{ path: 'dir/', content: '' }], /ends with "\/"/],
      [
        [
          { path: 'a.md', content: '1' },
          { path: 'a.md', content: '2' },
        ],
        /"a\.md" is given twice/,
      ],
      [
        [
          { path: 'docs', content: '1' },
          { path: 'docs/x.md', content: '2' },
        ],
        /"docs" cannot be both a file and the folder/,
      ],
      [[], /files/],
      [Array.from({ length: 101 }, (_, index) => ({ path: `f${index}.txt`, content: '' })), /files/],
    ];
    for (const [files, message] of cases) expectToolError(await push(files), 'invalid_input', message);
    expectToolError(
      await h.client.callTool('create_or_update_file', { ...HELLO, path: '../up.md', content: 'x', message: 'x', branch: 'main' }),
      'invalid_input',
      /"\.\." segment/,
    );
    expectToolError(
      await h.client.callTool('delete_file', { ...HELLO, path: '.git/HEAD', message: 'x', branch: 'main' }),
      'invalid_input',
      /\.git/,
    );
    expectToolError(
      await h.client.callTool('push_files', { ...HELLO, branch: 'main..x', message: 'x', files: [{ path: 'a', content: '' }] }),
      'invalid_input',
      /branch/,
    );
    expect(h.github.hits()).toBe(before);
  });

  it('push_files moves nothing when someone pushed meanwhile, and says so', async () => {
    const h = await start(kind);
    const repo = h.github.world.repo('octo-org', 'hello-world');
    const head = headOf(h);
    const older = repo?.git.commits.get(head)?.parents[0] ?? '';
    // The head the tool reads is one commit old: someone pushed right after it looked.
    // Octokit sends the ref with its slash encoded.
    h.github.inject('/repos/octo-org/hello-world/git/ref/heads%2Fmain', {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      json: { ref: 'refs/heads/main', object: { sha: older, type: 'commit' } },
    });
    expectToolError(
      await h.client.callTool('push_files', { ...HELLO, branch: 'main', message: 'Late', files: [{ path: 'late.md', content: 'x' }] }),
      'conflict',
      /Nothing was pushed: main in octo-org\/hello-world moved while the commit was being made \(someone else pushed\).*call push_files again/,
    );
    expect(headOf(h)).toBe(head);
    expect(fileAt(h, 'late.md')).toBeUndefined();
  });

  it('push_files to a missing branch says to create it', async () => {
    const h = await start(kind);
    expectToolError(
      await h.client.callTool('push_files', { ...HELLO, branch: 'no-such-branch', message: 'x', files: [{ path: 'a.md', content: '' }] }),
      'not_found',
      /Nothing was pushed: GitHub found no branch "no-such-branch".*create_branch/,
    );
  });

  it('refuses tokens that cannot write: read-only fine-grained (403), public_repo on a private repository (404)', async () => {
    const readOnly = await start(kind, { token: 'hubotReadOnly' });
    expectToolError(
      await readOnly.client.callTool('create_or_update_file', { ...HELLO, path: 'a.md', content: 'x', message: 'x', branch: 'main' }),
      'forbidden',
      /Resource not accessible by personal access token/,
    );
    expectToolError(
      await readOnly.client.callTool('push_files', { ...HELLO, branch: 'main', message: 'x', files: [{ path: 'a.md', content: 'x' }] }),
      'forbidden',
      /Nothing was pushed to main: .*Resource not accessible by personal access token/,
    );
    expectToolError(
      await readOnly.client.callTool('delete_file', { ...HELLO, path: 'README.md', message: 'x', branch: 'main' }),
      'forbidden',
      /Resource not accessible by personal access token/,
    );
    const mallory = await start(kind, { token: 'mallory' });
    const secret = { owner: 'octo-org', repo: 'secret-plans' };
    expectToolError(
      await mallory.client.callTool('create_or_update_file', { ...secret, path: 'a.md', content: 'x', message: 'x', branch: 'main' }),
      'not_found',
    );
    expectToolError(
      await mallory.client.callTool('push_files', { ...secret, branch: 'main', message: 'x', files: [{ path: 'a.md', content: 'x' }] }),
      'not_found',
    );
    expectToolError(
      await mallory.client.callTool('delete_file', { ...secret, path: 'README.md', message: 'x', branch: 'main', sha: 'c'.repeat(40) }),
      'not_found',
    );
    expect(mallory.github.world.repo('octo-org', 'secret-plans')?.git.resolveBranch('main')?.files.has('a.md')).toBe(false);
  });

  it('--repos refuses writes outside the list before any request', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/hello-world'] });
    const sketchbook = { owner: 'monalisa', repo: 'sketchbook' };
    const before = h.github.hits();
    for (const [tool, args] of [
      ['create_or_update_file', { ...sketchbook, path: 'a.md', content: 'x', message: 'x', branch: 'main' }],
      ['delete_file', { ...sketchbook, path: 'README.md', message: 'x', branch: 'main' }],
      ['push_files', { ...sketchbook, branch: 'main', message: 'x', files: [{ path: 'a.md', content: 'x' }] }],
    ] as const) {
      expectToolError(await h.client.callTool(tool, args), 'forbidden', /monalisa\/sketchbook is outside the repositories/);
    }
    expect(h.github.hits()).toBe(before);
    expect(writes(h)).toBe(0);
    const inside = await h.client.callTool('create_or_update_file', {
      ...HELLO,
      path: 'ok.md',
      content: 'ok',
      message: 'ok',
      branch: 'main',
    });
    expect(inside.isError, inside.text).toBe(false);
  });
});
