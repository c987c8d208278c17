import { z } from 'zod';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';

/** Workflows, runs and jobs as the Actions tools return them, and the cleaning of job logs. */

export const workflowRecord = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  state: z.string(),
  htmlUrl: z.string(),
});
export type WorkflowRecord = z.infer<typeof workflowRecord>;

export interface RawWorkflow {
  id: number;
  name: string;
  path: string;
  state: string;
  html_url: string;
}

export function toWorkflowRecord(workflow: RawWorkflow): WorkflowRecord {
  return {
    id: workflow.id,
    name: sanitizeName(workflow.name),
    path: sanitizeName(workflow.path),
    state: workflow.state,
    htmlUrl: workflow.html_url,
  };
}

/** "161335 CI (.github/workflows/ci.yml) [active]" */
export function workflowLine(workflow: WorkflowRecord): string {
  return `${workflow.id} ${workflow.name} (${workflow.path}) [${workflow.state}]`;
}

export const runRecord = z.object({
  id: z.number().int(),
  workflowId: z.number().int(),
  name: z.string().nullable(),
  displayTitle: z.string(),
  runNumber: z.number().int(),
  runAttempt: z.number().int(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  event: z.string(),
  branch: z.string().nullable(),
  headSha: z.string(),
  actor: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  htmlUrl: z.string(),
});
export type RunRecord = z.infer<typeof runRecord>;

export interface RawRun {
  id: number;
  workflow_id: number;
  name?: string | null;
  display_title: string;
  run_number: number;
  run_attempt?: number;
  status: string | null;
  conclusion: string | null;
  event: string;
  head_branch: string | null;
  head_sha: string;
  actor?: { login: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export function toRunRecord(run: RawRun): RunRecord {
  return {
    id: run.id,
    workflowId: run.workflow_id,
    name: run.name ? sanitizeName(run.name) : null,
    displayTitle: sanitizeUntrusted(run.display_title, { markdown: false }),
    runNumber: run.run_number,
    runAttempt: run.run_attempt ?? 1,
    status: run.status,
    conclusion: run.conclusion,
    event: run.event,
    branch: run.head_branch ? sanitizeName(run.head_branch) : null,
    headSha: run.head_sha,
    actor: run.actor?.login ? sanitizeName(run.actor.login) : null,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    htmlUrl: run.html_url,
  };
}

/** What a run or job shows: its conclusion once completed, its status before. */
const outcome = (item: { status: string | null; conclusion: string | null }) => item.conclusion ?? item.status ?? 'unknown';

/** "30433652 CI #10 [failure] Rewrite the README — pull_request on readme-rewrite by @octocat, 2026-11-20T09:00:00Z" */
export function runLine(run: RunRecord): string {
  const attempt = run.runAttempt > 1 ? `, attempt ${run.runAttempt}` : '';
  const where = run.branch ? ` on ${run.branch}` : '';
  const who = run.actor ? ` by @${run.actor}` : '';
  return `${run.id} ${run.name ?? 'workflow'} #${run.runNumber} [${outcome(run)}] ${run.displayTitle} — ${run.event}${where}${who}${attempt}, ${run.createdAt}`;
}

export const stepRecord = z.object({ number: z.number().int(), name: z.string(), status: z.string(), conclusion: z.string().nullable() });

export const jobRecord = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  runAttempt: z.number().int(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  htmlUrl: z.string().nullable(),
  steps: z.array(stepRecord),
});
export type JobRecord = z.infer<typeof jobRecord>;

export interface RawJob {
  id: number;
  run_id: number;
  name: string;
  status: string;
  conclusion: string | null;
  run_attempt?: number;
  started_at: string | null;
  completed_at: string | null;
  html_url: string | null;
  steps?: Array<{ number: number; name: string; status: string; conclusion: string | null }>;
}

export function toJobRecord(job: RawJob): JobRecord {
  return {
    id: job.id,
    runId: job.run_id,
    name: sanitizeName(job.name),
    status: job.status,
    conclusion: job.conclusion,
    runAttempt: job.run_attempt ?? 1,
    startedAt: job.started_at,
    completedAt: job.completed_at,
    htmlUrl: job.html_url,
    steps: (job.steps ?? []).map((step) => ({
      number: step.number,
      name: sanitizeName(step.name),
      status: step.status,
      conclusion: step.conclusion,
    })),
  };
}

/** "399444497 test [failure] attempt 1, 2026-11-20T09:00:00Z → 2026-11-20T09:06:00Z", then the steps that did not succeed. */
export function jobLines(job: JobRecord): string[] {
  const span = job.startedAt ? `, ${job.startedAt}${job.completedAt ? ` → ${job.completedAt}` : ''}` : '';
  const notable = job.steps.filter((step) => !['success', 'skipped'].includes(step.conclusion ?? ''));
  return [
    `${job.id} ${job.name} [${outcome(job)}] attempt ${job.runAttempt}${span}`,
    ...notable.map((step) => `  step ${step.number} ${step.name} [${outcome(step)}]`),
  ];
}

// Terminal escapes: CSI (colours, cursor moves, erasing), OSC (titles, hyperlinks, up to BEL or
// ST), and the two-character ones; 8-bit CSI and OSC too.
const ESCAPES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /(?:\u001b\[|\u009b)([0-?]*)[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;

/** Whether text after this SGR sequence is concealed (SGR 8, until 28 or a reset). */
function concealsAfter(params: string, concealed: boolean): boolean {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((code) => Number(code || 0));
  let state = concealed;
  for (let index = 0; index < codes.length; index += 1) {
    const code = codes[index];
    if (code === 38 || code === 48 || code === 58) {
      // Extended colours carry their own numbers: 5;n or 2;r;g;b.
      index += codes[index + 1] === 5 ? 2 : 4;
    } else if (code === 0 || code === 28) {
      state = false;
    } else if (code === 8) {
      state = true;
    }
  }
  return state;
}

/**
 * One log line as a person would see it in a terminal: escapes removed, text they conceal
 * dropped, and of a line rewritten by carriage returns, what was written last (after the
 * runner's timestamp).
 */
export function visibleLogLine(line: string): string {
  let shown = '';
  let concealed = false;
  let last = 0;
  for (const match of line.matchAll(ESCAPES)) {
    if (!concealed) shown += line.slice(last, match.index);
    last = match.index + match[0].length;
    const sequence = match[0];
    if (sequence.endsWith('m') && match[1] !== undefined) concealed = concealsAfter(match[1], concealed);
  }
  if (!concealed) shown += line.slice(last);
  // The runner's timestamp comes before anything the step wrote, so a carriage return cannot erase it.
  const stamp = /^\d{4}-\d\d-\d\dT[\d:.]+Z /.exec(shown)?.[0] ?? '';
  const rest = shown.slice(stamp.length).replace(/\r+$/, '');
  return stamp + rest.slice(rest.lastIndexOf('\r') + 1);
}

export interface LogTail {
  text: string;
  totalLines: number;
  shownLines: number;
  /** Fewer than the asked-for lines fit in `maxChars`. */
  cutBySize: boolean;
}

/**
 * The last `lines` lines of a log, made visible and sanitized, as many of them as fit in
 * `maxChars` (the oldest go first; a single line longer than that keeps its end). `whole` tells,
 * when `log` is only the end of the log as streamed, how many lines the whole log had.
 */
export function logTail(log: string, lines: number, maxChars: number, whole?: { totalLines: number; complete: boolean }): LogTail {
  const all = log.split('\n');
  if (all.at(-1) === '') all.pop();
  const wanted = all.slice(-lines).map(visibleLogLine);
  const shown: string[] = [];
  let size = 0;
  let cutBySize = false;
  for (let index = wanted.length - 1; index >= 0; index -= 1) {
    const line = sanitizeUntrusted(wanted[index] ?? '', { markdown: false });
    const room = maxChars - size - (shown.length > 0 ? 1 : 0);
    if (line.length > room) {
      cutBySize = true;
      if (shown.length === 0) shown.push(`…${line.slice(line.length - maxChars + 1)}`);
      break;
    }
    shown.push(line);
    size += line.length + (shown.length > 1 ? 1 : 0);
  }
  shown.reverse();
  const totalLines = whole?.totalLines ?? all.length;
  // Lines wanted that were not even kept while streaming count as cut by size too.
  if (whole && !whole.complete && shown.length < Math.min(lines, totalLines)) cutBySize = true;
  return { text: shown.join('\n'), totalLines, shownLines: shown.length, cutBySize };
}
