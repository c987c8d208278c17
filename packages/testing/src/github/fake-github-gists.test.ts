import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';

// Gists: who sees which, the shapes, creating, editing and deleting, and the `gist` scope.

const fake = useFakeGitHub();
const { octocat, octocatNoScopes, monalisa } = SEED_TOKENS;

describe('reading gists', () => {
  it('lists the user’s own gists, secret ones included, newest first, with Link pagination', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}/gists`, { token: octocat });
    expect(status).toBe(200);
    expect(body).toHaveLength(4);
    expect(body[3]).toMatchObject({ description: 'Hello World examples', public: true, owner: { login: 'octocat' } });
    expect(body.some((gist: Json) => gist.public === false)).toBe(true);
    expect(body[0].files['snippet.sh']).toMatchObject({ filename: 'snippet.sh', language: 'Shell' });
    expect(body[0].files['snippet.sh'].content).toBeUndefined();
    const page = await call(`${github.url}/gists?per_page=2`, { token: octocat });
    expect(page.body).toHaveLength(2);
    expect(page.headers.get('link')).toMatch(/page=2>; rel="next"/);
  });

  it('shows only public gists of another user', async () => {
    const github = await fake();
    const { body } = await call(`${github.url}/users/octocat/gists`, { token: monalisa });
    expect(body).toHaveLength(3);
    expect(body.every((gist: Json) => gist.public)).toBe(true);
    expect((await call(`${github.url}/users/nobody-here/gists`)).status).toBe(404);
  });

  it('gets one gist with content, history and a truncated flag per file', async () => {
    const github = await fake();
    const [large] = (await call(`${github.url}/users/octocat/gists`)).body.filter((g: Json) => g.description === 'Sensor readings');
    const { body } = await call(`${github.url}/gists/${large.id}`);
    expect(body.files['readings.csv']).toMatchObject({ truncated: false, language: 'CSV' });
    expect(body.files['readings.csv'].content).toMatch(/^id,sensor,value\n/);
    expect(body.history).toHaveLength(1);
    expect((await call(`${github.url}/gists/0000`)).status).toBe(404);
  });
});

describe('writing gists', () => {
  it('creates a secret gist by default, answering 201 with its content', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}/gists`, {
      token: octocat,
      method: 'POST',
      body: { files: { 'a.md': { content: '# A' } }, description: 'new' },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ public: false, description: 'new', files: { 'a.md': { content: '# A' } } });
    expect(github.world.gists.get(body.id)?.owner).toBe('octocat');
  });

  it('refuses a gist without files (422), without the gist scope (404) and anonymously (401)', async () => {
    const github = await fake();
    const missing = await call(`${github.url}/gists`, { token: octocat, method: 'POST', body: { files: {} } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toMatchObject({ code: 'missing_field', field: 'files' });
    const files = { files: { 'a.md': { content: 'x' } } };
    expect((await call(`${github.url}/gists`, { token: octocatNoScopes, method: 'POST', body: files })).status).toBe(404);
    expect((await call(`${github.url}/gists`, { method: 'POST', body: files })).status).toBe(401);
  });

  it('edits, renames and deletes files, adding a revision; only the owner may', async () => {
    const github = await fake();
    const [hello] = github.world.gists.of('octocat').filter((g) => g.description === 'Hello World examples');
    const id = hello?.id ?? '';
    const { status, body } = await call(`${github.url}/gists/${id}`, {
      token: octocat,
      method: 'PATCH',
      body: { files: { 'hello_world.rb': { filename: 'hello.rb', content: 'puts 1\n' }, 'README.md': null } },
    });
    expect(status).toBe(200);
    expect(Object.keys(body.files)).toEqual(['hello.rb']);
    expect(body.history).toHaveLength(2);
    expect(github.world.gists.get(id)?.files.get('hello.rb')?.content).toBe('puts 1\n');
    const stranger = await call(`${github.url}/gists/${id}`, { token: monalisa, method: 'PATCH', body: { description: 'mine' } });
    expect(stranger.status).toBe(404);
    const gone = await call(`${github.url}/gists/${id}`, { token: octocat, method: 'PATCH', body: { files: { 'nope.txt': null } } });
    expect(gone.status).toBe(422);
    expect((await call(`${github.url}/gists/${id}`, { token: octocat, method: 'DELETE' })).status).toBe(204);
    expect(github.world.gists.get(id)).toBeUndefined();
  });
});
