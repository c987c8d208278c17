import type { FakeResponse } from '../fake-upstream.js';
import { commitJson, fileJson } from './git-records.js';
import { renderGitDiff } from './git-store.js';
import { githubError, notFound, notSupplied, validationFailed } from './github-errors.js';
import { accessOf, writeRefusal } from './github-tokens.js';
import type { GitHubIssue, GitHubRepo, PullReview, ReviewComment } from './github-world.js';
import { pullState, roleAtLeast } from './github-world.js';
import { pullJson, reviewCommentJson, reviewJson } from './issue-records.js';
import { okPage } from './pagination.js';
import type { MergeMethod } from './pull-merge.js';
import { conflicts, contentsOf, detailOf, headOf, mergePull } from './pull-merge.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, numberParam, ok, repoFor, stringField, stringListField } from './route-table.js';
import { diffAnswer } from './routes-git.js';

/** Pull requests: list, read (JSON or diff), files, commits, reviews, review comments, open, merge, request reviewers. */

const DOCS = {
  list: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  get: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
  create: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  update: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  merge: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
  reviewers: 'https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request',
  reviews: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
  comments: 'https://docs.github.com/rest/pulls/comments#list-review-comments-on-a-pull-request',
};

const timestamp = (ctx: RouteContext) => ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');

function findPull(ctx: RouteContext, docs: string): { repo: GitHubRepo; issue: GitHubIssue } | FakeResponse {
  const repo = repoFor(ctx, 'pull_requests', docs);
  if (isAnswer(repo)) return repo;
  const issue = repo.issues.get(numberParam(ctx, 'number') ?? -1);
  return issue?.pull ? { repo, issue } : notFound(docs);
}

/** A write on a pull request: token checks, then the pull request itself. */
function writablePull(ctx: RouteContext, docs: string, area: 'pull_requests' | 'contents' = 'pull_requests') {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, area, docs);
  if (refused) return refused;
  const issue = repo.issues.get(numberParam(ctx, 'number') ?? -1);
  if (!issue?.pull) return notFound(docs);
  return { repo, issue, login: ctx.caller.account?.login ?? '', access: accessOf(ctx.world, ctx.caller, repo) };
}

function diffHunk(repo: GitHubRepo, issue: GitHubIssue, comment: ReviewComment): string {
  const patch = contentsOf(repo, issue)?.files.find((file) => file.path === comment.path)?.patch?.patch ?? '';
  return patch
    .split('\n')
    .slice(0, Math.max(2, comment.line + 1))
    .join('\n');
}

function listPulls(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'pull_requests', DOCS.list);
  if (isAnswer(repo)) return repo;
  const state = ctx.query.get('state') ?? 'open';
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const pulls = [...repo.issues.values()].filter(
    (issue) =>
      issue.pull &&
      (state === 'all' || issue.state === state) &&
      (head === null || `${repo.owner}:${issue.pull.head}`.toLowerCase() === head.toLowerCase()) &&
      (base === null || issue.pull.base === base),
  );
  const sort = ctx.query.get('sort') ?? 'created';
  const key = (issue: GitHubIssue) =>
    sort === 'updated' ? Date.parse(issue.updatedAt) : sort === 'popularity' ? issue.comments.length : Date.parse(issue.createdAt);
  const sorted = pulls.sort((a, b) => key(a) - key(b) || a.number - b.number);
  if ((ctx.query.get('direction') ?? 'desc') === 'desc') sorted.reverse();
  return okPage(ctx, sorted, (issue) => pullJson(ctx, repo, issue));
}

function createPull(ctx: RouteContext): FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(DOCS.create);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, 'pull_requests', DOCS.create);
  if (refused) return refused;
  const title = stringField(ctx.body, 'title');
  const rawHead = stringField(ctx.body, 'head');
  const base = stringField(ctx.body, 'base');
  if (rawHead === undefined) return notSupplied('head', DOCS.create);
  if (base === undefined) return notSupplied('base', DOCS.create);
  if (title === undefined) return notSupplied('title', DOCS.create);
  const head = rawHead.includes(':') ? rawHead.slice(rawHead.indexOf(':') + 1) : rawHead;
  const headCommit = repo.git.resolveBranch(head);
  const baseCommit = repo.git.resolveBranch(base);
  if (!headCommit) return validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], DOCS.create);
  if (!baseCommit) return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], DOCS.create);
  if (repo.git.contains(baseCommit.sha, headCommit.sha)) {
    return validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }], DOCS.create);
  }
  const existing = [...repo.issues.values()].find(
    (issue) => issue.pull && issue.state === 'open' && issue.pull.head === head && issue.pull.base === base,
  );
  if (existing) {
    return validationFailed(
      [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }],
      DOCS.create,
    );
  }
  const issue = ctx.world.openIssue(repo, {
    title,
    body: stringField(ctx.body, 'body') ?? null,
    user: ctx.caller.account?.login ?? '',
    createdAt: timestamp(ctx),
    pull: pullState({ head, headSha: headCommit.sha, base, draft: ctx.body.draft === true }),
  });
  const json = pullJson(ctx, repo, issue, detailOf(repo, issue));
  return ok(json, 201, { location: String(json.url) });
}

function updatePull(ctx: RouteContext): FakeResponse {
  const target = writablePull(ctx, DOCS.update);
  if (isAnswer(target)) return target;
  const { repo, issue, login, access } = target;
  if (!roleAtLeast(access, 'write') && issue.user.toLowerCase() !== login.toLowerCase()) {
    return githubError(403, 'Must have admin rights to Repository.', DOCS.update);
  }
  const title = stringField(ctx.body, 'title');
  const state = stringField(ctx.body, 'state');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    return validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }], DOCS.update);
  }
  if (title !== undefined) issue.title = title;
  if ('body' in ctx.body) issue.body = stringField(ctx.body, 'body') ?? null;
  const now = timestamp(ctx);
  if (state === 'closed' && issue.state === 'open') Object.assign(issue, { state, closedAt: now, closedBy: login });
  if (state === 'open' && issue.state === 'closed' && issue.pull?.mergedAt === null) Object.assign(issue, { state, closedAt: null });
  issue.updatedAt = now;
  return ok(pullJson(ctx, repo, issue, detailOf(repo, issue)));
}

function mergePullRoute(ctx: RouteContext): FakeResponse {
  const target = writablePull(ctx, DOCS.merge, 'contents');
  if (isAnswer(target)) return target;
  const { repo, issue, access } = target;
  if (!roleAtLeast(access, 'write')) return notFound(DOCS.merge);
  const contents = contentsOf(repo, issue);
  if (issue.state !== 'open' || !contents || conflicts(repo, contents).length > 0)
    return githubError(405, 'Pull Request is not mergeable', DOCS.merge);
  const sha = stringField(ctx.body, 'sha');
  if (sha !== undefined && sha !== contents.head.sha)
    return githubError(409, 'Head branch was modified. Review and try the merge again.', DOCS.merge);
  const method = (stringField(ctx.body, 'merge_method') ?? 'merge') as MergeMethod;
  if (!['merge', 'squash', 'rebase'].includes(method)) {
    return validationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }], DOCS.merge);
  }
  const account = ctx.caller.account;
  const now = timestamp(ctx);
  const commit = mergePull(repo, issue, contents, {
    method,
    title: stringField(ctx.body, 'commit_title'),
    message: stringField(ctx.body, 'commit_message'),
    merger: {
      name: account?.name ?? account?.login ?? '',
      email: account?.email ?? `${account?.id}+${account?.login}@users.noreply.github.com`,
    },
    date: now,
  });
  Object.assign(issue, { state: 'closed', closedAt: now, closedBy: account?.login ?? null, updatedAt: now });
  Object.assign(issue.pull ?? {}, { mergedAt: now, mergedBy: account?.login ?? null, mergeCommitSha: commit.sha });
  return ok({ sha: commit.sha, merged: true, message: 'Pull Request successfully merged' });
}

function requestReviewers(ctx: RouteContext): FakeResponse {
  const target = writablePull(ctx, DOCS.reviewers);
  if (isAnswer(target)) return target;
  const { repo, issue, access } = target;
  if (!roleAtLeast(access, 'triage')) return githubError(403, 'Must have admin rights to Repository.', DOCS.reviewers);
  const reviewers = stringListField(ctx.body, 'reviewers') ?? [];
  if (reviewers.some((login) => login.toLowerCase() === issue.user.toLowerCase())) {
    return validationFailed(
      [{ resource: 'PullRequest', code: 'custom', message: 'Review cannot be requested from pull request author.' }],
      DOCS.reviewers,
    );
  }
  const strangers = reviewers.filter((login) => !ctx.world.account(login) || !roleAtLeast(ctx.world.access(repo, login), 'write'));
  if (strangers.length > 0) {
    const message = `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner}/${repo.name} repository.`;
    return githubError(422, message, DOCS.reviewers);
  }
  const pull = issue.pull;
  for (const login of reviewers) {
    const canonical = ctx.world.account(login)?.login ?? login;
    if (pull && !pull.requestedReviewers.includes(canonical)) pull.requestedReviewers.push(canonical);
  }
  return ok(pullJson(ctx, repo, issue), 201);
}

function createReview(ctx: RouteContext): FakeResponse {
  const target = writablePull(ctx, DOCS.reviews);
  if (isAnswer(target)) return target;
  const { repo, issue, login } = target;
  const pull = issue.pull;
  const head = headOf(repo, issue);
  if (!pull || !head) return notFound(DOCS.reviews);
  const event = stringField(ctx.body, 'event');
  const states: Record<string, PullReview['state']> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };
  if (event !== undefined && !(event in states))
    return validationFailed([{ resource: 'PullRequestReview', field: 'event', code: 'invalid' }], DOCS.reviews);
  const own = issue.user.toLowerCase() === login.toLowerCase();
  if (own && event === 'APPROVE')
    return githubError(422, 'Unprocessable Entity', DOCS.reviews, {
      errors: [{ code: 'custom', message: 'Can not approve your own pull request' }],
    });
  if (own && event === 'REQUEST_CHANGES') {
    return githubError(422, 'Unprocessable Entity', DOCS.reviews, {
      errors: [{ code: 'custom', message: 'Can not request changes on your own pull request' }],
    });
  }
  const body = stringField(ctx.body, 'body') ?? '';
  if ((event === 'COMMENT' || event === 'REQUEST_CHANGES') && body === '' && !Array.isArray(ctx.body.comments)) {
    return githubError(422, 'Unprocessable Entity', DOCS.reviews, { errors: [{ code: 'custom', message: 'Body is required' }] });
  }
  const now = timestamp(ctx);
  const review: PullReview = {
    id: ctx.world.nextId(),
    user: login,
    body,
    state: event === undefined ? 'PENDING' : (states[event] ?? 'COMMENTED'),
    commitId: stringField(ctx.body, 'commit_id') ?? head.sha,
    submittedAt: now,
  };
  pull.reviews.push(review);
  for (const raw of Array.isArray(ctx.body.comments) ? ctx.body.comments : []) {
    const comment = raw as Record<string, unknown>;
    const path = stringField(comment, 'path');
    const text = stringField(comment, 'body');
    if (path === undefined || text === undefined) continue;
    const line = typeof comment.line === 'number' ? comment.line : typeof comment.position === 'number' ? comment.position : 1;
    pull.reviewComments.push({
      id: ctx.world.nextId(),
      reviewId: review.id,
      user: login,
      body: text,
      path,
      line,
      side: comment.side === 'LEFT' ? 'LEFT' : 'RIGHT',
      commitId: review.commitId,
      createdAt: now,
    });
  }
  if (review.state !== 'PENDING')
    pull.requestedReviewers = pull.requestedReviewers.filter((reviewer) => reviewer.toLowerCase() !== login.toLowerCase());
  issue.updatedAt = now;
  return ok(reviewJson(ctx, repo, issue, review));
}

/** GitHub's limits on a pull request's diff: beyond them it answers 406 and points to the files API. */
export const DIFF_LIMITS = { files: 300, lines: 20_000 };

function diffTooLarge(files: number, diff: string): FakeResponse | undefined {
  const errors = [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }];
  const docs = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files';
  if (files > DIFF_LIMITS.files) {
    return githubError(
      406,
      `Sorry, the diff exceeded the maximum number of files (${DIFF_LIMITS.files}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      docs,
      { errors },
    );
  }
  const lines = diff.split('\n').length - (diff.endsWith('\n') ? 1 : 0);
  if (lines > DIFF_LIMITS.lines)
    return githubError(406, `Sorry, the diff exceeded the maximum number of lines (${DIFF_LIMITS.lines})`, docs, { errors });
  return undefined;
}

export const pullRoutes: GitHubRoute[] = [
  { method: 'GET', path: '/repos/:owner/:repo/pulls', handler: listPulls },
  { method: 'POST', path: '/repos/:owner/:repo/pulls', handler: createPull },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:number',
    handler: (ctx) => {
      const found = findPull(ctx, DOCS.get);
      if (isAnswer(found)) return found;
      if (ctx.accept.includes('application/vnd.github.diff') || ctx.accept.includes('application/vnd.github.v3.diff')) {
        const files = contentsOf(found.repo, found.issue)?.files ?? [];
        const diff = renderGitDiff(files);
        return diffTooLarge(files.length, diff) ?? diffAnswer(diff);
      }
      return ok(pullJson(ctx, found.repo, found.issue, detailOf(found.repo, found.issue)));
    },
  },
  { method: 'PATCH', path: '/repos/:owner/:repo/pulls/:number', handler: updatePull },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:number/files',
    handler: (ctx) => {
      const found = findPull(ctx, DOCS.get);
      if (isAnswer(found)) return found;
      const contents = contentsOf(found.repo, found.issue);
      return okPage(ctx, contents?.files ?? [], (file) => fileJson(ctx, found.repo, contents?.head.sha ?? '', file));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:number/commits',
    handler: (ctx) => {
      const found = findPull(ctx, DOCS.get);
      if (isAnswer(found)) return found;
      return okPage(ctx, contentsOf(found.repo, found.issue)?.commits ?? [], (commit) => commitJson(ctx, found.repo, commit));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:number/reviews',
    handler: (ctx) => {
      const found = findPull(ctx, DOCS.reviews);
      if (isAnswer(found)) return found;
      const login = ctx.caller.account?.login.toLowerCase();
      // Pending reviews are visible to their author only.
      const reviews = (found.issue.pull?.reviews ?? []).filter(
        (review) => review.state !== 'PENDING' || review.user.toLowerCase() === login,
      );
      return okPage(ctx, reviews, (review) => reviewJson(ctx, found.repo, found.issue, review));
    },
  },
  { method: 'POST', path: '/repos/:owner/:repo/pulls/:number/reviews', handler: createReview },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/pulls/:number/comments',
    handler: (ctx) => {
      const found = findPull(ctx, DOCS.comments);
      if (isAnswer(found)) return found;
      return okPage(ctx, found.issue.pull?.reviewComments ?? [], (comment) =>
        reviewCommentJson(ctx, found.repo, found.issue, comment, diffHunk(found.repo, found.issue, comment)),
      );
    },
  },
  { method: 'PUT', path: '/repos/:owner/:repo/pulls/:number/merge', handler: mergePullRoute },
  { method: 'POST', path: '/repos/:owner/:repo/pulls/:number/requested_reviewers', handler: requestReviewers },
];
