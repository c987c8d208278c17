import type { RecordContext } from './github-records.js';
import { nodeId, repoJson, userRef } from './github-records.js';
import type { GitHubIssue, GitHubRepo, IssueComment, PullReview, ReviewComment } from './github-world.js';
import { fullName } from './github-world.js';

/** JSON shapes for issues, comments, labels, pull requests and reviews. */

const NO_REACTIONS = { total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };

function reactions(url: string): Record<string, unknown> {
  return { url: `${url}/reactions`, ...NO_REACTIONS };
}

export function labelJson(ctx: RecordContext, repo: GitHubRepo, name: string): Record<string, unknown> {
  const label = ctx.world.ensureLabel(repo, name);
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${ctx.links.api}/repos/${fullName(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

/** An issue as `/issues` endpoints return it; pull requests carry a `pull_request` key. */
export function issueJson(ctx: RecordContext, repo: GitHubRepo, issue: GitHubIssue, detail = false): Record<string, unknown> {
  const api = `${ctx.links.api}/repos/${fullName(repo)}`;
  const url = `${api}/issues/${issue.number}`;
  const web = `${ctx.links.web}/${fullName(repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  const assignees = issue.assignees.map((login) => userRef(ctx, login)).filter((user) => user !== null);
  const json: Record<string, unknown> = {
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: web,
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userRef(ctx, issue.user),
    labels: issue.labels.map((name) => labelJson(ctx, repo, name)),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: ctx.world.authorAssociation(repo, issue.user),
    type: null,
    active_lock_reason: null,
    ...(issue.pull ? { draft: issue.pull.draft } : {}),
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    body: issue.body,
    ...(detail ? { closed_by: userRef(ctx, issue.closedBy) } : {}),
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (issue.pull) {
    json.pull_request = {
      url: `${api}/pulls/${issue.number}`,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return json;
}

export function commentJson(ctx: RecordContext, repo: GitHubRepo, issue: GitHubIssue, comment: IssueComment): Record<string, unknown> {
  const api = `${ctx.links.api}/repos/${fullName(repo)}`;
  const url = `${api}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${ctx.links.web}/${fullName(repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${issue.number}`,
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    user: userRef(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: ctx.world.authorAssociation(repo, comment.user),
    body: comment.body,
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

/** What only `GET /pulls/{n}` adds: merge state and size. */
export interface PullDetail {
  mergeable: boolean | null;
  mergeableState: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

export function pullJson(ctx: RecordContext, repo: GitHubRepo, issue: GitHubIssue, detail?: PullDetail): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const api = `${ctx.links.api}/repos/${fullName(repo)}`;
  const url = `${api}/pulls/${issue.number}`;
  const web = `${ctx.links.web}/${fullName(repo)}/pull/${issue.number}`;
  const owner = userRef(ctx, repo.owner);
  const side = (ref: string, sha: string) => ({ label: `${repo.owner}:${ref}`, ref, sha, user: owner, repo: repoJson(ctx, repo, 'list') });
  const baseSha = repo.git.branches.get(pull.base) ?? '';
  const assignees = issue.assignees.map((login) => userRef(ctx, login)).filter((user) => user !== null);
  const json: Record<string, unknown> = {
    url,
    id: issue.id,
    node_id: nodeId('PullRequest', issue.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userRef(ctx, issue.user),
    body: issue.body,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.map((login) => userRef(ctx, login)).filter((user) => user !== null),
    requested_teams: [],
    labels: issue.labels.map((name) => {
      const label = ctx.world.ensureLabel(repo, name);
      return {
        id: label.id,
        node_id: nodeId('Label', label.id),
        url: `${api}/labels/${encodeURIComponent(label.name)}`,
        name: label.name,
        color: label.color,
        default: label.default,
        description: label.description,
      };
    }),
    milestone: null,
    draft: pull.draft,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    head: side(pull.head, pull.headSha),
    base: side(pull.base, baseSha),
    _links: {
      self: { href: url },
      html: { href: web },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: ctx.world.authorAssociation(repo, issue.user),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (detail) {
    Object.assign(json, {
      merged: pull.mergedAt !== null,
      mergeable: detail.mergeable,
      rebaseable: detail.mergeable,
      mergeable_state: detail.mergeableState,
      merged_by: userRef(ctx, pull.mergedBy),
      comments: issue.comments.length,
      review_comments: pull.reviewComments.length,
      maintainer_can_modify: false,
      commits: detail.commits,
      additions: detail.additions,
      deletions: detail.deletions,
      changed_files: detail.changedFiles,
    });
  }
  return json;
}

export function reviewJson(ctx: RecordContext, repo: GitHubRepo, issue: GitHubIssue, review: PullReview): Record<string, unknown> {
  const pullUrl = `${ctx.links.api}/repos/${fullName(repo)}/pulls/${issue.number}`;
  const html = `${ctx.links.web}/${fullName(repo)}/pull/${issue.number}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: userRef(ctx, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: ctx.world.authorAssociation(repo, review.user),
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    ...(review.state === 'PENDING' ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
  };
}

export function reviewCommentJson(
  ctx: RecordContext,
  repo: GitHubRepo,
  issue: GitHubIssue,
  comment: ReviewComment,
  diffHunk: string,
): Record<string, unknown> {
  const api = `${ctx.links.api}/repos/${fullName(repo)}`;
  const url = `${api}/pulls/comments/${comment.id}`;
  const html = `${ctx.links.web}/${fullName(repo)}/pull/${issue.number}#discussion_r${comment.id}`;
  const pullUrl = `${api}/pulls/${issue.number}`;
  return {
    url,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: nodeId('PullRequestReviewComment', comment.id),
    diff_hunk: diffHunk,
    path: comment.path,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: userRef(ctx, comment.user),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: ctx.world.authorAssociation(repo, comment.user),
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    reactions: reactions(url),
    start_line: null,
    original_start_line: null,
    start_side: null,
    line: comment.line,
    original_line: comment.line,
    side: comment.side,
    subject_type: 'line',
  };
}
