import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';

// The git data API (blobs, trees, commits, moving refs), repository creation and forks, and code
// search: what a multi-file push, create_repository, fork_repository and search_code rely on.

const fake = useFakeGitHub();
const octocat = SEED_TOKENS.octocat;

const blobSha = (text: string) => {
  const content = Buffer.from(text);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
};
const post = (url: string, body: unknown, token: string | null = octocat) => call(url, { method: 'POST', body, token: token ?? undefined });
const patch = (url: string, body: unknown, token: string | null = octocat) =>
  call(url, { method: 'PATCH', body, token: token ?? undefined });

describe('git data: blobs, trees, commits and refs', () => {
  it('pushes two files as one commit: blob, tree on the base tree, commit, fast-forward ref', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const ref = await call(`${base}/git/ref/heads/main`);
    const head = await call(`${base}/git/commits/${ref.body.object.sha}`);
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({ sha: ref.body.object.sha, tree: { sha: expect.stringMatching(/^[0-9a-f]{40}$/) } });

    const blob = await post(`${base}/git/blobs`, { content: Buffer.from('# Notes\n').toString('base64'), encoding: 'base64' });
    expect(blob.status).toBe(201);
    expect(blob.body).toEqual({ url: `${base}/git/blobs/${blobSha('# Notes\n')}`, sha: blobSha('# Notes\n') });
    expect(Buffer.from((await call(`${base}/git/blobs/${blob.body.sha}`)).body.content, 'base64').toString()).toBe('# Notes\n');

    const tree = await post(`${base}/git/trees`, {
      base_tree: head.body.tree.sha,
      tree: [
        { path: 'docs/notes.md', mode: '100644', type: 'blob', sha: blob.body.sha },
        { path: 'src/new.ts', mode: '100644', type: 'blob', content: 'export const x = 1;\n' },
        { path: 'CHANGELOG.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    expect(tree.status).toBe(201);
    expect(tree.body.truncated).toBe(false);
    const root = tree.body.tree.map((entry: Json) => entry.path);
    expect(root).toContain('docs');
    expect(root).toContain('README.md');
    expect(root).not.toContain('CHANGELOG.md');

    const commit = await post(`${base}/git/commits`, { message: 'Add notes', tree: tree.body.sha, parents: [head.body.sha] });
    expect(commit.status).toBe(201);
    expect(commit.body).toMatchObject({
      message: 'Add notes',
      tree: { sha: tree.body.sha },
      parents: [{ sha: head.body.sha }],
      author: { name: 'The Octocat', email: 'octocat@github.com', date: '2026-11-23T14:07:00Z' },
    });
    // Nothing moved yet: a commit object is not a push.
    expect((await call(`${base}/git/ref/heads/main`)).body.object.sha).toBe(head.body.sha);

    const moved = await patch(`${base}/git/refs/heads/main`, { sha: commit.body.sha, force: false });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ ref: 'refs/heads/main', object: { sha: commit.body.sha, type: 'commit' } });
    const detail = await call(`${base}/commits/main`);
    expect(detail.body.files.map((file: Json) => [file.filename, file.status])).toEqual([
      ['CHANGELOG.md', 'removed'],
      ['docs/notes.md', 'added'],
      ['src/new.ts', 'added'],
    ]);
    const read = await call(`${base}/contents/src/new.ts`);
    expect(Buffer.from(read.body.content, 'base64').toString()).toBe('export const x = 1;\n');
  });

  it('lists a tree, recursively on request, with git’s modes and types', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const top = await call(`${base}/git/trees/main`);
    expect(top.status).toBe(200);
    const byPath = Object.fromEntries(top.body.tree.map((entry: Json) => [entry.path, entry]));
    expect(byPath.src).toMatchObject({ mode: '040000', type: 'tree' });
    expect(byPath['README.md']).toMatchObject({ mode: '100644', type: 'blob', size: expect.any(Number) });
    expect(byPath.vendor).toMatchObject({ type: 'tree' });
    expect(top.body.tree.some((entry: Json) => entry.path.includes('/'))).toBe(false);
    const all = await call(`${base}/git/trees/${top.body.sha}?recursive=1`);
    const paths = all.body.tree.map((entry: Json) => entry.path);
    expect(paths.indexOf('src')).toBeLessThan(paths.indexOf('src/greet.ts'));
    expect(all.body.tree.find((entry: Json) => entry.path === 'vendor/shared-lib')).toMatchObject({ mode: '160000', type: 'commit' });
    expect(all.body.tree.find((entry: Json) => entry.path === 'docs/latest')).toMatchObject({ mode: '120000', type: 'blob' });
    const sub = await call(`${base}/git/trees/${byPath.src.sha}`);
    expect(sub.body.tree.map((entry: Json) => entry.path)).toContain('greet.ts');
    expect((await call(`${base}/git/trees/${'0'.repeat(40)}`)).status).toBe(404);
    // Trees are content-addressed like git's: the same entries give the same sha.
    const head = (await call(`${base}/git/commits/${(await call(`${base}/git/ref/heads/main`)).body.object.sha}`)).body;
    expect(head.tree.sha).toBe(top.body.sha);
    expect((await post(`${base}/git/trees`, { base_tree: top.body.sha, tree: [] })).body.sha).toBe(top.body.sha);
  });

  it('refuses a ref update that is not a fast forward unless forced', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const main = (await call(`${base}/git/ref/heads/main`)).body.object.sha;
    const older = (await call(`${base}/commits?per_page=2`)).body[1].sha;
    const back = await patch(`${base}/git/refs/heads/main`, { sha: older });
    expect(back.status).toBe(422);
    expect(back.body).toEqual({
      message: 'Update is not a fast forward',
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '422',
    });
    expect((await call(`${base}/git/ref/heads/main`)).body.object.sha).toBe(main);
    const forced = await patch(`${base}/git/refs/heads/main`, { sha: older, force: true });
    expect(forced.status).toBe(200);
    expect((await call(`${base}/git/ref/heads/main`)).body.object.sha).toBe(older);
    expect((await patch(`${base}/git/refs/heads/nope`, { sha: older })).body.message).toBe('Reference does not exist');
    expect((await patch(`${base}/git/refs/heads/main`, { sha: 'f'.repeat(40) })).body.message).toBe('Object does not exist');
    expect((await patch(`${base}/git/refs/heads/main`, {})).body.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
  });

  it('answers bad trees and commits with GitHub’s 422s', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const file = (path: string) => ({ tree: [{ path, mode: '100644', type: 'blob', content: 'x' }] });
    for (const path of ['../x', '/x', 'a//b', '.git/config', 'a/./b']) {
      const refused = await post(`${base}/git/trees`, file(path));
      expect(refused.status, path).toBe(422);
      expect(refused.body.message).toBe('tree.path contains a malformed path component');
    }
    expect((await post(`${base}/git/trees`, { base_tree: 'f'.repeat(40), ...file('x') })).body.message).toBe('GitRPC::BadObjectState');
    const unknownBlob = await post(`${base}/git/trees`, { tree: [{ path: 'x', mode: '100644', type: 'blob', sha: 'e'.repeat(40) }] });
    expect(unknownBlob.body.message).toBe(`tree.sha ${'e'.repeat(40)} is not a valid blob`);
    expect((await post(`${base}/git/trees`, { tree: [{ path: 'x', mode: '100600', content: 'x' }] })).body.message).toBe(
      'Invalid request.\n\nInvalid value for "tree.mode".',
    );
    const tree = (await post(`${base}/git/trees`, file('only.txt'))).body.sha;
    expect((await call(`${base}/git/trees/${tree}`)).body.tree.map((entry: Json) => entry.path)).toEqual(['only.txt']);
    expect((await post(`${base}/git/commits`, { message: 'x', tree: 'f'.repeat(40) })).body.message).toBe('Tree SHA does not exist');
    expect((await post(`${base}/git/commits`, { message: 'x', tree, parents: ['f'.repeat(40)] })).body.message).toBe(
      'Parent SHA does not exist or is not a commit object',
    );
    expect((await post(`${base}/git/commits`, { tree })).body.message).toBe('Invalid request.\n\n"message" wasn\'t supplied.');
  });

  it('refuses git writes to callers without push access or write permission', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const body = { content: 'x' };
    expect((await post(`${base}/git/blobs`, body, SEED_TOKENS.mallory)).status).toBe(404);
    const readOnly = await post(`${base}/git/blobs`, body, SEED_TOKENS.hubotReadOnly);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.message).toBe('Resource not accessible by personal access token');
    expect((await post(`${base}/git/trees`, { tree: [] }, null)).status).toBe(401);
    expect((await patch(`${base}/git/refs/heads/main`, { sha: 'x' }, SEED_TOKENS.monalisa)).status).toBe(404);
    expect((await post(`${github.url}/repos/octo-org/secret-plans/git/blobs`, body, SEED_TOKENS.mallory)).status).toBe(404);
    expect((await post(`${base}/git/blobs`, body, SEED_TOKENS.hubot)).status).toBe(201);
  });
});

describe('contents writes', () => {
  it('deletes a file only with its current sha', async () => {
    const github = await fake();
    const url = `${github.url}/repos/monalisa/sketchbook/contents/palette.json`;
    const current = await call(url);
    const del = (body: unknown) => call(url, { method: 'DELETE', body, token: SEED_TOKENS.monalisa });
    expect((await del({ message: 'Drop palette' })).body.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
    const stale = await del({ message: 'Drop palette', sha: 'a'.repeat(40) });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(`palette.json does not match ${'a'.repeat(40)}`);
    const done = await del({ message: 'Drop palette', sha: current.body.sha });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ content: null, commit: { message: 'Drop palette', parents: [{ sha: expect.any(String) }] } });
    expect((await call(url)).status).toBe(404);
  });
});

describe('creating repositories and forks', () => {
  it('creates a repository for the caller, with a README when asked, and refuses a taken name', async () => {
    const github = await fake();
    const created = await post(`${github.url}/user/repos`, { name: 'notes', description: 'My notes', private: true, auto_init: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      full_name: 'octocat/notes',
      private: true,
      visibility: 'private',
      description: 'My notes',
      default_branch: 'main',
      fork: false,
      owner: { login: 'octocat' },
      permissions: { admin: true, push: true },
    });
    expect(created.headers.get('location')).toBe(`${github.url}/repos/octocat/notes`);
    const readme = await call(`${github.url}/repos/octocat/notes/contents/README.md`, { token: octocat });
    expect(Buffer.from(readme.body.content, 'base64').toString()).toBe('# notes\nMy notes\n');
    expect(github.world.repo('octocat', 'notes')?.git.resolveBranch('main')?.message).toBe('Initial commit');

    const taken = await post(`${github.url}/user/repos`, { name: 'Notes' });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      message: 'Repository creation failed.',
      errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }],
      documentation_url: 'https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user',
      status: '422',
    });
    const bare = await post(`${github.url}/user/repos`, { name: 'empty one' });
    expect(bare.body.full_name).toBe('octocat/empty-one');
    expect((await call(`${github.url}/repos/octocat/empty-one/contents/`, { token: octocat })).body.message).toBe(
      'This repository is empty.',
    );
    expect((await post(`${github.url}/user/repos`, {})).body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Repository', code: 'missing_field', field: 'name' }],
    });
  });

  it('creates organization repositories for members only, and needs the scope for the visibility', async () => {
    const github = await fake();
    const inOrg = await post(`${github.url}/orgs/octo-org/repos`, { name: 'tools' }, SEED_TOKENS.octocat);
    expect(inOrg.status).toBe(201);
    expect(inOrg.body).toMatchObject({ full_name: 'octo-org/tools', organization: { login: 'octo-org' } });
    const stranger = await post(`${github.url}/orgs/octo-org/repos`, { name: 'mine' }, SEED_TOKENS.mallory);
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toBe('You need admin access to the organization before adding a repository to it.');
    expect((await post(`${github.url}/orgs/no-such-org/repos`, { name: 'x' })).status).toBe(404);
    // public_repo makes public repositories only; a private one is "Not Found", as GitHub answers a missing scope.
    expect((await post(`${github.url}/user/repos`, { name: 'open' }, SEED_TOKENS.mallory)).status).toBe(201);
    expect((await post(`${github.url}/user/repos`, { name: 'hidden', private: true }, SEED_TOKENS.mallory)).status).toBe(404);
    expect((await post(`${github.url}/user/repos`, { name: 'x' }, SEED_TOKENS.octocatNoScopes)).status).toBe(404);
    const fineGrained = await post(`${github.url}/user/repos`, { name: 'x' }, SEED_TOKENS.hubot);
    expect(fineGrained.status).toBe(403);
    expect(fineGrained.body.message).toBe('Resource not accessible by personal access token');
    expect((await post(`${github.url}/user/repos`, { name: 'x' }, null)).status).toBe(401);
  });

  it('forks with the whole history (or the default branch only), into an account or an organization', async () => {
    const github = await fake();
    const forked = await post(`${github.url}/repos/octo-org/hello-world/forks`, {}, SEED_TOKENS.monalisa);
    expect(forked.status).toBe(202);
    expect(forked.body).toMatchObject({
      full_name: 'monalisa/hello-world',
      fork: true,
      parent: { full_name: 'octo-org/hello-world' },
      source: { full_name: 'octo-org/hello-world' },
      default_branch: 'main',
    });
    const fork = github.world.repo('monalisa', 'hello-world');
    const source = github.world.repo('octo-org', 'hello-world');
    expect(fork?.git.branches.get('main')).toBe(source?.git.branches.get('main'));
    expect([...(fork?.git.branches.keys() ?? [])].sort()).toEqual(['dev', 'main', 'readme-rewrite']);
    expect(source?.forks).toBe(211);

    // Read again, the fork names its parent; forked again, the existing fork is the answer.
    expect((await call(`${github.url}/repos/monalisa/hello-world`)).body).toMatchObject({
      fork: true,
      parent: { full_name: 'octo-org/hello-world' },
    });
    const again = await post(`${github.url}/repos/octo-org/hello-world/forks`, { default_branch_only: true }, SEED_TOKENS.monalisa);
    expect(again.status).toBe(202);
    expect(again.body.full_name).toBe('monalisa/hello-world');
    expect(source?.forks).toBe(211);
    // A name another repository holds gets a suffix.
    github.world.addRepo({ owner: 'octocat', name: 'hello-world' });
    const renamed = await post(`${github.url}/repos/octo-org/hello-world/forks`, { default_branch_only: true });
    expect(renamed.body.full_name).toBe('octocat/hello-world-1');
    expect([...(github.world.repo('octocat', 'hello-world-1')?.git.branches.keys() ?? [])]).toEqual(['main']);

    const named = await post(`${github.url}/repos/monalisa/sketchbook/forks`, { organization: 'octo-org', name: 'org-sketches' });
    expect(named.body).toMatchObject({ full_name: 'octo-org/org-sketches', owner: { login: 'octo-org' } });
    const outsider = await post(`${github.url}/repos/monalisa/sketchbook/forks`, { organization: 'octo-org' }, SEED_TOKENS.mallory);
    expect(outsider.status).toBe(403);
    expect((await post(`${github.url}/repos/octo-org/secret-plans/forks`, {}, SEED_TOKENS.mallory)).status).toBe(404);
    expect((await post(`${github.url}/repos/octo-org/hello-world/forks`, {}, SEED_TOKENS.hubotReadOnly)).status).toBe(403);
    expect((await post(`${github.url}/repos/octo-org/hello-world/forks`, {}, null)).status).toBe(401);
  });
});

describe('code search', () => {
  const search = (github: { url: string }, q: string, options: { token?: string; accept?: string } = { token: octocat }) =>
    call(`${github.url}/search/code?q=${encodeURIComponent(q)}`, options);

  it('finds code by word within repo:, org: and path: scopes, with fragments when asked', async () => {
    const github = await fake();
    const found = await search(github, 'greet repo:octo-org/hello-world path:src language:typescript');
    expect(found.status).toBe(200);
    expect(found.body.incomplete_results).toBe(false);
    expect(found.body.total_count).toBeGreaterThan(0);
    expect(found.body.items[0]).toMatchObject({
      name: expect.stringMatching(/\.ts$/),
      path: expect.stringMatching(/^src\//),
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      repository: { full_name: 'octo-org/hello-world' },
      html_url: expect.stringMatching(/^https:\/\/github\.com\/octo-org\/hello-world\/blob\/[0-9a-f]{40}\/src\//),
    });
    expect(found.body.items[0].text_matches).toBeUndefined();
    const withMatches = await search(github, 'greet repo:octo-org/hello-world', {
      token: octocat,
      accept: 'application/vnd.github.text-match+json',
    });
    expect(withMatches.body.items[0].text_matches[0]).toMatchObject({ object_type: 'FileContent', property: 'content' });
    expect(withMatches.body.items[0].text_matches[0].fragment.toLowerCase()).toContain('greet');
    const byName = await search(github, 'ink filename:palette.json');
    expect(byName.body.items.map((item: Json) => item.path)).toEqual(['palette.json']);
  });

  it('treats repo:, user: and org: as one scope, and hides what the caller cannot see', async () => {
    const github = await fake();
    const either = await search(github, 'readme in:path repo:monalisa/sketchbook org:octo-org');
    const repos = new Set(either.body.items.map((item: Json) => item.repository.full_name));
    expect(repos).toEqual(new Set(['octo-org/hello-world', 'octo-org/secret-plans', 'monalisa/sketchbook']));
    const narrow = await search(github, 'readme in:path repo:monalisa/sketchbook');
    expect(narrow.body.items.map((item: Json) => item.repository.full_name)).toEqual(['monalisa/sketchbook']);
    const stranger = await search(github, 'octopus', { token: SEED_TOKENS.mallory });
    expect(stranger.body.items.map((item: Json) => item.repository.full_name)).not.toContain('octo-org/secret-plans');
    const hidden = await search(github, 'octopus repo:octo-org/secret-plans', { token: SEED_TOKENS.mallory });
    expect(hidden.status).toBe(422);
    const anonymous = await search(github, 'octopus', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toBe('Requires authentication');
  });
});
