import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The fake GitHub's state for GitHub Actions: workflows, their runs (one record per run, showing
 * its latest attempt, as the API does), the jobs of every attempt with their steps and logs.
 * Reruns and cancels change it the way GitHub does: a rerun starts a new attempt, queued; a
 * cancel completes the run as cancelled.
 */

export type RunStatus = 'queued' | 'in_progress' | 'completed' | 'requested' | 'waiting' | 'pending';
export type RunConclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | 'neutral' | 'action_required' | 'stale';

export interface Workflow {
  id: number;
  repoId: number;
  name: string;
  path: string;
  state: 'active' | 'disabled_manually' | 'disabled_inactivity' | 'deleted';
  createdAt: string;
  updatedAt: string;
}

export interface JobStep {
  name: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  number: number;
  startedAt: string | null;
  completedAt: string | null;
}

export interface WorkflowJob {
  id: number;
  runId: number;
  runAttempt: number;
  name: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  steps: JobStep[];
  runnerName: string | null;
  /** The job's log as GitHub stores it (timestamped lines); null until there is one. */
  log: string | null;
}

export interface WorkflowRun {
  id: number;
  repoId: number;
  workflowId: number;
  name: string;
  displayTitle: string;
  headBranch: string;
  headSha: string;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  runNumber: number;
  runAttempt: number;
  actor: string;
  triggeringActor: string;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  /** Every attempt's jobs; `runAttempt` on each says which. */
  jobs: WorkflowJob[];
}

export type NewWorkflow = Omit<Workflow, 'id' | 'updatedAt' | 'state'> & Partial<Pick<Workflow, 'updatedAt' | 'state'>>;
export type NewJob = Pick<WorkflowJob, 'name' | 'status' | 'conclusion'> &
  Partial<Pick<WorkflowJob, 'startedAt' | 'completedAt' | 'log' | 'runnerName'>> & {
    steps?: Array<Pick<JobStep, 'name' | 'status' | 'conclusion'>>;
  };
export type NewRun = Pick<
  WorkflowRun,
  'headBranch' | 'headSha' | 'event' | 'status' | 'conclusion' | 'actor' | 'displayTitle' | 'createdAt'
> &
  Partial<Pick<WorkflowRun, 'updatedAt' | 'runStartedAt' | 'triggeringActor'>> & { jobs?: NewJob[] };

const FAILED: ReadonlySet<RunConclusion | null> = new Set(['failure', 'cancelled', 'timed_out']);

/** How long a signed log URL stays valid (GitHub: "expires after 1 minute"). */
export const LOG_URL_TTL_MS = 60_000;

export class ActionsWorld {
  readonly workflows = new Map<number, Workflow>();
  readonly runs = new Map<number, WorkflowRun>();
  private readonly signingKey = randomBytes(32);
  private nextWorkflowId = 161_335;
  private nextRunId = 30_433_642;
  private nextJobId = 399_444_496;

  addWorkflow(input: NewWorkflow): Workflow {
    const workflow: Workflow = { state: 'active', updatedAt: input.createdAt, ...input, id: this.nextWorkflowId++ };
    this.workflows.set(workflow.id, workflow);
    return workflow;
  }

  addRun(workflow: Workflow, input: NewRun): WorkflowRun {
    const number = this.runsOf(workflow.repoId).filter((run) => run.workflowId === workflow.id).length + 1;
    const run: WorkflowRun = {
      id: this.nextRunId++,
      repoId: workflow.repoId,
      workflowId: workflow.id,
      name: workflow.name,
      displayTitle: input.displayTitle,
      headBranch: input.headBranch,
      headSha: input.headSha,
      event: input.event,
      status: input.status,
      conclusion: input.conclusion,
      runNumber: number,
      runAttempt: 1,
      actor: input.actor,
      triggeringActor: input.triggeringActor ?? input.actor,
      createdAt: input.createdAt,
      updatedAt: input.updatedAt ?? input.createdAt,
      runStartedAt: input.runStartedAt ?? input.createdAt,
      jobs: [],
    };
    for (const job of input.jobs ?? []) this.addJob(run, job);
    this.runs.set(run.id, run);
    return run;
  }

  addJob(run: WorkflowRun, input: NewJob): WorkflowJob {
    const startedAt = input.startedAt ?? run.runStartedAt;
    const done = input.status === 'completed';
    const completedAt = input.completedAt ?? (done ? run.updatedAt : null);
    const job: WorkflowJob = {
      id: this.nextJobId++,
      runId: run.id,
      runAttempt: run.runAttempt,
      name: input.name,
      status: input.status,
      conclusion: input.conclusion,
      createdAt: run.runStartedAt,
      startedAt,
      completedAt,
      steps: (input.steps ?? []).map((step, index) => ({
        ...step,
        number: index + 1,
        startedAt: step.status === 'queued' ? null : startedAt,
        completedAt: step.status === 'completed' ? completedAt : null,
      })),
      runnerName: input.runnerName ?? (input.status === 'queued' ? null : `GitHub Actions ${(this.nextJobId % 97) + 1}`),
      log: input.log ?? null,
    };
    run.jobs.push(job);
    return job;
  }

  /** A repository's workflows, in the order they were added (GitHub lists them by id). */
  workflowsOf(repoId: number): Workflow[] {
    return [...this.workflows.values()].filter((workflow) => workflow.repoId === repoId);
  }

  /** A workflow by id or by file name (`ci.yml`), as the API's `workflow_id` takes either. */
  workflow(repoId: number, idOrFile: string): Workflow | undefined {
    return this.workflowsOf(repoId).find((workflow) =>
      /^\d+$/.test(idOrFile) ? workflow.id === Number(idOrFile) : workflow.path.split('/').pop() === idOrFile,
    );
  }

  /** Newest first, as GitHub lists runs. */
  runsOf(repoId: number): WorkflowRun[] {
    return [...this.runs.values()]
      .filter((run) => run.repoId === repoId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }

  run(repoId: number, id: number): WorkflowRun | undefined {
    const run = this.runs.get(id);
    return run?.repoId === repoId ? run : undefined;
  }

  job(repoId: number, id: number): { run: WorkflowRun; job: WorkflowJob } | undefined {
    for (const run of this.runs.values()) {
      if (run.repoId !== repoId) continue;
      const job = run.jobs.find((candidate) => candidate.id === id);
      if (job) return { run, job };
    }
    return undefined;
  }

  /** The jobs of the run's latest attempt. */
  latestJobs(run: WorkflowRun): WorkflowJob[] {
    return run.jobs.filter((job) => job.runAttempt === run.runAttempt);
  }

  hasFailedJobs(run: WorkflowRun): boolean {
    return this.latestJobs(run).some((job) => FAILED.has(job.conclusion));
  }

  /**
   * A new attempt, queued: every job again, or (`failedOnly`) the failed ones, the others
   * carried over with their results as GitHub shows them in the new attempt.
   */
  rerun(run: WorkflowRun, failedOnly: boolean, at: string): void {
    const previous = this.latestJobs(run);
    run.runAttempt += 1;
    run.status = 'queued';
    run.conclusion = null;
    run.runStartedAt = at;
    run.updatedAt = at;
    for (const job of previous) {
      if (failedOnly && !FAILED.has(job.conclusion)) {
        run.jobs.push({ ...job, id: this.nextJobId++, runAttempt: run.runAttempt, steps: job.steps.map((step) => ({ ...step })) });
        continue;
      }
      this.addJob(run, {
        name: job.name,
        status: 'queued',
        conclusion: null,
        startedAt: at,
        steps: job.steps.map((step) => ({ name: step.name, status: 'queued', conclusion: null })),
      });
    }
  }

  /** Completes the run and its unfinished jobs and steps as cancelled. */
  cancel(run: WorkflowRun, at: string): void {
    run.status = 'completed';
    run.conclusion = 'cancelled';
    run.updatedAt = at;
    for (const job of this.latestJobs(run)) {
      if (job.status === 'completed') continue;
      job.status = 'completed';
      job.conclusion = 'cancelled';
      job.completedAt = at;
      for (const step of job.steps) {
        if (step.status === 'completed') continue;
        step.conclusion = step.status === 'queued' ? 'skipped' : 'cancelled';
        step.status = 'completed';
        step.completedAt = at;
      }
    }
  }

  /** The signature of a job's log URL valid until `expires` (an ISO time). */
  sign(jobId: number, expires: string): string {
    return createHmac('sha256', this.signingKey).update(`${jobId}\n${expires}`).digest('base64');
  }

  /** Whether `signature` is this fake's signature of the job's log URL until `expires`. */
  verify(jobId: number, expires: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(jobId, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
