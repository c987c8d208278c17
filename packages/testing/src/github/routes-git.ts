import type { FakeResponse } from '../fake-upstream.js';
import { branchJson, commitJson, refJson, releaseJson, shortBranchJson, tagJson } from './git-records.js';
import type { GitCommit } from './git-store.js';
import { renderGitDiff } from './git-store.js';
import { githubError, notFound, notSupplied } from './github-errors.js';
import { accessOf, writeRefusal } from './github-tokens.js';
import type { GitHubRelease, GitHubRepo } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, numberParam, ok, repoFor, stringField } from './route-table.js';

/** Branches, refs, commits (with files and patches, or as a diff), tags and releases. */

const DOCS = {
  branches: 'https://docs.github.com/rest/branches/branches#list-branches',
  branch: 'https://docs.github.com/rest/branches/branches#get-a-branch',
  ref: 'https://docs.github.com/rest/git/refs#get-a-reference',
  createRef: 'https://docs.github.com/rest/git/refs#create-a-reference',
  commits: 'https://docs.github.com/rest/commits/commits#list-commits',
  commit: 'https://docs.github.com/rest/commits/commits#get-a-commit',
  tags: 'https://docs.github.com/rest/repos/repos#list-repository-tags',
  releases: 'https://docs.github.com/rest/releases/releases#list-releases',
  latest: 'https://docs.github.com/rest/releases/releases#get-the-latest-release',
  byTag: 'https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name',
  release: 'https://docs.github.com/rest/releases/releases#get-a-release',
};

const DIFF_TYPE = 'application/vnd.github.diff';

/** The `.diff` media type's answer: plain diff text. */
export function diffAnswer(text: string): FakeResponse {
  return { status: 200, headers: { 'content-type': `${DIFF_TYPE}; charset=utf-8` }, body: text };
}

function emptyRepository(repo: GitHubRepo, docs: string): FakeResponse | undefined {
  return repo.git.branches.size === 0 ? githubError(409, 'Git Repository is empty.', docs) : undefined;
}

/** Whether a commit touched `path` (a file, or anything under a directory) relative to its first parent. */
function touches(repo: GitHubRepo, commit: GitCommit, path: string): boolean {
  const parent = commit.parents[0] === undefined ? undefined : repo.git.commits.get(commit.parents[0]);
  const prefix = `${path.replace(/\/+$/, '')}/`;
  return repo.git.diff(parent, commit).some((change) => change.path === path || change.path.startsWith(prefix));
}

function byPerson(ctx: RouteContext, wanted: string | null, email: (commit: GitCommit) => string) {
  if (wanted === null) return () => true;
  const lower = wanted.toLowerCase();
  const account = ctx.world.account(wanted);
  return (commit: GitCommit) => {
    const address = email(commit).toLowerCase();
    return address === lower || (account !== undefined && ctx.world.accountByEmail(address)?.login === account.login);
  };
}

function listCommits(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.commits);
  if (isAnswer(repo)) return repo;
  const empty = emptyRepository(repo, DOCS.commits);
  if (empty) return empty;
  const start = repo.git.resolve(ctx.query.get('sha') || repo.defaultBranch);
  if (!start) return notFound(DOCS.commits);
  const path = ctx.query.get('path');
  const since = ctx.query.get('since');
  const until = ctx.query.get('until');
  const author = byPerson(ctx, ctx.query.get('author'), (commit) => commit.author.email);
  const committer = byPerson(ctx, ctx.query.get('committer'), (commit) => commit.committer.email);
  const commits = repo.git
    .history(start.sha)
    .filter((commit) => author(commit) && committer(commit))
    .filter((commit) => since === null || Date.parse(commit.committer.date) >= Date.parse(since))
    .filter((commit) => until === null || Date.parse(commit.committer.date) <= Date.parse(until))
    .filter((commit) => path === null || path === '' || touches(repo, commit, path));
  return okPage(ctx, commits, (commit) => commitJson(ctx, repo, commit));
}

function getCommit(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.commit);
  if (isAnswer(repo)) return repo;
  const empty = emptyRepository(repo, DOCS.commit);
  if (empty) return empty;
  const ref = ctx.params.ref ?? '';
  const commit = repo.git.resolve(ref);
  if (!commit) return githubError(422, `No commit found for SHA: ${ref}`, DOCS.commit);
  const parent = commit.parents[0] === undefined ? undefined : repo.git.commits.get(commit.parents[0]);
  const changes = repo.git.diff(parent, commit);
  if (ctx.accept.includes(DIFF_TYPE)) return diffAnswer(renderGitDiff(changes));
  return ok(commitJson(ctx, repo, commit, changes));
}

function createRef(ctx: RouteContext): FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(DOCS.createRef);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, 'contents', DOCS.createRef);
  if (refused) return refused;
  if (!roleAtLeast(accessOf(ctx.world, ctx.caller, repo), 'write')) return notFound(DOCS.createRef);
  const ref = stringField(ctx.body, 'ref');
  const sha = stringField(ctx.body, 'sha');
  if (ref === undefined) return notSupplied('ref', DOCS.createRef);
  if (sha === undefined) return notSupplied('sha', DOCS.createRef);
  const match = /^refs\/(heads|tags)\/(.+)$/.exec(ref);
  if (!ref.startsWith('refs/') || ref.split('/').length < 3 || !match) {
    return githubError(422, "Reference name must start with 'refs/' and have at least two slashes.", DOCS.createRef);
  }
  if (!repo.git.commits.has(sha)) return githubError(422, 'Object does not exist', DOCS.createRef);
  const [, kind, name = ''] = match;
  const refs = kind === 'heads' ? repo.git.branches : repo.git.tags;
  if (refs.has(name)) return githubError(422, 'Reference already exists', DOCS.createRef);
  refs.set(name, sha);
  const json = refJson(ctx, repo, ref, sha);
  return ok(json, 201, { location: String(json.url) });
}

function getRef(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.ref);
  if (isAnswer(repo)) return repo;
  const empty = emptyRepository(repo, DOCS.ref);
  if (empty) return empty;
  const ref = ctx.params.ref ?? '';
  const match = /^(heads|tags)\/(.+)$/.exec(ref);
  const sha = match ? (match[1] === 'heads' ? repo.git.branches : repo.git.tags).get(match[2] ?? '') : undefined;
  return sha === undefined ? notFound(DOCS.ref) : ok(refJson(ctx, repo, `refs/${ref}`, sha));
}

function visibleReleases(ctx: RouteContext, repo: GitHubRepo): GitHubRelease[] {
  // Drafts exist only for people who can push.
  const canPush = roleAtLeast(accessOf(ctx.world, ctx.caller, repo), 'write');
  return repo.releases.filter((release) => canPush || !release.draft).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function releaseRoute(
  path: string,
  docs: string,
  pick: (ctx: RouteContext, releases: GitHubRelease[]) => GitHubRelease | undefined,
): GitHubRoute {
  return {
    method: 'GET',
    path,
    handler: (ctx) => {
      const repo = repoFor(ctx, 'contents', docs);
      if (isAnswer(repo)) return repo;
      const release = pick(ctx, visibleReleases(ctx, repo));
      return release ? ok(releaseJson(ctx, repo, release)) : notFound(docs);
    },
  };
}

export const gitRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/repos/:owner/:repo/branches',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'contents', DOCS.branches);
      if (isAnswer(repo)) return repo;
      const onlyProtected = ctx.query.get('protected') === 'true';
      const branches = onlyProtected ? [] : [...repo.git.branches].sort(([a], [b]) => a.localeCompare(b));
      return okPage(ctx, branches, ([name, sha]) => shortBranchJson(ctx, repo, name, sha));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/branches/*branch',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'contents', DOCS.branch);
      if (isAnswer(repo)) return repo;
      const name = ctx.params.branch ?? '';
      const commit = repo.git.resolveBranch(name);
      return commit ? ok(branchJson(ctx, repo, name, commit)) : githubError(404, 'Branch not found', DOCS.branch);
    },
  },
  { method: 'GET', path: '/repos/:owner/:repo/git/ref/*ref', handler: getRef },
  { method: 'GET', path: '/repos/:owner/:repo/git/refs/*ref', handler: getRef },
  { method: 'POST', path: '/repos/:owner/:repo/git/refs', handler: createRef },
  { method: 'GET', path: '/repos/:owner/:repo/commits', handler: listCommits },
  { method: 'GET', path: '/repos/:owner/:repo/commits/*ref', handler: getCommit },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/tags',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'contents', DOCS.tags);
      if (isAnswer(repo)) return repo;
      const tags = [...repo.git.tags].sort(([a], [b]) => b.localeCompare(a, 'en', { numeric: true }));
      return okPage(ctx, tags, ([name, sha]) => tagJson(ctx, repo, name, sha));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/releases',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'contents', DOCS.releases);
      if (isAnswer(repo)) return repo;
      return okPage(ctx, visibleReleases(ctx, repo), (release) => releaseJson(ctx, repo, release));
    },
  },
  releaseRoute('/repos/:owner/:repo/releases/latest', DOCS.latest, (_ctx, releases) =>
    releases.find((release) => !release.draft && !release.prerelease),
  ),
  releaseRoute('/repos/:owner/:repo/releases/tags/*tag', DOCS.byTag, (ctx, releases) =>
    releases.find((release) => release.tagName === ctx.params.tag && !release.draft),
  ),
  releaseRoute('/repos/:owner/:repo/releases/:id', DOCS.release, (ctx, releases) =>
    releases.find((release) => release.id === numberParam(ctx, 'id')),
  ),
];
