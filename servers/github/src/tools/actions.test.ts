import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, tagCharacters } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
const SECRET = { owner: 'octo-org', repo: 'secret-plans' };

type Page = { page: number; perPage: number; hasMore: boolean; lastPage?: number; total?: number };
type Run = {
  id: number;
  name: string;
  displayTitle: string;
  status: string;
  conclusion: string | null;
  branch: string;
  runAttempt: number;
};
type Job = { id: number; name: string; status: string; conclusion: string | null; runAttempt: number; steps: Array<{ name: string }> };
type Logs = { job: { id: number; htmlUrl: string }; log: string; totalLines: number; shownLines: number };

/** A seeded run (the world's record, to read its ids and watch it change). */
function runOf(h: GitHubHarness, test: (run: { name: string; event: string; status: string; conclusion: string | null }) => boolean) {
  const run = [...h.github.world.actions.runs.values()].find(test);
  if (!run) throw new Error('no such seeded run');
  return run;
}
const failingPull = (h: GitHubHarness) => runOf(h, (run) => run.event === 'pull_request' && run.conclusion === 'failure');
const failedDeploy = (h: GitHubHarness) => runOf(h, (run) => run.name === 'Deploy' && run.conclusion === 'failure');
const running = (h: GitHubHarness) => runOf(h, (run) => run.status === 'in_progress');

describe.each(CLIENT_KINDS)('GitHub Actions tools (%s)', (kind) => {
  const start = useGitHub();

  it('list_workflows lists workflows with their state and the total', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('list_workflows', { ...HELLO, perPage: 2 });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { workflows: Array<{ name: string; path: string; state: string }>; pagination: Page };
    expect(data.workflows).toEqual([
      expect.objectContaining({ name: 'CI', path: '.github/workflows/ci.yml', state: 'active' }),
      expect.objectContaining({ name: 'Deploy', state: 'active' }),
    ]);
    expect(data.pagination).toEqual({ page: 1, perPage: 2, hasMore: true, lastPage: 2, total: 3 });
    expect(result.text).toMatch(/^octo-org\/hello-world: 3 workflows\.\n\d+ CI \(\.github\/workflows\/ci\.yml\) \[active\]\n/);
    expect(result.text).toMatch(/Page 1 of 2 — call again with page 2/);
    const last = await h.client.callTool('list_workflows', { ...HELLO, perPage: 2, page: 2 });
    expect(last.text).toMatch(/Nightly .*\[disabled_manually\]/);
  });

  it('list_workflow_runs pages through runs newest first with the total, and filters them', async () => {
    const h = await start(kind);
    const page2 = await h.client.callTool('list_workflow_runs', { ...HELLO, perPage: 5, page: 2 });
    expect(page2.isError, page2.text).toBe(false);
    const data = page2.structured as { runs: Run[]; pagination: Page };
    expect(data.runs).toHaveLength(5);
    expect(data.pagination).toEqual({ page: 2, perPage: 5, hasMore: true, lastPage: 3, total: 14 });
    expect(page2.text).toMatch(/^octo-org\/hello-world: 14 runs\./);
    const call = async (args: Record<string, unknown>) =>
      (await h.client.callTool('list_workflow_runs', { ...HELLO, ...args })).structured as { runs: Run[]; pagination: Page };
    const inProgress = await call({ status: 'in_progress' });
    expect(inProgress.runs.map((run) => [run.name, run.branch])).toEqual([['CI', 'dev']]);
    expect((await call({ status: 'failure' })).pagination.total).toBe(2);
    expect((await call({ branch: 'main', event: 'push' })).pagination.total).toBe(9);
    const ci = await call({ workflowId: 'ci.yml', perPage: 100 });
    expect(ci.pagination.total).toBe(11);
    expect(ci.runs.every((run) => run.name === 'CI')).toBe(true);
    const deployId = failedDeploy(h).workflowId;
    expect((await call({ workflowId: deployId })).runs.map((run) => run.status)).toEqual(['queued', 'completed']);
    const text = (await h.client.callTool('list_workflow_runs', { ...HELLO, event: 'pull_request', status: 'failure' })).text;
    expect(text).toMatch(/\d+ CI #9 \[failure\] Rewrite the README — pull_request on readme-rewrite by @octocat, 2026-11-20T09:00:00Z/);
    expect((await call({ actor: 'nobody' })).runs).toEqual([]);
    expectToolError(await h.client.callTool('list_workflow_runs', { ...HELLO, workflowId: 'nope.yml' }), 'not_found', /nope\.yml/);
  });

  it('sanitizes run titles a contributor wrote', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('list_workflow_runs', { ...HELLO, actor: 'mallory' });
    const [run] = (result.structured as { runs: Run[] }).runs;
    expect(run).toMatchObject({ displayTitle: 'Improve the docs', conclusion: 'action_required' });
    expect(result.text).not.toContain(tagCharacters(HIDDEN_INSTRUCTION));
    expect(result.text).not.toContain('\u200b');
  });

  it('in lockdown withholds the run titles of actors without push access', async () => {
    const h = await start(kind, { argv: ['--lockdown'] });
    const result = await h.client.callTool('list_workflow_runs', { ...HELLO, perPage: 6 });
    expect(result.isError, result.text).toBe(false);
    const runs = (result.structured as { runs: Array<Run & { actor: string }> }).runs;
    expect(runs.find((run) => run.actor === 'mallory')?.displayTitle).toBe('[title withheld: @mallory, no push access]');
    expect(runs.find((run) => run.name === 'Deploy' && run.conclusion === 'failure')?.displayTitle).toBe('Deploy');
    const mallorys = runOf(h, (run) => run.conclusion === 'action_required');
    const one = await h.client.callTool('get_workflow_run', { ...HELLO, runId: mallorys.id });
    expect(one.text).toMatch(/\[title withheld: @mallory, no push access\]/);
  });

  it('get_workflow_run shows one run; unknown runs are not found', async () => {
    const h = await start(kind);
    const id = failingPull(h).id;
    const result = await h.client.callTool('get_workflow_run', { ...HELLO, runId: id });
    expect(result.isError, result.text).toBe(false);
    expect((result.structured as { run: Run }).run).toMatchObject({
      id,
      name: 'CI',
      status: 'completed',
      conclusion: 'failure',
      runAttempt: 1,
    });
    expect(result.text).toContain(`https://github.com/octo-org/hello-world/actions/runs/${id}`);
    expect(result.text).toContain(`list_workflow_jobs with runId ${id}`);
    expectToolError(
      await h.client.callTool('get_workflow_run', { ...HELLO, runId: 12 }),
      'not_found',
      /nothing for run 12 in octo-org\/hello-world/,
    );
  });

  it('list_workflow_jobs lists jobs with the steps that failed, and every attempt on request', async () => {
    const h = await start(kind);
    const run = failingPull(h);
    const result = await h.client.callTool('list_workflow_jobs', { ...HELLO, runId: run.id });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { jobs: Job[]; pagination: Page };
    expect(data.jobs.map((job) => [job.name, job.conclusion])).toEqual([
      ['build', 'success'],
      ['test', 'failure'],
    ]);
    expect(data.jobs[1]?.steps).toHaveLength(5);
    expect(data.pagination.total).toBe(2);
    expect(result.text).toMatch(
      /\d+ test \[failure\] attempt 1, 2026-11-20T09:00:00Z → 2026-11-20T09:06:00Z\n {2}step 4 Run npm test \[failure\]/,
    );
    expect(result.text).not.toMatch(/step \d+ Set up job/);
    await h.client.callTool('rerun_workflow_run', { ...HELLO, runId: run.id, failedOnly: true });
    const all = (await h.client.callTool('list_workflow_jobs', { ...HELLO, runId: run.id, filter: 'all' })).structured as {
      jobs: Job[];
    };
    expect(all.jobs.map((job) => [job.name, job.runAttempt, job.status])).toEqual([
      ['build', 1, 'completed'],
      ['test', 1, 'completed'],
      ['build', 2, 'completed'],
      ['test', 2, 'queued'],
    ]);
  });

  it('get_job_logs gives the tail of a long log and says how to get more', async () => {
    const h = await start(kind);
    const job = failingPull(h).jobs.find((candidate) => candidate.name === 'test');
    const result = await h.client.callTool('get_job_logs', { ...HELLO, jobId: job?.id });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as Logs;
    expect(data).toMatchObject({ totalLines: 5000, shownLines: 200 });
    expect(data.log.split('\n')).toHaveLength(200);
    expect(data.log).toMatch(/##\[error\]Process completed with exit code 1\.\n\S+ Cleaning up orphan processes$/);
    expect(result.text).toMatch(/^Log of job \d+ test \[failure\]: last 200 of 5000 lines\.\n/);
    expect(result.text).toMatch(/\[4,800 earlier lines left out; call again with a larger tailLines \(up to 5000\) for more\]$/);
    const few = (await h.client.callTool('get_job_logs', { ...HELLO, jobId: job?.id, tailLines: 3 })).structured as Logs;
    expect(few.log.split('\n').map((line) => line.slice(29))).toEqual([
      '##[endgroup]',
      '##[error]Process completed with exit code 1.',
      'Cleaning up orphan processes',
    ]);
  });

  it('get_job_logs caps a large tail at the answer size and points to the whole log', async () => {
    const h = await start(kind, { argv: ['--max-body-chars', '5000'] });
    const run = failingPull(h);
    const job = run.jobs.find((candidate) => candidate.name === 'test');
    const result = await h.client.callTool('get_job_logs', { ...HELLO, jobId: job?.id, tailLines: 4000 });
    const data = result.structured as Logs;
    expect(data.log.length).toBeLessThanOrEqual(5000);
    expect(data.shownLines).toBeLessThan(4000);
    expect(data.shownLines).toBeGreaterThan(50);
    expect(data.log).toMatch(/Cleaning up orphan processes$/);
    expect(result.text).toContain(
      `earlier lines left out: one answer holds 5,000 characters; the whole log is at https://github.com/octo-org/hello-world/actions/runs/${run.id}/job/${job?.id}]`,
    );
    const small = await h.client.callTool('get_job_logs', { ...HELLO, jobId: run.jobs[0]?.id });
    expect((small.structured as Logs).shownLines).toBe(8);
    expect(small.text).not.toMatch(/left out/);
  });

  it('get_job_logs reads a log of megabytes to its end, keeping only that end, and counts every line', async () => {
    const h = await start(kind);
    const job = failingPull(h).jobs.find((candidate) => candidate.name === 'test');
    if (!job) throw new Error('seed changed');
    // About 7 MB: far more than the end kept while streaming.
    job.log = Array.from({ length: 100_000 }, (_, i) => `2026-11-20T10:00:00.0000000Z step output line ${i} ${'x'.repeat(30)}`).join('\n');
    const result = await h.client.callTool('get_job_logs', { ...HELLO, jobId: job.id });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as Logs;
    expect(data).toMatchObject({ totalLines: 100_000, shownLines: 200 });
    expect(data.log.split('\n').at(-1)).toMatch(/step output line 99999 x+$/);
    expect(data.log.split('\n')[0]).toMatch(/step output line 99800 /);
    expect(result.text).toMatch(/last 200 of 100000 lines/);
    // More lines than were kept: the answer says where the whole log is.
    const many = await h.client.callTool('get_job_logs', { ...HELLO, jobId: job.id, tailLines: 10_000 });
    expect((many.structured as Logs).shownLines).toBeLessThan(10_000);
    expect(many.text).toMatch(/earlier lines left out: one answer holds 20,000 characters; the whole log is at /);
  });

  it('get_job_logs removes terminal escapes and what they hide', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_job_logs', { ...HELLO, jobId: failedDeploy(h).jobs[0]?.id });
    expect(result.isError, result.text).toBe(false);
    const lines = (result.structured as Logs).log.split('\n').map((line) => line.slice(29));
    expect(lines).toEqual([
      'Deploying hello-world to production',
      'Uploading build ✓',
      'Checking health',
      'Waiting for the load balancer',
      'Notes: all good',
      'See the runbook for details',
      'Error: deploy key rejected by production',
      '##[error]Process completed with exit code 1.',
    ]);
    expect(result.text).not.toContain(HIDDEN_INSTRUCTION);
    expect(result.text).not.toContain('\u001b');
    expect(result.text).not.toMatch(/\[\d+(;\d+)*m|evil\.example/);
  });

  it('get_job_logs of a job still running says when its log comes', async () => {
    const h = await start(kind);
    expectToolError(
      await h.client.callTool('get_job_logs', { ...HELLO, jobId: running(h).jobs[0]?.id }),
      'not_found',
      /is in_progress; its log can be read once it has finished/,
    );
    expectToolError(
      await h.client.callTool('get_job_logs', { ...HELLO, jobId: 1 }),
      'not_found',
      /nothing for job 1 in octo-org\/hello-world/,
    );
  });

  it('rerun_workflow_run starts a new attempt; a run not finished is refused with GitHub’s reason', async () => {
    const h = await start(kind);
    const run = failingPull(h);
    const result = await h.client.callTool('rerun_workflow_run', { ...HELLO, runId: run.id });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ runId: run.id, failedOnly: false });
    expect(result.text).toMatch(/Re-running run \d+ in octo-org\/hello-world as a new attempt/);
    expect(run).toMatchObject({ runAttempt: 2, status: 'queued', conclusion: null });
    expect(h.github.world.actions.latestJobs(run).map((job) => job.status)).toEqual(['queued', 'queued']);
    const shown = await h.client.callTool('get_workflow_run', { ...HELLO, runId: run.id });
    expect(shown.text).toMatch(/\[queued\].*attempt 2/);
    expectToolError(
      await h.client.callTool('rerun_workflow_run', { ...HELLO, runId: run.id }),
      'forbidden',
      /GitHub refused a rerun of run \d+ in octo-org\/hello-world: This workflow is already running/,
    );
  });

  it('rerun_workflow_run with failedOnly re-runs only the failed jobs', async () => {
    const h = await start(kind);
    const run = failedDeploy(h);
    const result = await h.client.callTool('rerun_workflow_run', { ...HELLO, runId: run.id, failedOnly: true });
    expect(result.text).toMatch(/Re-running the failed jobs of run/);
    expect(h.github.world.actions.latestJobs(run).map((job) => [job.name, job.status])).toEqual([['deploy', 'queued']]);
    const green = runOf(h, (candidate) => candidate.conclusion === 'success' && candidate.name === 'CI');
    expectToolError(
      await h.client.callTool('rerun_workflow_run', { ...HELLO, runId: green.id, failedOnly: true }),
      'forbidden',
      /cannot be retried/,
    );
    expect(green.runAttempt).toBe(1);
  });

  it('cancel_workflow_run cancels a run in progress; a completed one is a conflict', async () => {
    const h = await start(kind);
    const run = running(h);
    const result = await h.client.callTool('cancel_workflow_run', { ...HELLO, runId: run.id });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ runId: run.id });
    expect(run).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(run.jobs.map((job) => job.conclusion)).toEqual(['cancelled', 'cancelled']);
    expectToolError(
      await h.client.callTool('cancel_workflow_run', { ...HELLO, runId: run.id }),
      'conflict',
      /Cannot cancel a workflow run that is completed/,
    );
  });

  it('needs the actions permission: hubot is refused on secret-plans, hubotOps reads and reruns', async () => {
    const hubot = await start(kind, { token: 'hubot' });
    expectToolError(
      await hubot.client.callTool('list_workflow_runs', SECRET),
      'forbidden',
      /the workflow runs in octo-org\/secret-plans: Resource not accessible by personal access token/,
    );
    const run = failingPull(hubot);
    expectToolError(await hubot.client.callTool('rerun_workflow_run', { ...HELLO, runId: run.id }), 'forbidden', /personal access token/);
    expect(run.runAttempt).toBe(1);
    const ops = await start(kind, { token: 'hubotOps' });
    const listed = await ops.client.callTool('list_workflow_runs', SECRET);
    expect(listed.isError, listed.text).toBe(false);
    expect((listed.structured as { pagination: Page }).pagination.total).toBe(2);
    const secretRun = (listed.structured as { runs: Run[] }).runs.find((r) => r.conclusion === 'failure');
    const jobs = (await ops.client.callTool('list_workflow_jobs', { ...SECRET, runId: secretRun?.id })).structured as { jobs: Job[] };
    const log = await ops.client.callTool('get_job_logs', { ...SECRET, jobId: jobs.jobs[0]?.id });
    expect(log.text).toMatch(/plans\/budget\.md: no total/);
    const opsRun = failingPull(ops);
    expect((await ops.client.callTool('rerun_workflow_run', { ...HELLO, runId: opsRun.id })).isError).toBe(false);
    expect(opsRun.runAttempt).toBe(2);
  });

  it('refuses a reader the rerun with GitHub’s message', async () => {
    const h = await start(kind, { token: 'mallory' });
    expectToolError(
      await h.client.callTool('cancel_workflow_run', { ...HELLO, runId: running(h).id }),
      'forbidden',
      /Must have admin rights to Repository/,
    );
    expect(running(h).status).toBe('in_progress');
  });

  it('refuses invalid ids and arguments before any request', async () => {
    const h = await start(kind);
    const before = h.github.hits();
    const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
      ['get_workflow_run', { ...HELLO, runId: 0 }, /runId/],
      ['get_workflow_run', { ...HELLO, runId: 1.5 }, /runId/],
      ['get_workflow_run', { ...HELLO, runId: '30433642' }, /runId/],
      ['list_workflow_jobs', { ...HELLO, runId: -4 }, /runId/],
      ['list_workflow_jobs', { ...HELLO, runId: 5, filter: 'newest' }, /filter/],
      ['get_job_logs', { ...HELLO, jobId: 0 }, /jobId/],
      ['get_job_logs', { ...HELLO, jobId: 5, tailLines: 0 }, /tailLines/],
      ['get_job_logs', { ...HELLO, jobId: 5, tailLines: 10_001 }, /tailLines/],
      ['list_workflow_runs', { ...HELLO, workflowId: '../ci.yml' }, /workflowId/],
      ['list_workflow_runs', { ...HELLO, workflowId: 0 }, /workflowId/],
      ['list_workflow_runs', { ...HELLO, status: 'broken' }, /status/],
      ['list_workflow_runs', { ...HELLO, branch: 'a..b' }, /branch/],
      ['list_workflow_runs', { ...HELLO, event: 'push&x=1' }, /event/],
      ['rerun_workflow_run', { ...HELLO, runId: -1 }, /runId/],
      ['cancel_workflow_run', { owner: '../x', repo: 'hello-world', runId: 1 }, /owner/],
    ];
    for (const [tool, args, field] of refusals) expectToolError(await h.client.callTool(tool, args), 'invalid_input', field);
    expect(h.github.hits()).toBe(before);
  });

  it('--repos refuses a repository outside the list before any request', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/secret-plans'] });
    const before = h.github.hits();
    const runId = failingPull(h).id;
    for (const [tool, args] of [
      ['list_workflows', HELLO],
      ['list_workflow_runs', HELLO],
      ['get_workflow_run', { ...HELLO, runId }],
      ['list_workflow_jobs', { ...HELLO, runId }],
      ['get_job_logs', { ...HELLO, jobId: 1 }],
      ['rerun_workflow_run', { ...HELLO, runId }],
      ['cancel_workflow_run', { ...HELLO, runId }],
    ] as const) {
      expectToolError(await h.client.callTool(tool, args), 'forbidden', /octo-org\/hello-world is outside the repositories/);
    }
    expect(h.github.hits()).toBe(before);
    expect((await h.client.callTool('list_workflows', SECRET)).isError).toBe(false);
  });

  it('--read-only neither lists nor runs rerun and cancel; the annotations say what each does', async () => {
    const all = await start(kind);
    const tools = new Map((await all.client.listTools()).map((tool) => [tool.name, tool.annotations]));
    for (const name of ['list_workflows', 'list_workflow_runs', 'get_workflow_run', 'list_workflow_jobs', 'get_job_logs']) {
      expect(tools.get(name), name).toMatchObject({ readOnlyHint: true });
    }
    expect(tools.get('rerun_workflow_run')).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(tools.get('cancel_workflow_run')).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    const h = await start(kind, { argv: ['--read-only'] });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['list_workflows', 'get_job_logs']));
    expect(names).not.toContain('rerun_workflow_run');
    expect(names).not.toContain('cancel_workflow_run');
    const before = h.github.hits();
    const run = running(h);
    const refused = await h.client.callTool('cancel_workflow_run', { ...HELLO, runId: run.id }).catch((error: Error) => error);
    expect(refused instanceof Error ? refused.message : refused.text).toMatch(/cancel_workflow_run/);
    expect(h.github.hits()).toBe(before);
    expect(run.status).toBe('in_progress');
  });
});
