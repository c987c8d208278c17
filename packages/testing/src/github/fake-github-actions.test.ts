import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../closed-after-each.js';
import { SEED_TOKENS } from './default-seed.js';
import { startFakeGitHub } from './fake-github.js';
import { call, type Json, NOW, useFakeGitHub } from './fake-github-request.fixture.js';
import { LONG_LOG_LINES } from './seed-actions.js';
import { HIDDEN_INSTRUCTION } from './seed-issues.js';

// GitHub Actions: workflows, runs and their filters, jobs per attempt, logs behind a signed
// redirect, reruns and cancels, and the `actions` permission of fine-grained tokens.

const fake = useFakeGitHub();
const { octocat, octocatNoScopes, hubot, hubotOps, monalisa, mallory } = SEED_TOKENS;
const HELLO = '/repos/octo-org/hello-world/actions';
const SECRET = '/repos/octo-org/secret-plans/actions';

type Fake = Awaited<ReturnType<typeof fake>>;
const runWhere = (github: Fake, test: (run: Json) => boolean) => [...github.world.actions.runs.values()].find(test);

describe('workflows', () => {
  it('lists a repository’s workflows with total_count and Link pagination', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/workflows`, { token: octocat });
    expect(status).toBe(200);
    expect(body.total_count).toBe(3);
    expect(body.workflows.map((w: Json) => w.name)).toEqual(['CI', 'Deploy', 'Nightly']);
    expect(body.workflows[0]).toMatchObject({
      path: '.github/workflows/ci.yml',
      state: 'active',
      url: `${github.url}${HELLO}/workflows/${body.workflows[0].id}`,
      html_url: 'https://github.com/octo-org/hello-world/blob/main/.github/workflows/ci.yml',
      badge_url: 'https://github.com/octo-org/hello-world/actions/workflows/ci.yml/badge.svg',
    });
    expect(Object.keys(body.workflows[0]).sort()).toEqual(
      ['badge_url', 'created_at', 'html_url', 'id', 'name', 'node_id', 'path', 'state', 'updated_at', 'url'].sort(),
    );
    expect(body.workflows[2].state).toBe('disabled_manually');
    const page = await call(`${github.url}${HELLO}/workflows?per_page=2&page=2`, { token: octocat });
    expect(page.body).toMatchObject({ total_count: 3, workflows: [{ name: 'Nightly' }] });
    expect(page.headers.get('link')).toMatch(/page=1>; rel="prev"/);
  });

  it('gets a workflow by id or by file name; others are 404', async () => {
    const github = await fake();
    const byFile = await call(`${github.url}${HELLO}/workflows/deploy.yml`, { token: octocat });
    expect(byFile.body.name).toBe('Deploy');
    const byId = await call(`${github.url}${HELLO}/workflows/${byFile.body.id}`, { token: octocat });
    expect(byId.body.path).toBe('.github/workflows/deploy.yml');
    expect((await call(`${github.url}${HELLO}/workflows/nope.yml`, { token: octocat })).status).toBe(404);
    const other = await call(`${github.url}${SECRET}/workflows/${byFile.body.id}`, { token: octocat });
    expect(other.status).toBe(404);
  });
});

describe('workflow runs', () => {
  it('lists runs newest first with total_count, the real fields and Link pagination', async () => {
    const github = await fake();
    const { body, headers } = await call(`${github.url}${HELLO}/runs?per_page=5`, { token: octocat });
    expect(body.total_count).toBe(14);
    expect(body.workflow_runs).toHaveLength(5);
    expect(headers.get('link')).toMatch(/page=2>; rel="next".*page=3>; rel="last"/);
    const [queued, running] = body.workflow_runs;
    expect(queued).toMatchObject({ name: 'Deploy', status: 'queued', conclusion: null, event: 'push', run_attempt: 1 });
    expect(running).toMatchObject({
      name: 'CI',
      head_branch: 'dev',
      status: 'in_progress',
      path: '.github/workflows/ci.yml@dev',
      actor: { login: 'hubot' },
      triggering_actor: { login: 'hubot' },
      html_url: `https://github.com/octo-org/hello-world/actions/runs/${running.id}`,
      jobs_url: `${github.url}${HELLO}/runs/${running.id}/jobs`,
      previous_attempt_url: null,
      repository: { full_name: 'octo-org/hello-world' },
    });
    expect(running.head_commit.id).toBe(running.head_sha);
    expect(running.head_sha).toBe(github.world.repo('octo-org', 'hello-world')?.git.branches.get('dev'));
    for (const key of ['display_title', 'run_number', 'workflow_id', 'created_at', 'updated_at', 'run_started_at', 'check_suite_id']) {
      expect(running).toHaveProperty(key);
    }
  });

  it('filters by status (or conclusion), branch, event and actor, and by workflow', async () => {
    const github = await fake();
    const runs = async (query: string, path = `${HELLO}/runs`) => (await call(`${github.url}${path}?${query}`, { token: octocat })).body;
    expect((await runs('status=in_progress')).workflow_runs.map((r: Json) => r.head_branch)).toEqual(['dev']);
    expect((await runs('status=failure')).total_count).toBe(2);
    expect((await runs('status=completed')).total_count).toBe(12);
    expect((await runs('branch=main&event=push')).total_count).toBe(9);
    expect((await runs('event=pull_request')).total_count).toBe(2);
    expect((await runs('actor=MALLORY')).workflow_runs[0].conclusion).toBe('action_required');
    const ci = await runs('per_page=100', `${HELLO}/workflows/ci.yml/runs`);
    expect(ci.total_count).toBe(11);
    expect(ci.workflow_runs.map((r: Json) => r.run_number)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await runs('status=failure', `${HELLO}/workflows/ci.yml/runs`)).total_count).toBe(1);
    expect((await call(`${github.url}${HELLO}/workflows/nope.yml/runs`, { token: octocat })).status).toBe(404);
  });

  it('gets one run; a run of another repository or an unknown one is 404', async () => {
    const github = await fake();
    const secret = runWhere(github, (run) => run.name === 'Plan checks');
    const { body } = await call(`${github.url}${SECRET}/runs/${secret?.id}`, { token: octocat });
    expect(body).toMatchObject({ id: secret?.id, name: 'Plan checks', repository: { private: true } });
    expect((await call(`${github.url}${HELLO}/runs/${secret?.id}`, { token: octocat })).status).toBe(404);
    expect((await call(`${github.url}${HELLO}/runs/12`, { token: octocat })).status).toBe(404);
  });

  it('lists a run’s jobs with their steps', async () => {
    const github = await fake();
    const running = runWhere(github, (run) => run.status === 'in_progress');
    const { body } = await call(`${github.url}${HELLO}/runs/${running?.id}/jobs`, { token: octocat });
    expect(body.total_count).toBe(2);
    const [build, test] = body.jobs;
    expect(build).toMatchObject({
      run_id: running?.id,
      name: 'build',
      status: 'in_progress',
      conclusion: null,
      completed_at: null,
      run_attempt: 1,
      workflow_name: 'CI',
      html_url: `https://github.com/octo-org/hello-world/actions/runs/${running?.id}/job/${build.id}`,
    });
    expect(build.steps[3]).toEqual({
      name: 'Run npm test',
      status: 'in_progress',
      conclusion: null,
      number: 4,
      started_at: build.started_at,
      completed_at: null,
    });
    expect(test).toMatchObject({ status: 'queued', runner_name: null });
  });
});

describe('job logs', () => {
  const fakeOnClock = closedAfterEach((now: () => Date) => startFakeGitHub({ now }));
  async function logRedirect(github: Fake, jobId: number | undefined, token: string = octocat): Promise<Response> {
    return fetch(`${github.url}${HELLO}/jobs/${jobId}/logs`, { headers: { authorization: `token ${token}` }, redirect: 'manual' });
  }

  it('answers 302 to a signed URL that serves the log as text, with no token needed', async () => {
    const github = await fake();
    const failing = runWhere(github, (run) => run.event === 'pull_request' && run.conclusion === 'failure');
    const test = failing?.jobs.find((job: Json) => job.name === 'test');
    expect(test).toBeDefined();
    const redirect = await logRedirect(github, test?.id);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toMatch(/\/signedlogcontent\/\d+\?urlExpires=.*&urlSigningMethod=HMACV1&urlSignature=/);
    const log = await call(location);
    expect(log.status).toBe(200);
    expect(log.type).toBe('text/plain; charset=utf-8');
    const lines = log.text.trimEnd().split('\n');
    expect(lines).toHaveLength(LONG_LOG_LINES);
    expect(lines[0]).toMatch(/^2026-11-20T09:00:00\.0000000Z ##\[group\]Run npm test$/);
    expect(lines.at(-2)).toContain('##[error]Process completed with exit code 1.');
    // Followed by a client, the redirect lands on the same text.
    expect((await call(`${github.url}${HELLO}/jobs/${test?.id}/logs`, { token: octocat })).text).toBe(log.text);
  });

  it('keeps the hostile log as written: escapes and hidden text are the client’s to remove', async () => {
    const github = await fake();
    const deploy = runWhere(github, (run) => run.name === 'Deploy' && run.conclusion === 'failure');
    const text = (await call(`${github.url}${HELLO}/jobs/${deploy?.jobs[0]?.id}/logs`, { token: octocat })).text;
    expect(text).toContain('\u001b[8m');
    expect(text).toContain(HIDDEN_INSTRUCTION);
  });

  it('refuses a forged or expired signature, and has no log for a job still running', async () => {
    let now = NOW;
    const github = await fakeOnClock(() => now);
    const deploy = runWhere(github, (run) => run.name === 'Deploy' && run.conclusion === 'failure');
    const location = (await logRedirect(github, deploy?.jobs[0]?.id)).headers.get('location') ?? '';
    const forged = location.replace(/urlSignature=[^&]+/, 'urlSignature=AAAA');
    expect((await call(forged)).status).toBe(403);
    now = new Date(NOW.getTime() + 61_000);
    expect((await call(location)).status).toBe(403);
    const running = runWhere(github, (run) => run.status === 'in_progress');
    const missing = await logRedirect(github, running?.jobs[0]?.id);
    expect(missing.status).toBe(404);
  });
});

describe('rerunning and cancelling', () => {
  it('reruns a completed run as a new queued attempt; a run not finished is refused with 403', async () => {
    const github = await fake();
    const failing = runWhere(github, (run) => run.event === 'pull_request' && run.conclusion === 'failure');
    const url = `${github.url}${HELLO}/runs/${failing?.id}`;
    const answer = await call(`${url}/rerun`, { token: octocat, method: 'POST' });
    expect(answer).toMatchObject({ status: 201, body: {} });
    const { body } = await call(url, { token: octocat });
    expect(body).toMatchObject({ run_attempt: 2, status: 'queued', conclusion: null, previous_attempt_url: `${url}/attempts/1` });
    const latest = (await call(`${url}/jobs`, { token: octocat })).body;
    expect(latest.jobs.map((job: Json) => [job.name, job.status, job.run_attempt])).toEqual([
      ['build', 'queued', 2],
      ['test', 'queued', 2],
    ]);
    expect((await call(`${url}/jobs?filter=all`, { token: octocat })).body.total_count).toBe(4);
    const again = await call(`${url}/rerun`, { token: octocat, method: 'POST' });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ message: 'This workflow is already running', status: '403' });
  });

  it('reruns only the failed jobs, carrying the others over; a run with none failed is refused', async () => {
    const github = await fake();
    const failing = runWhere(github, (run) => run.event === 'pull_request' && run.conclusion === 'failure');
    const url = `${github.url}${HELLO}/runs/${failing?.id}`;
    expect((await call(`${url}/rerun-failed-jobs`, { token: octocat, method: 'POST' })).status).toBe(201);
    const jobs = (await call(`${url}/jobs`, { token: octocat })).body.jobs;
    expect(jobs.map((job: Json) => [job.name, job.status, job.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test', 'queued', null],
    ]);
    const green = runWhere(github, (run) => run.conclusion === 'success' && run.repoId === failing?.repoId);
    const refused = await call(`${github.url}${HELLO}/runs/${green?.id}/rerun-failed-jobs`, { token: octocat, method: 'POST' });
    expect(refused.status).toBe(403);
  });

  it('cancels a run in progress (202), finishing its jobs; a completed run is a 409', async () => {
    const github = await fake();
    const running = runWhere(github, (run) => run.status === 'in_progress');
    const url = `${github.url}${HELLO}/runs/${running?.id}`;
    expect(await call(`${url}/cancel`, { token: octocat, method: 'POST' })).toMatchObject({ status: 202, body: {} });
    expect(running).toMatchObject({ status: 'completed', conclusion: 'cancelled', updatedAt: '2026-11-23T14:07:00Z' });
    const jobs = (await call(`${url}/jobs`, { token: octocat })).body.jobs;
    expect(jobs.map((job: Json) => job.conclusion)).toEqual(['cancelled', 'cancelled']);
    expect(jobs[0].steps.map((step: Json) => step.conclusion)).toEqual(['success', 'success', 'success', 'cancelled', 'skipped']);
    const again = await call(`${url}/cancel`, { token: octocat, method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Cannot cancel a workflow run that is completed.');
    // Once cancelled, it can be rerun.
    expect((await call(`${url}/rerun`, { token: octocat, method: 'POST' })).status).toBe(201);
  });
});

describe('who may', () => {
  it('needs the actions permission on a private repository for a fine-grained token', async () => {
    const github = await fake();
    const noActions = await call(`${github.url}${SECRET}/runs`, { token: hubot });
    expect(noActions.status).toBe(403);
    expect(noActions.body.message).toBe('Resource not accessible by personal access token');
    expect((await call(`${github.url}${SECRET}/runs`, { token: hubotOps })).body.total_count).toBe(2);
    expect((await call(`${github.url}${HELLO}/runs`, { token: hubot })).status).toBe(200);
    expect((await call(`${github.url}${SECRET}/workflows`, { token: monalisa })).status).toBe(404);
    expect((await call(`${github.url}${SECRET}/workflows`, { token: octocatNoScopes })).status).toBe(404);
  });

  it('refuses writes without actions write, without push access, and anonymously', async () => {
    const github = await fake();
    const failing = runWhere(github, (run) => run.event === 'pull_request' && run.conclusion === 'failure');
    const rerun = (token?: string) => call(`${github.url}${HELLO}/runs/${failing?.id}/rerun`, { token, method: 'POST' });
    expect((await rerun(hubot)).body.message).toBe('Resource not accessible by personal access token');
    const reader = await rerun(mallory);
    expect(reader.status).toBe(403);
    expect(reader.body.message).toBe('Must have admin rights to Repository.');
    expect((await rerun()).status).toBe(401);
    expect(failing?.runAttempt).toBe(1);
    expect((await rerun(hubotOps)).status).toBe(201);
    expect(failing?.runAttempt).toBe(2);
  });
});
