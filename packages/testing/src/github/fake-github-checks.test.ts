import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';

// Commit statuses (combined per context) and check runs, read by ref: a branch or a sha.

const fake = useFakeGitHub();
const base = (github: { url: string }) => `${github.url}/repos/octo-org/hello-world/commits`;

describe('commit statuses and check runs', () => {
  it('combines the latest status of each context, newest first, and resolves a branch', async () => {
    const github = await fake();
    const { status, body } = await call(`${base(github)}/dev/status`);
    expect(status).toBe(200);
    expect(body.state).toBe('pending');
    expect(body.total_count).toBe(2);
    expect(body.statuses.map((s: Json) => [s.context, s.state])).toEqual([
      ['ci/docs', 'success'],
      ['ci/coverage', 'pending'],
    ]);
    expect(body.statuses[0]).toMatchObject({ creator: { login: 'hubot' }, target_url: expect.stringContaining('ci.example.com') });
    const bySha = await call(`${base(github)}/${body.sha}/status`);
    expect(bySha.body.sha).toBe(body.sha);
  });

  it('says pending with no statuses, and 422 for a ref that names no commit', async () => {
    const github = await fake();
    const none = await call(`${base(github)}/readme-rewrite/status`);
    expect(none.body).toMatchObject({ state: 'pending', total_count: 0, statuses: [] });
    const bad = await call(`${base(github)}/no-such-branch/check-runs`);
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('No commit found for SHA: no-such-branch');
  });

  it('lists check runs with their output, filtered by name or status', async () => {
    const github = await fake();
    const { body } = await call(`${base(github)}/dev/check-runs`);
    expect(body.total_count).toBe(2);
    expect(body.check_runs.map((r: Json) => [r.name, r.conclusion])).toEqual([
      ['build', 'success'],
      ['lint', 'failure'],
    ]);
    expect(body.check_runs[1]).toMatchObject({ status: 'completed', app: { slug: 'github-actions' }, output: { title: '2 lint errors' } });
    expect((await call(`${base(github)}/dev/check-runs?check_name=lint`)).body.total_count).toBe(1);
    expect((await call(`${base(github)}/dev/check-runs?status=queued`)).body.total_count).toBe(0);
  });

  it('hides a private repository and refuses a fine-grained token without checks permission', async () => {
    const github = await fake();
    const hidden = await call(`${github.url}/repos/octo-org/secret-plans/commits/main/check-runs`, { token: SEED_TOKENS.mallory });
    expect(hidden.status).toBe(404);
    const refused = await call(`${github.url}/repos/octo-org/secret-plans/commits/main/check-runs`, { token: SEED_TOKENS.hubot });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Resource not accessible by personal access token');
    const allowed = await call(`${github.url}/repos/octo-org/secret-plans/commits/main/check-runs`, { token: SEED_TOKENS.hubotOps });
    expect(allowed.status).toBe(200);
  });
});
