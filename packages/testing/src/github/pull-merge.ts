import type { EntryChange, FileChange, GitCommit } from './git-store.js';
import type { GitHubIssue, GitHubRepo, PullRequestState } from './github-world.js';
import type { PullDetail } from './issue-records.js';

/**
 * What a pull request contains and whether it merges: its commits and files against the merge
 * base, a path-level conflict check (both sides changed the same file differently), and the merge
 * itself as a real commit on the base branch.
 */

/** The head commit: the branch tip while the pull request is open, the recorded sha after. */
export function headOf(repo: GitHubRepo, issue: GitHubIssue): GitCommit | undefined {
  const pull = issue.pull as PullRequestState;
  const tip = issue.state === 'open' ? repo.git.branches.get(pull.head) : undefined;
  if (tip !== undefined) pull.headSha = tip;
  return repo.git.commits.get(pull.headSha);
}

export interface PullContents {
  head: GitCommit;
  base: GitCommit;
  mergeBase: GitCommit | undefined;
  commits: GitCommit[];
  files: FileChange[];
}

export function contentsOf(repo: GitHubRepo, issue: GitHubIssue): PullContents | undefined {
  const pull = issue.pull as PullRequestState;
  const head = headOf(repo, issue);
  const base = repo.git.resolveBranch(pull.base);
  if (!head || !base) return undefined;
  // A merged pull request is compared with the base as it was before the merge.
  const merge = pull.mergeCommitSha === null ? undefined : repo.git.commits.get(pull.mergeCommitSha);
  const baseBefore = merge === undefined ? base.sha : merge.sha === head.sha ? head.parents[0] : merge.parents[0];
  const mergeBase = baseBefore === undefined ? undefined : repo.git.mergeBase(baseBefore, head.sha);
  const inBase = new Set(repo.git.history(mergeBase?.sha ?? '').map((commit) => commit.sha));
  const commits = repo.git
    .history(head.sha)
    .filter((commit) => !inBase.has(commit.sha))
    .reverse();
  return { head, base, mergeBase, commits, files: repo.git.diff(mergeBase, head) };
}

/** Files both sides changed to different results since the merge base. */
export function conflicts(repo: GitHubRepo, contents: PullContents): string[] {
  const baseChanges = repo.git.diff(contents.mergeBase, contents.base);
  const ours = new Map(baseChanges.map((change) => [change.path, change.after]));
  return contents.files
    .filter((change) => ours.has(change.path))
    .filter((change) => {
      const theirs = change.after;
      const mine = ours.get(change.path);
      const sha = (entry: typeof theirs) => (entry === undefined ? '' : entry.kind === 'submodule' ? entry.commit : entry.sha);
      return sha(theirs) !== sha(mine);
    })
    .map((change) => change.path);
}

export function detailOf(repo: GitHubRepo, issue: GitHubIssue): PullDetail {
  const pull = issue.pull as PullRequestState;
  const contents = contentsOf(repo, issue);
  const additions = contents?.files.reduce((sum, file) => sum + (file.patch?.additions ?? 0), 0) ?? 0;
  const deletions = contents?.files.reduce((sum, file) => sum + (file.patch?.deletions ?? 0), 0) ?? 0;
  const size = { commits: contents?.commits.length ?? 0, additions, deletions, changedFiles: contents?.files.length ?? 0 };
  if (issue.state === 'closed' || !contents) return { mergeable: null, mergeableState: 'unknown', ...size };
  const clean = conflicts(repo, contents).length === 0;
  return { mergeable: clean, mergeableState: !clean ? 'dirty' : pull.draft ? 'draft' : 'clean', ...size };
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** Applies the head's changes onto the base branch and moves it; returns the new commit. */
export function mergePull(
  repo: GitHubRepo,
  issue: GitHubIssue,
  contents: PullContents,
  options: { method: MergeMethod; title?: string; message?: string; merger: { name: string; email: string }; date: string },
): GitCommit {
  const pull = issue.pull as PullRequestState;
  const changes: Record<string, EntryChange> = {};
  for (const change of contents.files) {
    const after = change.after;
    if (after === undefined) changes[change.path] = null;
    else if (after.kind === 'file') changes[change.path] = after.content;
    else if (after.kind === 'symlink') changes[change.path] = { symlink: after.target };
    else changes[change.path] = { submodule: after.url, commit: after.commit };
  }
  const squash = options.method !== 'merge';
  const title =
    options.title ?? (squash ? `${issue.title} (#${issue.number})` : `Merge pull request #${issue.number} from ${repo.owner}/${pull.head}`);
  const body = options.message ?? (squash ? contents.commits.map((commit) => `* ${commit.message}`).join('\n') : issue.title);
  const commit = repo.git.commit({
    message: body === '' ? title : `${title}\n\n${body}`,
    author: { ...options.merger, date: options.date },
    committer: { name: 'GitHub', email: 'noreply@github.com', date: options.date },
    parents: squash ? [contents.base.sha] : [contents.base.sha, contents.head.sha],
    changes,
  });
  repo.git.branches.set(pull.base, commit.sha);
  repo.pushedAt = options.date;
  return commit;
}
