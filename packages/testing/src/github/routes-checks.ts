import type { FakeResponse } from '../fake-upstream.js';
import type { CheckRun, CommitStatus } from './checks-world.js';
import { githubError } from './github-errors.js';
import { repoJson, userRef } from './github-records.js';
import type { GitHubRepo } from './github-world.js';
import { paginate } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, ok, repoFor } from './route-table.js';

const DOCS = {
  combined: 'https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference',
  checkRuns: 'https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference',
};

/** The commit a ref names, or GitHub's 422 for one it cannot resolve. */
function commitFor(ctx: RouteContext, repo: GitHubRepo, docs: string): string | FakeResponse {
  const ref = ctx.params.ref ?? '';
  const commit = repo.git.resolve(ref);
  return commit ? commit.sha : githubError(422, `No commit found for SHA: ${ref}`, docs);
}

function statusJson(ctx: RouteContext, status: CommitStatus): Record<string, unknown> {
  return {
    url: `${ctx.links.api}/repos/statuses/${status.id}`,
    avatar_url: null,
    id: status.id,
    node_id: `SC_${status.id}`,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: userRef(ctx, status.creator),
  };
}

/** GitHub's rule: failure if any latest status failed or errored, pending if any is pending or none exist. */
function combinedState(latest: CommitStatus[]): string {
  if (latest.some((status) => status.state === 'failure' || status.state === 'error')) return 'failure';
  if (latest.length === 0 || latest.some((status) => status.state === 'pending')) return 'pending';
  return 'success';
}

function combinedStatus(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'statuses', DOCS.combined);
  if (isAnswer(repo)) return repo;
  const sha = commitFor(ctx, repo, DOCS.combined);
  if (typeof sha !== 'string') return sha;
  const seen = new Set<string>();
  const latest = ctx.world.checks.statusesOf(repo.id, sha).filter((status) => {
    if (seen.has(status.context)) return false;
    seen.add(status.context);
    return true;
  });
  const page = paginate(ctx, latest);
  return ok(
    {
      state: combinedState(latest),
      statuses: page.items.map((status) => statusJson(ctx, status)),
      sha,
      total_count: latest.length,
      repository: repoJson(ctx, repo, 'minimal'),
      commit_url: `${ctx.links.api}/repos/${repo.owner}/${repo.name}/commits/${sha}`,
      url: `${ctx.links.api}/repos/${repo.owner}/${repo.name}/commits/${sha}/status`,
    },
    200,
    page.headers,
  );
}

function checkRunJson(ctx: RouteContext, repo: GitHubRepo, run: CheckRun): Record<string, unknown> {
  const api = `${ctx.links.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: `CR_${run.id}`,
    external_id: String(run.id),
    url: `${api}/check-runs/${run.id}`,
    html_url: `${ctx.links.web}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: `${ctx.links.web}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title,
      summary: run.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: { id: run.app.id, slug: run.app.slug, node_id: `A_${run.app.id}`, name: run.app.name },
    pull_requests: [],
  };
}

function listCheckRuns(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'checks', DOCS.checkRuns);
  if (isAnswer(repo)) return repo;
  const sha = commitFor(ctx, repo, DOCS.checkRuns);
  if (typeof sha !== 'string') return sha;
  const status = ctx.query.get('status');
  const name = ctx.query.get('check_name');
  const runs = ctx.world.checks
    .checkRunsOf(repo.id, sha)
    .filter((run) => (status === null || run.status === status) && (name === null || run.name === name));
  const page = paginate(ctx, runs);
  return ok({ total_count: runs.length, check_runs: page.items.map((run) => checkRunJson(ctx, repo, run)) }, 200, page.headers);
}

/**
 * The REST routes for commit statuses and check runs. Registered before the git routes, whose
 * `commits/*ref` would otherwise take `commits/{ref}/status` for a ref.
 */
export const checksRoutes: GitHubRoute[] = [
  { method: 'GET', path: '/repos/:owner/:repo/commits/:ref/status', handler: combinedStatus },
  { method: 'GET', path: '/repos/:owner/:repo/commits/:ref/check-runs', handler: listCheckRuns },
];
