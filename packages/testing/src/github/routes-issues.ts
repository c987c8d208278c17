import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notFound, notSupplied, validationFailed } from './github-errors.js';
import { accessOf, writeRefusal } from './github-tokens.js';
import type { GitHubIssue, GitHubRepo } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { commentJson, issueJson } from './issue-records.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, numberParam, ok, repoFor, stringField, stringListField } from './route-table.js';

/**
 * Issues (pull requests included, as GitHub lists them) and their comments. Anyone who can read
 * a repository may open issues and comment; labels and assignees from people without triage
 * access are silently dropped; only the author or a collaborator may edit an issue.
 */

const DOCS = {
  list: 'https://docs.github.com/rest/issues/issues#list-repository-issues',
  get: 'https://docs.github.com/rest/issues/issues#get-an-issue',
  create: 'https://docs.github.com/rest/issues/issues#create-an-issue',
  update: 'https://docs.github.com/rest/issues/issues#update-an-issue',
  comments: 'https://docs.github.com/rest/issues/comments#list-issue-comments',
  comment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
};

const STATE_REASONS = new Set(['completed', 'not_planned', 'reopened', 'duplicate']);

function timestamp(ctx: RouteContext): string {
  return ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function issueFilter(ctx: RouteContext): (issue: GitHubIssue) => boolean {
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '')
    .split(',')
    .map((label) => label.trim().toLowerCase())
    .filter((label) => label !== '');
  const assignee = ctx.query.get('assignee');
  const creator = ctx.query.get('creator')?.toLowerCase();
  const mentioned = ctx.query.get('mentioned')?.toLowerCase();
  const since = ctx.query.get('since');
  return (issue) => {
    if (state !== 'all' && issue.state !== state) return false;
    const own = issue.labels.map((label) => label.toLowerCase());
    if (!labels.every((label) => own.includes(label))) return false;
    if (assignee === 'none' && issue.assignees.length > 0) return false;
    if (assignee === '*' && issue.assignees.length === 0) return false;
    if (
      assignee &&
      assignee !== 'none' &&
      assignee !== '*' &&
      !issue.assignees.some((login) => login.toLowerCase() === assignee.toLowerCase())
    ) {
      return false;
    }
    if (creator !== undefined && issue.user.toLowerCase() !== creator) return false;
    if (mentioned !== undefined && !(issue.body ?? '').toLowerCase().includes(`@${mentioned}`)) return false;
    return since === null || Date.parse(issue.updatedAt) >= Date.parse(since);
  };
}

export function sortIssues(issues: GitHubIssue[], sort: string, direction: string): GitHubIssue[] {
  const key = (issue: GitHubIssue): number =>
    sort === 'updated' ? Date.parse(issue.updatedAt) : sort === 'comments' ? issue.comments.length : Date.parse(issue.createdAt);
  const sorted = [...issues].sort((a, b) => key(a) - key(b) || a.number - b.number);
  return direction === 'asc' ? sorted : sorted.reverse();
}

function findIssue(ctx: RouteContext, docs: string): { repo: GitHubRepo; issue: GitHubIssue } | FakeResponse {
  const repo = repoFor(ctx, 'issues', docs);
  if (isAnswer(repo)) return repo;
  const issue = repo.issues.get(numberParam(ctx, 'number') ?? -1);
  return issue ? { repo, issue } : notFound(docs);
}

/** The writer's repository after token checks, and their role in it. */
function writer(ctx: RouteContext, docs: string): { repo: GitHubRepo; login: string; canTriage: boolean } | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, 'issues', docs);
  if (refused) return refused;
  const login = ctx.caller.account?.login ?? '';
  if (repo.archived) return githubError(403, 'Repository was archived so is read-only.', docs);
  return { repo, login, canTriage: roleAtLeast(accessOf(ctx.world, ctx.caller, repo), 'triage') };
}

/** Assignees must be able to work on the repository; anyone else is a validation error. */
function checkAssignees(ctx: RouteContext, repo: GitHubRepo, logins: string[], docs: string): FakeResponse | undefined {
  const owner = ctx.world.account(repo.owner);
  const invalid = logins.find((login) => {
    const account = ctx.world.account(login);
    return !account || !(roleAtLeast(ctx.world.access(repo, login), 'triage') || owner?.members.has(login.toLowerCase()));
  });
  return invalid === undefined
    ? undefined
    : validationFailed([{ value: invalid, resource: 'Issue', field: 'assignees', code: 'invalid' }], docs);
}

function canonicalLogins(ctx: RouteContext, logins: string[]): string[] {
  return logins.map((login) => ctx.world.account(login)?.login ?? login);
}

function createIssue(ctx: RouteContext): FakeResponse {
  const target = writer(ctx, DOCS.create);
  if (isAnswer(target)) return target;
  const { repo, login, canTriage } = target;
  const title = stringField(ctx.body, 'title') ?? (typeof ctx.body.title === 'number' ? String(ctx.body.title) : undefined);
  if (title === undefined || title.trim() === '') return notSupplied('title', DOCS.create);
  const assignees = canTriage ? [...(stringListField(ctx.body, 'assignees') ?? []), ...(stringListField(ctx.body, 'assignee') ?? [])] : [];
  const badAssignee = checkAssignees(ctx, repo, assignees, DOCS.create);
  if (badAssignee) return badAssignee;
  const labels = canTriage ? (stringListField(ctx.body, 'labels') ?? []) : [];
  const now = timestamp(ctx);
  const issue = ctx.world.openIssue(repo, {
    title,
    body: stringField(ctx.body, 'body') ?? null,
    user: login,
    labels: labels.map((name) => ctx.world.ensureLabel(repo, name).name),
    assignees: canonicalLogins(ctx, [...new Set(assignees)]),
    createdAt: now,
  });
  const json = issueJson(ctx, repo, issue, true);
  return ok(json, 201, { location: String(json.url) });
}

function updateIssue(ctx: RouteContext): FakeResponse {
  const target = writer(ctx, DOCS.update);
  if (isAnswer(target)) return target;
  const { repo, login, canTriage } = target;
  const issue = repo.issues.get(numberParam(ctx, 'number') ?? -1);
  if (!issue) return notFound(DOCS.update);
  const isAuthor = issue.user.toLowerCase() === login.toLowerCase();
  if (!canTriage && !isAuthor) return githubError(403, 'Must have admin rights to Repository.', DOCS.update);
  const state = stringField(ctx.body, 'state');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    return validationFailed([{ resource: 'Issue', field: 'state', code: 'invalid', value: state }], DOCS.update);
  }
  const reason = ctx.body.state_reason;
  if (reason !== undefined && reason !== null && !(typeof reason === 'string' && STATE_REASONS.has(reason))) {
    return validationFailed([{ resource: 'Issue', field: 'state_reason', code: 'invalid', value: reason }], DOCS.update);
  }
  const assignees = canTriage ? stringListField(ctx.body, 'assignees') : undefined;
  if (assignees) {
    const badAssignee = checkAssignees(ctx, repo, assignees, DOCS.update);
    if (badAssignee) return badAssignee;
  }
  const now = timestamp(ctx);
  const title = stringField(ctx.body, 'title');
  if (title !== undefined) issue.title = title;
  if ('body' in ctx.body) issue.body = stringField(ctx.body, 'body') ?? null;
  const labels = canTriage ? stringListField(ctx.body, 'labels') : undefined;
  if (labels) issue.labels = labels.map((name) => ctx.world.ensureLabel(repo, name).name);
  if (assignees) issue.assignees = canonicalLogins(ctx, [...new Set(assignees)]);
  if (state === 'closed' && issue.state === 'open') {
    Object.assign(issue, { state, closedAt: now, closedBy: login, stateReason: (reason as GitHubIssue['stateReason']) ?? 'completed' });
  } else if (state === 'open' && issue.state === 'closed') {
    Object.assign(issue, { state, closedAt: null, stateReason: 'reopened' });
  } else if (reason !== undefined && issue.state === 'closed') {
    issue.stateReason = reason as GitHubIssue['stateReason'];
  }
  issue.updatedAt = now;
  return ok(issueJson(ctx, repo, issue, true));
}

function createComment(ctx: RouteContext): FakeResponse {
  const target = writer(ctx, DOCS.comment);
  if (isAnswer(target)) return target;
  const { repo, login } = target;
  const issue = repo.issues.get(numberParam(ctx, 'number') ?? -1);
  if (!issue) return notFound(DOCS.comment);
  const body = stringField(ctx.body, 'body');
  if (body === undefined || body === '') return notSupplied('body', DOCS.comment);
  if (issue.locked && !roleAtLeast(accessOf(ctx.world, ctx.caller, repo), 'write')) {
    return githubError(403, 'Unable to create comment because issue is locked.', DOCS.comment);
  }
  const comment = ctx.world.addComment(issue, login, body, timestamp(ctx));
  const json = commentJson(ctx, repo, issue, comment);
  return ok(json, 201, { location: String(json.url) });
}

export const issueRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/repos/:owner/:repo/issues',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'issues', DOCS.list);
      if (isAnswer(repo)) return repo;
      const issues = sortIssues(
        [...repo.issues.values()].filter(issueFilter(ctx)),
        ctx.query.get('sort') ?? 'created',
        ctx.query.get('direction') ?? 'desc',
      );
      return okPage(ctx, issues, (issue) => issueJson(ctx, repo, issue));
    },
  },
  { method: 'POST', path: '/repos/:owner/:repo/issues', handler: createIssue },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/issues/:number',
    handler: (ctx) => {
      const found = findIssue(ctx, DOCS.get);
      return isAnswer(found) ? found : ok(issueJson(ctx, found.repo, found.issue, true));
    },
  },
  { method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', handler: updateIssue },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/issues/:number/comments',
    handler: (ctx) => {
      const found = findIssue(ctx, DOCS.comments);
      if (isAnswer(found)) return found;
      const since = ctx.query.get('since');
      const comments = found.issue.comments.filter((comment) => since === null || Date.parse(comment.updatedAt) >= Date.parse(since));
      return okPage(ctx, comments, (comment) => commentJson(ctx, found.repo, found.issue, comment));
    },
  },
  { method: 'POST', path: '/repos/:owner/:repo/issues/:number/comments', handler: createComment },
];
