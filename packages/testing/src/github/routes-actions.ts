import type { FakeResponse } from '../fake-upstream.js';
import type { JobStep, Workflow, WorkflowJob, WorkflowRun } from './actions-world.js';
import { LOG_URL_TTL_MS } from './actions-world.js';
import { githubError, notFound } from './github-errors.js';
import { nodeId, repoJson, userRef } from './github-records.js';
import { writeRefusal } from './github-tokens.js';
import type { GitHubRepo } from './github-world.js';
import { fullName, roleAtLeast } from './github-world.js';
import { paginate } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, numberParam, ok, repoFor } from './route-table.js';

/**
 * The REST routes for GitHub Actions: workflows, runs (filtered and paged, with `total_count`),
 * jobs per attempt, job logs behind a short-lived signed URL (the API answers 302, as GitHub
 * does), and reruns and cancels that change the world.
 */

const DOCS = {
  workflows: 'https://docs.github.com/rest/actions/workflows#list-repository-workflows',
  workflow: 'https://docs.github.com/rest/actions/workflows#get-a-workflow',
  runs: 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository',
  workflowRuns: 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow',
  run: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
  jobs: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run',
  job: 'https://docs.github.com/rest/actions/workflow-jobs#get-a-job-for-a-workflow-run',
  logs: 'https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run',
  rerun: 'https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow',
  rerunFailed: 'https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run',
  cancel: 'https://docs.github.com/rest/actions/workflow-runs#cancel-a-workflow-run',
};

/** Statuses the runs filter matches on `status`; any other value it takes is a conclusion. */
const STATUSES = new Set(['queued', 'in_progress', 'completed', 'requested', 'waiting', 'pending']);

/** The service host in a signed log URL, as pipelines.actions.githubusercontent.com has one. */
const LOG_HOST = 'e5309ebd-8a2f-43f4-a212-b52080275b5d';

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function repoApi(ctx: RouteContext, repo: GitHubRepo): string {
  return `${ctx.links.api}/repos/${fullName(repo)}`;
}

function workflowJson(ctx: RouteContext, repo: GitHubRepo, workflow: Workflow): Record<string, unknown> {
  const web = `${ctx.links.web}/${fullName(repo)}`;
  return {
    id: workflow.id,
    node_id: nodeId('Workflow', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    created_at: workflow.createdAt,
    updated_at: workflow.updatedAt,
    url: `${repoApi(ctx, repo)}/actions/workflows/${workflow.id}`,
    html_url: `${web}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${web}/actions/workflows/${workflow.path.split('/').pop()}/badge.svg`,
  };
}

function runJson(ctx: RouteContext, repo: GitHubRepo, run: WorkflowRun): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/actions/runs/${run.id}`;
  const workflow = ctx.world.actions.workflows.get(run.workflowId);
  const commit = repo.git.commits.get(run.headSha);
  const person = (who: { name: string; email: string } | undefined) => (who ? { name: who.name, email: who.email } : null);
  const checkSuiteId = run.id + 9_000_000_000;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `${workflow?.path ?? ''}@${run.headBranch}`,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', checkSuiteId),
    url: api,
    html_url: `${ctx.links.web}/${fullName(repo)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userRef(ctx, run.actor),
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    triggering_actor: userRef(ctx, run.triggeringActor),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(ctx, repo)}/check-suites/${checkSuiteId}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: run.runAttempt > 1 ? `${api}/attempts/${run.runAttempt - 1}` : null,
    workflow_url: `${repoApi(ctx, repo)}/actions/workflows/${run.workflowId}`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.tree,
          message: commit.message,
          timestamp: commit.committer.date,
          author: person(commit.author),
          committer: person(commit.committer),
        }
      : null,
    repository: repoJson(ctx, repo, 'minimal'),
    head_repository: repoJson(ctx, repo, 'minimal'),
  };
}

function stepJson(step: JobStep): Record<string, unknown> {
  return {
    name: step.name,
    status: step.status,
    conclusion: step.conclusion,
    number: step.number,
    started_at: step.startedAt,
    completed_at: step.completedAt,
  };
}

function jobJson(ctx: RouteContext, repo: GitHubRepo, run: WorkflowRun, job: WorkflowJob): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    id: job.id,
    run_id: run.id,
    workflow_name: run.name,
    head_branch: run.headBranch,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: job.runAttempt,
    node_id: nodeId('CheckRun', job.id),
    head_sha: run.headSha,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${ctx.links.web}/${fullName(repo)}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map(stepJson),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: ['ubuntu-latest'],
    runner_id: job.runnerName === null ? null : 1,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName === null ? null : 1,
    runner_group_name: job.runnerName === null ? null : 'GitHub Actions',
  };
}

/** One page of `all` as `{ total_count, [key]: [...] }` with its `Link` header, as the Actions listings answer. */
function okListing<T>(ctx: RouteContext, key: string, all: readonly T[], toJson: (item: T) => unknown): FakeResponse {
  const page = paginate(ctx, all);
  return ok({ total_count: all.length, [key]: page.items.map(toJson) }, 200, page.headers);
}

function filterRuns(ctx: RouteContext, runs: WorkflowRun[]): WorkflowRun[] {
  const status = ctx.query.get('status');
  const branch = ctx.query.get('branch');
  const event = ctx.query.get('event');
  const actor = ctx.query.get('actor')?.toLowerCase();
  const headSha = ctx.query.get('head_sha');
  return runs.filter(
    (run) =>
      (!status || (STATUSES.has(status) ? run.status === status : run.conclusion === status)) &&
      (!branch || run.headBranch === branch) &&
      (!event || run.event === event) &&
      (!actor || run.actor.toLowerCase() === actor) &&
      (!headSha || run.headSha === headSha),
  );
}

function listRuns(ctx: RouteContext, docs: string, byWorkflow: boolean): FakeResponse {
  const repo = repoFor(ctx, 'actions', docs);
  if (isAnswer(repo)) return repo;
  let runs = ctx.world.actions.runsOf(repo.id);
  if (byWorkflow) {
    const workflow = ctx.world.actions.workflow(repo.id, ctx.params.workflow_id ?? '');
    if (!workflow) return notFound(docs);
    runs = runs.filter((run) => run.workflowId === workflow.id);
  }
  return okListing(ctx, 'workflow_runs', filterRuns(ctx, runs), (run) => runJson(ctx, repo, run));
}

function readableRun(ctx: RouteContext, docs: string): { repo: GitHubRepo; run: WorkflowRun } | FakeResponse {
  const repo = repoFor(ctx, 'actions', docs);
  if (isAnswer(repo)) return repo;
  const run = ctx.world.actions.run(repo.id, numberParam(ctx, 'run_id') ?? -1);
  return run ? { repo, run } : notFound(docs);
}

/** The checks every run write shares: token, then role (GitHub's message for a reader), then the run. */
function writableRun(ctx: RouteContext, docs: string): { repo: GitHubRepo; run: WorkflowRun } | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, 'actions', docs);
  if (refused) return refused;
  if (!roleAtLeast(ctx.world.access(repo, ctx.caller.account?.login), 'write')) {
    return githubError(403, 'Must have admin rights to Repository.', docs);
  }
  const run = ctx.world.actions.run(repo.id, numberParam(ctx, 'run_id') ?? -1);
  return run ? { repo, run } : notFound(docs);
}

function rerun(ctx: RouteContext, failedOnly: boolean): FakeResponse {
  const docs = failedOnly ? DOCS.rerunFailed : DOCS.rerun;
  const found = writableRun(ctx, docs);
  if (isAnswer(found)) return found;
  // GitHub's answer to a rerun while the run (or an earlier rerun of it) has not finished.
  if (found.run.status !== 'completed') return githubError(403, 'This workflow is already running', docs);
  if (failedOnly && !ctx.world.actions.hasFailedJobs(found.run)) {
    return githubError(403, 'This workflow run cannot be retried', docs);
  }
  ctx.world.actions.rerun(found.run, failedOnly, stamp(ctx.now));
  return ok({}, 201);
}

/** The signed URL a job's log is downloaded from; anyone holding it may read the log until it expires. */
function signedLogUrl(ctx: RouteContext, run: WorkflowRun, job: WorkflowJob): string {
  const expires = new Date(ctx.now.getTime() + LOG_URL_TTL_MS).toISOString();
  const query = new URLSearchParams({
    urlExpires: expires,
    urlSigningMethod: 'HMACV1',
    urlSignature: ctx.world.actions.sign(job.id, expires),
  });
  return `${ctx.links.api}/serviceHosts/${LOG_HOST}/_apis/pipelines/1/runs/${run.runNumber}/signedlogcontent/${job.id}?${query}`;
}

function serveLog(ctx: RouteContext): FakeResponse {
  const refused: FakeResponse = { status: 403, text: 'Server failed to authenticate the request.' };
  const jobId = numberParam(ctx, 'job_id');
  const expires = ctx.query.get('urlExpires') ?? '';
  const signature = ctx.query.get('urlSignature') ?? '';
  if (jobId === undefined || !ctx.world.actions.verify(jobId, expires, signature)) return refused;
  if (!(Date.parse(expires) > ctx.now.getTime())) return refused;
  for (const run of ctx.world.actions.runs.values()) {
    const job = run.jobs.find((candidate) => candidate.id === jobId);
    if (job?.log != null) return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: job.log };
  }
  return { status: 404, text: 'Not Found' };
}

export const actionsRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/workflows',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'actions', DOCS.workflows);
      if (isAnswer(repo)) return repo;
      return okListing(ctx, 'workflows', ctx.world.actions.workflowsOf(repo.id), (workflow) => workflowJson(ctx, repo, workflow));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/workflows/:workflow_id',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'actions', DOCS.workflow);
      if (isAnswer(repo)) return repo;
      const workflow = ctx.world.actions.workflow(repo.id, ctx.params.workflow_id ?? '');
      return workflow ? ok(workflowJson(ctx, repo, workflow)) : notFound(DOCS.workflow);
    },
  },
  { method: 'GET', path: '/repos/:owner/:repo/actions/runs', handler: (ctx) => listRuns(ctx, DOCS.runs, false) },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/workflows/:workflow_id/runs',
    handler: (ctx) => listRuns(ctx, DOCS.workflowRuns, true),
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/runs/:run_id',
    handler: (ctx) => {
      const found = readableRun(ctx, DOCS.run);
      return isAnswer(found) ? found : ok(runJson(ctx, found.repo, found.run));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/runs/:run_id/jobs',
    handler: (ctx) => {
      const found = readableRun(ctx, DOCS.jobs);
      if (isAnswer(found)) return found;
      const jobs = ctx.query.get('filter') === 'all' ? found.run.jobs : ctx.world.actions.latestJobs(found.run);
      return okListing(ctx, 'jobs', jobs, (job) => jobJson(ctx, found.repo, found.run, job));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/jobs/:job_id',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'actions', DOCS.job);
      if (isAnswer(repo)) return repo;
      const found = ctx.world.actions.job(repo.id, numberParam(ctx, 'job_id') ?? -1);
      return found ? ok(jobJson(ctx, repo, found.run, found.job)) : notFound(DOCS.job);
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/actions/jobs/:job_id/logs',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'actions', DOCS.logs);
      if (isAnswer(repo)) return repo;
      const found = ctx.world.actions.job(repo.id, numberParam(ctx, 'job_id') ?? -1);
      // A job that has not written its log yet has none to download.
      if (!found || found.job.log === null) return notFound(DOCS.logs);
      return { status: 302, headers: { location: signedLogUrl(ctx, found.run, found.job) } };
    },
  },
  {
    method: 'GET',
    path: '/serviceHosts/:host/_apis/pipelines/1/runs/:run_number/signedlogcontent/:job_id',
    handler: serveLog,
  },
  { method: 'POST', path: '/repos/:owner/:repo/actions/runs/:run_id/rerun', handler: (ctx) => rerun(ctx, false) },
  { method: 'POST', path: '/repos/:owner/:repo/actions/runs/:run_id/rerun-failed-jobs', handler: (ctx) => rerun(ctx, true) },
  {
    method: 'POST',
    path: '/repos/:owner/:repo/actions/runs/:run_id/cancel',
    handler: (ctx) => {
      const found = writableRun(ctx, DOCS.cancel);
      if (isAnswer(found)) return found;
      if (found.run.status === 'completed') return githubError(409, 'Cannot cancel a workflow run that is completed.', DOCS.cancel);
      ctx.world.actions.cancel(found.run, stamp(ctx.now));
      return ok({}, 202);
    },
  },
];
