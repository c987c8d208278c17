import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';

// Accounts, repositories, collaborators, contents (reads and writes), branches, refs, commits,
// tags and releases.

const fake = useFakeGitHub();

const blobSha = (text: string | Buffer) => {
  const content = Buffer.from(text);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
};
const octocat = SEED_TOKENS.octocat;

describe('accounts and repositories', () => {
  it('returns users and organizations, and 404 for nobody', async () => {
    const github = await fake();
    const user = await call(`${github.url}/users/MonaLisa`);
    expect(user.body).toMatchObject({
      login: 'monalisa',
      id: 3,
      type: 'User',
      name: 'Mona Lisa Octocat',
      public_repos: 1,
      html_url: 'https://github.com/monalisa',
    });
    expect(user.body.url).toBe(`${github.url}/users/monalisa`);
    expect((await call(`${github.url}/users/octo-org`)).body).toMatchObject({ type: 'Organization', public_repos: 1 });
    expect((await call(`${github.url}/users/nobody-here`)).status).toBe(404);
  });

  it('describes a repository in full, with the caller’s permissions', async () => {
    const github = await fake();
    const { body } = await call(`${github.url}/repos/octo-org/hello-world`, { token: SEED_TOKENS.hubot });
    expect(body).toMatchObject({
      id: 1296269,
      name: 'hello-world',
      full_name: 'octo-org/hello-world',
      private: false,
      visibility: 'public',
      default_branch: 'main',
      description: 'My first repository on GitHub!',
      topics: ['octocat', 'example', 'typescript'],
      language: 'TypeScript',
      stargazers_count: 1420,
      forks_count: 210,
      open_issues_count: 23,
      license: { key: 'mit', spdx_id: 'MIT' },
      owner: { login: 'octo-org', type: 'Organization' },
      organization: { login: 'octo-org' },
      html_url: 'https://github.com/octo-org/hello-world',
      clone_url: 'https://github.com/octo-org/hello-world.git',
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    });
    expect(body.contents_url).toBe(`${github.url}/repos/octo-org/hello-world/contents/{+path}`);
    expect(body.created_at).toBe('2026-01-05T08:00:00Z');
    expect(Date.parse(body.pushed_at)).toBeGreaterThan(Date.parse(body.created_at));
    const stranger = await call(`${github.url}/repos/octo-org/hello-world`, { token: SEED_TOKENS.mallory });
    expect(stranger.body.permissions).toEqual({ admin: false, maintain: false, push: false, triage: false, pull: true });
  });

  it('reports collaborator permission levels to people with push access only', async () => {
    const github = await fake();
    const permission = (repo: string, user: string, token?: string) =>
      call(`${github.url}/repos/${repo}/collaborators/${user}/permission`, { token });
    const hubot = await permission('octo-org/hello-world', 'hubot', octocat);
    expect(hubot.body).toMatchObject({
      permission: 'write',
      role_name: 'write',
      user: { login: 'hubot', role_name: 'write', permissions: { push: true, admin: false } },
    });
    expect((await permission('octo-org/hello-world', 'octocat', octocat)).body.permission).toBe('admin');
    expect((await permission('octo-org/hello-world', 'monalisa', octocat)).body).toMatchObject({ permission: 'read', role_name: 'read' });
    expect((await permission('octo-org/secret-plans', 'mallory', octocat)).body).toMatchObject({ permission: 'none', role_name: 'none' });
    expect((await permission('monalisa/sketchbook', 'hubot', SEED_TOKENS.monalisa)).body.permission).toBe('write');
    const refused = await permission('octo-org/hello-world', 'hubot', SEED_TOKENS.mallory);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Must have push access to view collaborator permission.');
    expect((await permission('octo-org/hello-world', 'hubot')).status).toBe(401);
    expect((await permission('octo-org/secret-plans', 'hubot', SEED_TOKENS.mallory)).status).toBe(404);
    expect((await permission('octo-org/hello-world', 'nobody-here', octocat)).status).toBe(404);
    const list = await call(`${github.url}/repos/octo-org/hello-world/collaborators`, { token: octocat });
    expect(list.body.map((user: Json) => [user.login, user.role_name])).toEqual([
      ['octocat', 'admin'],
      ['hubot', 'write'],
    ]);
  });

  it('lists labels with GitHub’s default colours', async () => {
    const github = await fake();
    const { body } = await call(`${github.url}/repos/octo-org/hello-world/labels`);
    expect(body.find((label: Json) => label.name === 'bug')).toMatchObject({
      color: 'd73a4a',
      default: true,
      description: "Something isn't working",
    });
    expect(body.map((label: Json) => label.name)).toContain('good first issue');
  });
});

describe('user search', () => {
  it('finds accounts by login or name, by type, and sorts by repositories or join date', async () => {
    const github = await fake();
    const search = async (query: string) =>
      (await call(`${github.url}/search/users?${query}`, { token: octocat })).body.items.map((item: Json) => item.login);
    expect(await search('q=mona')).toEqual(['monalisa']);
    expect(await search('q=octo+type:org')).toEqual(['octo-org']);
    expect(await search('q=octocat+type:user')).toEqual(['octocat', 'monalisa']);
    // monalisa owns one repository, the other users none; ties keep best match (the fake's account order).
    const users = await search('q=type:user');
    expect(users.length).toBeGreaterThan(3);
    expect(await search('q=type:user&sort=repositories')).toEqual(['monalisa', ...users.filter((login: string) => login !== 'monalisa')]);
    expect((await search('q=type:user&sort=repositories&order=asc')).at(-1)).toBe('monalisa');
    // web-flow joined in 2016, after every other seed account (2011).
    expect((await search('q=type:user&sort=joined'))[0]).toBe('web-flow');
    expect((await search('q=type:user&sort=joined&order=asc')).at(-1)).toBe('web-flow');
  });
});

describe('contents', () => {
  it('returns a file in base64 wrapped at 60 characters, with its blob sha and links', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}/repos/octo-org/hello-world/contents/README.md`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'file', encoding: 'base64', name: 'README.md', path: 'README.md' });
    const lines = body.content.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -2).every((line: string) => line.length === 60)).toBe(true);
    const text = Buffer.from(body.content, 'base64').toString('utf8');
    expect(text).toContain('npm install @octo-org/hello-world@2.0.0');
    expect(body.size).toBe(Buffer.byteLength(text));
    expect(body.sha).toBe(blobSha(text));
    expect(body.url).toBe(`${github.url}/repos/octo-org/hello-world/contents/README.md?ref=main`);
    expect(body.html_url).toBe('https://github.com/octo-org/hello-world/blob/main/README.md');
    expect(body._links.git).toBe(`${github.url}/repos/octo-org/hello-world/git/blobs/${body.sha}`);
    const raw = await fetch(body.download_url);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toBe(text);
  });

  it('reads at a tag, a branch or a sha, and says when the ref does not exist', async () => {
    const github = await fake();
    const readme = async (ref: string) => {
      const { body } = await call(`${github.url}/repos/octo-org/hello-world/contents/README.md?ref=${ref}`);
      return Buffer.from(body.content, 'base64').toString('utf8');
    };
    expect(await readme('v1.0.0')).toContain('@1.0.0');
    expect(await readme('readme-rewrite')).toBe('# hello-world\n\nGreetings, as a service.\n');
    const { body: branch } = await call(`${github.url}/repos/octo-org/hello-world/branches/v1.0.0`);
    expect(branch.message).toBe('Branch not found');
    const tag = await call(`${github.url}/repos/octo-org/hello-world/git/ref/tags/v1.0.0`);
    expect(await readme(tag.body.object.sha.slice(0, 7))).toContain('@1.0.0');
    const missing = await call(`${github.url}/repos/octo-org/hello-world/contents/README.md?ref=nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('No commit found for the ref nope');
    expect((await call(`${github.url}/repos/octo-org/hello-world/contents/NOPE.md`)).status).toBe(404);
  });

  it('lists directories, reporting submodules as files there, and describes links and submodules', async () => {
    const github = await fake();
    const root = await call(`${github.url}/repos/octo-org/hello-world/contents`);
    const types = Object.fromEntries(root.body.map((entry: Json) => [entry.path, entry.type]));
    expect(types).toMatchObject({ 'README.md': 'file', src: 'dir', docs: 'dir', data: 'dir', assets: 'dir', vendor: 'dir' });
    const docs = await call(`${github.url}/repos/octo-org/hello-world/contents/docs`);
    expect(docs.body.map((entry: Json) => [entry.name, entry.type])).toEqual([
      ['api', 'dir'],
      ['benchmarks.md', 'file'],
      ['guide', 'dir'],
      ['latest', 'symlink'],
    ]);
    const vendor = await call(`${github.url}/repos/octo-org/hello-world/contents/vendor`);
    expect(vendor.body[0]).toMatchObject({ name: 'shared-lib', type: 'file', download_url: null });
    const submodule = await call(`${github.url}/repos/octo-org/hello-world/contents/vendor/shared-lib`);
    expect(submodule.body).toMatchObject({ type: 'submodule', submodule_git_url: 'https://github.com/octo-org/shared-lib.git', size: 0 });
    const link = await call(`${github.url}/repos/octo-org/hello-world/contents/docs/latest`);
    expect(link.body).toMatchObject({ type: 'file', path: 'docs/guide/getting-started.md' });
    expect(Buffer.from(link.body.content, 'base64').toString()).toContain('Install the package');
  });

  it('leaves out the content of files over 1 MiB, serves binaries, and honours the raw media type', async () => {
    const github = await fake();
    const big = await call(`${github.url}/repos/octo-org/hello-world/contents/data/large-dataset.csv`);
    expect(big.body).toMatchObject({ type: 'file', encoding: 'none', content: '' });
    expect(big.body.size).toBeGreaterThan(1024 * 1024);
    const raw = await call(`${github.url}/repos/octo-org/hello-world/contents/data/large-dataset.csv`, {
      accept: 'application/vnd.github.raw+json',
    });
    expect(raw.headers.get('content-type')).toBe('application/vnd.github.raw; charset=utf-8');
    expect(raw.text.length).toBe(big.body.size);
    const png = await call(`${github.url}/repos/octo-org/hello-world/contents/assets/logo.png`);
    expect(Buffer.from(png.body.content, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('serves private files to members only, and their download links carry a token', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/secret-plans/contents/plans/launch.md`;
    expect((await call(url, { token: SEED_TOKENS.mallory })).status).toBe(404);
    const { body } = await call(url, { token: SEED_TOKENS.hubot });
    expect(body.download_url).toMatch(/\?token=GHSAT0AAAAAA[0-9A-F]+$/);
    expect(await (await fetch(body.download_url)).text()).toContain('BLUE OCTOPUS');
    expect((await fetch(body.download_url.replace(/\?token=.*$/, ''))).status).toBe(404);
    expect((await fetch(`${body.download_url.slice(0, -4)}FFFF`)).status).toBe(404);
    const again = await fetch(url, { headers: { authorization: `token ${SEED_TOKENS.hubot}`, 'if-none-match': 'x' } });
    const etag = again.headers.get('etag') ?? '';
    const cached = await fetch(url, { headers: { authorization: `token ${SEED_TOKENS.hubot}`, 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });
});

describe('writing files', () => {
  const put = (url: string, body: unknown, token: string | null = octocat) =>
    call(url, { method: 'PUT', body, ...(token === null ? {} : { token }) });
  const content = (text: string) => Buffer.from(text).toString('base64');

  it('creates a file as a real commit, visible through contents, commits and branches', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const created = await put(`${base}/contents/docs/new/page.md`, { message: 'Add a page', content: content('# New\n') });
    expect(created.status).toBe(201);
    expect(created.body.content).toMatchObject({
      type: 'file',
      path: 'docs/new/page.md',
      name: 'page.md',
      sha: blobSha('# New\n'),
      size: 6,
    });
    const commit = created.body.commit;
    expect(commit).toMatchObject({
      message: 'Add a page',
      author: { name: 'The Octocat', email: 'octocat@github.com', date: '2026-11-23T14:07:00Z' },
    });
    expect(commit.sha).toMatch(/^[0-9a-f]{40}$/);
    const head = await call(`${base}/branches/main`);
    expect(head.body.commit.sha).toBe(commit.sha);
    expect(commit.parents[0].sha).toBe(head.body.commit.parents[0].sha);
    const latest = await call(`${base}/commits?per_page=1`);
    expect(latest.body[0]).toMatchObject({ sha: commit.sha, commit: { message: 'Add a page' }, author: { login: 'octocat' } });
    const detail = await call(`${base}/commits/${commit.sha}`);
    expect(detail.body.files).toEqual([
      expect.objectContaining({ filename: 'docs/new/page.md', status: 'added', additions: 1, patch: '@@ -0,0 +1 @@\n+# New' }),
    ]);
    const read = await call(`${base}/contents/docs/new/page.md`);
    expect(Buffer.from(read.body.content, 'base64').toString()).toBe('# New\n');
  });

  it('needs the current sha to update, and writes to the branch it is given', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/hello-world/contents/README.md`;
    const missing = await put(url, { message: 'Edit', content: content('x\n') });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
      documentation_url: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
      status: '422',
    });
    const stale = await put(url, { message: 'Edit', content: content('x\n'), sha: 'a'.repeat(40) });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(`README.md does not match ${'a'.repeat(40)}`);
    const current = await call(`${url}?ref=dev`);
    const updated = await put(url, { message: 'Edit on dev', content: content('dev readme\n'), sha: current.body.sha, branch: 'dev' });
    expect(updated.status).toBe(200);
    expect(Buffer.from((await call(`${url}?ref=dev`)).body.content, 'base64').toString()).toBe('dev readme\n');
    expect(Buffer.from((await call(url)).body.content, 'base64').toString()).not.toBe('dev readme\n');
    expect((await put(url, { message: 'x', content: content('x'), sha: current.body.sha, branch: 'nope' })).status).toBe(404);
    expect((await put(url, { content: content('x') })).body.message).toBe('Invalid request.\n\n"message" wasn\'t supplied.');
    expect((await put(url, { message: 'x', content: '***' })).body.message).toBe('content is not valid Base64');
  });

  it('refuses writes without authentication, push access, scope or token permission', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/hello-world/contents/NEW.md`;
    const body = { message: 'x', content: content('x') };
    expect((await put(url, body, null)).body).toMatchObject({ message: 'Requires authentication', status: '401' });
    expect((await put(url, body, SEED_TOKENS.mallory)).status).toBe(404);
    expect((await put(url, body, SEED_TOKENS.octocatNoScopes)).status).toBe(404);
    const readOnly = await put(url, body, SEED_TOKENS.hubotReadOnly);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.message).toBe('Resource not accessible by personal access token');
    expect((await put(`${github.url}/repos/octo-org/secret-plans/contents/x.md`, body, SEED_TOKENS.monalisa)).status).toBe(404);
    expect((await put(url, body, SEED_TOKENS.hubot)).status).toBe(201);
  });
});

describe('branches, refs, commits, tags and releases', () => {
  it('lists branches and creates new refs from a sha', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const branches = await call(`${base}/branches`);
    expect(branches.body.map((branch: Json) => branch.name)).toEqual(['dev', 'main', 'readme-rewrite']);
    const main = await call(`${base}/git/ref/heads/main`);
    expect(main.body).toMatchObject({ ref: 'refs/heads/main', object: { type: 'commit', sha: branches.body[1].commit.sha } });
    const created = await call(`${base}/git/refs`, {
      method: 'POST',
      token: octocat,
      body: { ref: 'refs/heads/feature/x', sha: main.body.object.sha },
    });
    expect(created.status).toBe(201);
    expect(created.body.ref).toBe('refs/heads/feature/x');
    expect((await call(`${base}/branches/feature/x`)).body.commit.sha).toBe(main.body.object.sha);
    const again = await call(`${base}/git/refs`, {
      method: 'POST',
      token: octocat,
      body: { ref: 'refs/heads/feature/x', sha: main.body.object.sha },
    });
    expect(again.status).toBe(422);
    expect(again.body.message).toBe('Reference already exists');
    const unknown = await call(`${base}/git/refs`, { method: 'POST', token: octocat, body: { ref: 'refs/heads/y', sha: 'f'.repeat(40) } });
    expect(unknown.body.message).toBe('Object does not exist');
    expect((await call(`${base}/git/ref/heads/nope`)).status).toBe(404);
  });

  it('lists commits by branch, path, author and date, newest first', async () => {
    const github = await fake();
    const commits = async (query: string) => (await call(`${github.url}/repos/octo-org/hello-world/commits?per_page=100&${query}`)).body;
    expect(await commits('')).toHaveLength(34);
    expect(await commits('sha=dev')).toHaveLength(34);
    expect(await commits('sha=readme-rewrite')).toHaveLength(12);
    expect(await commits('path=docs/benchmarks.md')).toHaveLength(8);
    const mona = await commits('author=monalisa');
    expect(mona.map((commit: Json) => commit.commit.message)).toEqual(['Fix typo in getting started guide (#8)']);
    expect(mona[0].committer).toMatchObject({ login: 'web-flow' });
    const first = (await commits('')).at(-1);
    expect(first).toMatchObject({
      commit: { message: 'Initial commit', author: { name: 'The Octocat', date: '2026-01-06T15:00:00Z' } },
      parents: [],
    });
    expect(await commits('until=2026-01-08T00:00:00Z')).toHaveLength(2);
    expect((await call(`${github.url}/repos/octo-org/hello-world/commits`)).headers.get('link')).toContain('rel="last"');
  });

  it('returns one commit with stats and patches, or as a diff', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const list = await call(`${base}/commits?path=src/greet.ts&per_page=1`);
    const sha = list.body[0].sha;
    const { body } = await call(`${base}/commits/${sha}`);
    expect(body.commit.message).toBe('Add greetIn() with a few locales');
    expect(body.files.map((file: Json) => [file.filename, file.status])).toEqual([
      ['src/greet.ts', 'modified'],
      ['src/index.ts', 'modified'],
    ]);
    expect(body.stats.additions).toBeGreaterThan(5);
    expect(body.files[1].patch).toContain("-export { farewell, greet, shout } from './greet.js';");
    const diff = await call(`${base}/commits/${sha}`, { accept: 'application/vnd.github.diff' });
    expect(diff.headers.get('content-type')).toBe('application/vnd.github.diff; charset=utf-8');
    expect(diff.text).toMatch(
      /^diff --git a\/src\/greet\.ts b\/src\/greet\.ts\nindex [0-9a-f]{7}\.\.[0-9a-f]{7} 100644\n--- a\/src\/greet\.ts\n\+\+\+ b\/src\/greet\.ts\n@@/,
    );
    const bad = await call(`${base}/commits/deadbeef00`);
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('No commit found for SHA: deadbeef00');
  });

  it('lists tags and releases, and finds the latest release or says there is none', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    expect((await call(`${base}/tags`)).body.map((tag: Json) => tag.name)).toEqual(['v2.0.0', 'v1.1.0', 'v1.0.0']);
    const releases = await call(`${base}/releases`);
    expect(releases.body.map((release: Json) => release.tag_name)).toEqual(['v2.0.0', 'v1.1.0']);
    const latest = await call(`${base}/releases/latest`);
    expect(latest.body).toMatchObject({ tag_name: 'v2.0.0', draft: false, prerelease: false, author: { login: 'octocat' } });
    expect(latest.body.assets[0]).toMatchObject({ name: 'hello-world-2.0.0.tgz', state: 'uploaded', content_type: 'application/gzip' });
    expect((await call(`${base}/releases/tags/v1.1.0`)).body.name).toBe('v1.1.0');
    const none = await call(`${github.url}/repos/monalisa/sketchbook/releases/latest`);
    expect(none.status).toBe(404);
    expect(none.body.documentation_url).toBe('https://docs.github.com/rest/releases/releases#get-the-latest-release');
  });
});
