import { isMcpKitError, notFound } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool, type GitHubApp } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { readStreamTail, type StreamTail } from '../client/stream-tail.js';
import {
  jobLines,
  jobRecord,
  logTail,
  type RawJob,
  type RawRun,
  type RawWorkflow,
  type RunRecord,
  runLine,
  runRecord,
  toJobRecord,
  toRunRecord,
  toWorkflowRecord,
  workflowLine,
  workflowRecord,
} from './actions-records.js';
import { loginField, refField, repoFields, subjectOf } from './github-fields.js';

const runIdField = z.number().int().positive();
const branchField = z.string().refine((name) => refField.safeParse(name).success, 'a branch name');
const jobIdField = z.number().int().positive();

/** GitHub's `workflow_id` takes the numeric id or the file name. */
const workflowIdField = z
  .union([
    z.number().int().positive(),
    z.string().refine((name) => /^[A-Za-z0-9._-]{1,255}\.ya?ml$/.test(name), 'a workflow file name, like "ci.yml"'),
  ])
  .describe('Workflow id or file name (ci.yml)');

/** The statuses and conclusions worth filtering on (GitHub also takes neutral, skipped, stale, requested, pending). */
const RUN_STATUSES = [
  'queued',
  'in_progress',
  'waiting',
  'completed',
  'success',
  'failure',
  'cancelled',
  'timed_out',
  'action_required',
] as const;

/** The most log lines one call may ask for; the answer's size cap usually bites first. */
const MAX_TAIL_LINES = 10_000;
/** Bytes of a log's end kept per character an answer may hold: timestamps and escapes take room. */
const TAIL_BYTES_PER_CHAR = 8;
const MIN_TAIL_BYTES = 256 * 1024;

/** In lockdown, a run's title (a commit message or pull request title) is withheld when its actor has no push access. */
async function lockdownRunTitle(app: GitHubApp, owner: string, repo: string, run: RunRecord, signal: AbortSignal): Promise<RunRecord> {
  if (!app.lockdown.enabled) return run;
  const source = { owner, repo, author: run.actor ?? undefined, kind: 'run title' };
  return { ...run, displayTitle: (await app.lockdown.title(run.displayTitle, source, signal)).text };
}

export const listWorkflows = defineGitHubTool({
  name: 'list_workflows',
  title: 'List workflows',
  description: 'List the GitHub Actions workflows of a repository.',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, ...pageFields }),
  output: z.object({ workflows: z.array(workflowRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the workflows'), () =>
      app.github.rest.actions.listRepoWorkflows({ owner, repo, page, per_page: perPage, request: { signal } }),
    );
    const workflows = (data.workflows as RawWorkflow[]).map(toWorkflowRecord);
    const pagination = pageOf(headers, page, perPage, data.total_count);
    const head = data.total_count === 0 ? `${owner}/${repo} has no workflows.` : `${owner}/${repo}: ${data.total_count} workflows.`;
    return { text: [head, ...workflows.map(workflowLine), ...pageNote(pagination)].join('\n'), data: { workflows, pagination } };
  },
});

export const listWorkflowRuns = defineGitHubTool({
  name: 'list_workflow_runs',
  title: 'List workflow runs',
  description: 'List workflow runs of a repository, or of one workflow, newest first.',
  toolset: 'actions',
  input: z.strictObject({
    ...repoFields,
    workflowId: workflowIdField.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    branch: branchField.optional(),
    event: z
      .string()
      .refine((event) => /^[a-z_]{1,50}$/.test(event), 'an event name, like "push" or "pull_request"')
      .optional(),
    actor: loginField.optional(),
    ...pageFields,
  }),
  output: z.object({ runs: z.array(runRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, workflowId, status, branch, event, actor, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const filters = {
      owner,
      repo,
      ...(status && { status }),
      ...(branch && { branch }),
      ...(event && { event }),
      ...(actor && { actor }),
      page,
      per_page: perPage,
      request: { signal },
    };
    const { data, headers } = await callGitHub(
      subjectOf(owner, repo, workflowId === undefined ? 'the workflow runs' : `the runs of workflow ${workflowId}`),
      () =>
        workflowId === undefined
          ? app.github.rest.actions.listWorkflowRunsForRepo(filters)
          : app.github.rest.actions.listWorkflowRuns({ ...filters, workflow_id: workflowId }),
    );
    const runs = await Promise.all(
      (data.workflow_runs as RawRun[]).map((raw) => lockdownRunTitle(app, owner, repo, toRunRecord(raw), signal)),
    );
    const pagination = pageOf(headers, page, perPage, data.total_count);
    const head = data.total_count === 0 ? `No workflow runs in ${owner}/${repo} match.` : `${owner}/${repo}: ${data.total_count} runs.`;
    return { text: [head, ...runs.map(runLine), ...pageNote(pagination)].join('\n'), data: { runs, pagination } };
  },
});

export const getWorkflowRun = defineGitHubTool({
  name: 'get_workflow_run',
  title: 'Get a workflow run',
  description: 'Get one workflow run: its status, conclusion, attempt and trigger.',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, runId: runIdField }),
  output: z.object({ run: runRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, runId }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `run ${runId}`), () =>
      app.github.rest.actions.getWorkflowRun({ owner, repo, run_id: runId, request: { signal } }),
    );
    const run = await lockdownRunTitle(app, owner, repo, toRunRecord(data as RawRun), signal);
    return { text: [runLine(run), run.htmlUrl, `Jobs: list_workflow_jobs with runId ${run.id}.`].join('\n'), data: { run } };
  },
});

export const listWorkflowJobs = defineGitHubTool({
  name: 'list_workflow_jobs',
  title: 'List the jobs of a run',
  description: 'List the jobs of a workflow run with the steps that did not succeed (latest attempt, or all).',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, runId: runIdField, filter: z.enum(['latest', 'all']).default('latest'), ...pageFields }),
  output: z.object({ jobs: z.array(jobRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, runId, filter, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the jobs of run ${runId}`), () =>
      app.github.rest.actions.listJobsForWorkflowRun({ owner, repo, run_id: runId, filter, page, per_page: perPage, request: { signal } }),
    );
    const jobs = (data.jobs as RawJob[]).map(toJobRecord);
    const pagination = pageOf(headers, page, perPage, data.total_count);
    const head = data.total_count === 0 ? `Run ${runId} has no jobs.` : `Run ${runId}: ${data.total_count} jobs.`;
    return { text: [head, ...jobs.flatMap(jobLines), ...pageNote(pagination)].join('\n'), data: { jobs, pagination } };
  },
});

export const getJobLogs = defineGitHubTool({
  name: 'get_job_logs',
  title: 'Get a job’s log',
  description: 'Get the end of a job’s log (tailLines lines, escapes removed, capped in size).',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, jobId: jobIdField, tailLines: z.number().int().min(1).max(MAX_TAIL_LINES).default(200) }),
  output: z.object({
    job: jobRecord.omit({ steps: true }),
    log: z.string(),
    totalLines: z.number().int(),
    shownLines: z.number().int(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, jobId, tailLines }, { app, signal }) {
    app.repos.check(owner, repo);
    const subject = subjectOf(owner, repo, `job ${jobId}`);
    const { data: rawJob } = await callGitHub(subject, () =>
      app.github.rest.actions.getJobForWorkflowRun({ owner, repo, job_id: jobId, request: { signal } }),
    );
    const { steps: _steps, ...job } = toJobRecord(rawJob as RawJob);
    let log: string;
    let streamed: StreamTail | undefined;
    // Logs run to hundreds of megabytes: only their end is kept as they stream in, so one call
    // costs a bounded amount of memory whatever the log's size (its lines are still counted).
    const keepBytes = Math.max(MIN_TAIL_BYTES, app.maxBodyChars * TAIL_BYTES_PER_CHAR);
    const tailingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!response.ok || !response.body) return response;
      streamed = await readStreamTail(response.body, keepBytes);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      headers.delete('content-encoding');
      return new Response(streamed.text, { status: response.status, headers });
    };
    try {
      // GitHub answers with a redirect to a short-lived URL; fetch follows it (without the token).
      const { data } = await callGitHub(subjectOf(owner, repo, `the log of job ${jobId}`), () =>
        app.github.rest.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: jobId, request: { signal, fetch: tailingFetch } }),
      );
      log = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
    } catch (error) {
      if (isMcpKitError(error) && error.code === 'not_found' && job.status !== 'completed') {
        throw notFound(`Job ${jobId} in ${owner}/${repo} is ${job.status}; its log can be read once it has finished.`, { cause: error });
      }
      throw error;
    }
    const tail = logTail(log, tailLines, app.maxBodyChars, streamed);
    const left = tail.totalLines - tail.shownLines;
    const lines = [
      `Log of job ${job.id} ${job.name} [${job.conclusion ?? job.status}]: ${left > 0 ? `last ${tail.shownLines} of ` : ''}${tail.totalLines} lines.`,
      tail.text,
    ];
    if (left > 0) {
      const lost = `[${left.toLocaleString('en-US')} earlier lines left out`;
      lines.push(
        tail.cutBySize || tail.shownLines >= MAX_TAIL_LINES
          ? `${lost}: one answer holds ${app.maxBodyChars.toLocaleString('en-US')} characters; the whole log is at ${job.htmlUrl ?? 'GitHub'}]`
          : `${lost}; call again with a larger tailLines (up to ${Math.min(tail.totalLines, MAX_TAIL_LINES)}) for more]`,
      );
    }
    return {
      text: lines.join('\n'),
      data: { job, log: tail.text, totalLines: tail.totalLines, shownLines: tail.shownLines },
    };
  },
});

export const rerunWorkflowRun = defineGitHubTool({
  name: 'rerun_workflow_run',
  title: 'Re-run a workflow run',
  description: 'Re-run a completed workflow run as a new attempt: every job, or failedOnly.',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, runId: runIdField, failedOnly: z.boolean().default(false) }),
  output: z.object({ runId: z.number().int(), failedOnly: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, runId, failedOnly }, { app, signal }) {
    app.repos.check(owner, repo);
    await callGitHub(subjectOf(owner, repo, `a rerun of run ${runId}`), () => {
      // Not retried: a retry after a 5xx GitHub acted on would be refused, or start yet another attempt.
      const request = { owner, repo, run_id: runId, request: { signal, retries: 0 } };
      return failedOnly ? app.github.rest.actions.reRunWorkflowFailedJobs(request) : app.github.rest.actions.reRunWorkflow(request);
    });
    return {
      text: `Re-running ${failedOnly ? 'the failed jobs of ' : ''}run ${runId} in ${owner}/${repo} as a new attempt; follow it with get_workflow_run.`,
      data: { runId, failedOnly },
    };
  },
});

export const cancelWorkflowRun = defineGitHubTool({
  name: 'cancel_workflow_run',
  title: 'Cancel a workflow run',
  description: 'Cancel a workflow run that is queued or in progress; its unfinished jobs stop.',
  toolset: 'actions',
  input: z.strictObject({ ...repoFields, runId: runIdField }),
  output: z.object({ runId: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, runId }, { app, signal }) {
    app.repos.check(owner, repo);
    await callGitHub(subjectOf(owner, repo, `the cancel of run ${runId}`), () =>
      app.github.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId, request: { signal, retries: 0 } }),
    );
    return { text: `Cancelling run ${runId} in ${owner}/${repo}; GitHub stops its jobs shortly.`, data: { runId } };
  },
});
