/** A commit status, as a CI service posts it (`POST /repos/{owner}/{repo}/statuses/{sha}`). */
export interface CommitStatus {
  id: number;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** A check run, as a GitHub App (Actions among them) reports it. */
export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  startedAt: string;
  completedAt: string | null;
  title: string | null;
  summary: string | null;
  app: { id: number; slug: string; name: string };
}

/**
 * The fake GitHub's commit statuses and check runs, per repository and commit. Statuses are kept
 * in the order they were posted (GitHub lists the newest first and combines the latest per context).
 */
export class ChecksWorld {
  private readonly statuses = new Map<string, CommitStatus[]>();
  private readonly runs = new Map<string, CheckRun[]>();

  addStatus(repoId: number, sha: string, status: CommitStatus): void {
    const key = `${repoId}:${sha}`;
    this.statuses.set(key, [...(this.statuses.get(key) ?? []), status]);
  }

  /** Newest first, as GitHub lists them. */
  statusesOf(repoId: number, sha: string): CommitStatus[] {
    return [...(this.statuses.get(`${repoId}:${sha}`) ?? [])].reverse();
  }

  addCheckRun(repoId: number, run: CheckRun): void {
    const key = `${repoId}:${run.headSha}`;
    this.runs.set(key, [...(this.runs.get(key) ?? []), run]);
  }

  checkRunsOf(repoId: number, sha: string): CheckRun[] {
    return [...(this.runs.get(`${repoId}:${sha}`) ?? [])];
  }
}
