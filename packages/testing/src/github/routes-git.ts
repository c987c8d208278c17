import type { FakeResponse } from '../fake-upstream.js';
import {
  blobJson,
  branchJson,
  commitJson,
  gitCommitJson,
  refJson,
  releaseJson,
  shortBranchJson,
  tagJson,
  treeJson,
} from './git-records.js';
import type { GitCommit, TreeEntry } from './git-store.js';
import { blobSha, renderGitDiff } from './git-store.js';
import { githubError, notFound, notSupplied } from './github-errors.js';
import { accessOf } from './github-tokens.js';
import type { GitHubRelease, GitHubRepo } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { invalidField, isAnswer, numberParam, ok, repoFor, stringField } from './route-table.js';
import { pushableRepo, signatures } from './routes-contents.js';

/**
 * Branches, refs (created, moved fast-forward or by force), commits (with files and patches, or as
 * a diff), the git data API's blobs, trees and commits, tags and releases.
 */

const DOCS = {
  branches: 'https://docs.github.com/rest/branches/branches#list-branches',
  branch: 'https://docs.github.com/rest/branches/branches#get-a-branch',
  ref: 'https://docs.github.com/rest/git/refs#get-a-reference',
  createRef: 'https://docs.github.com/rest/git/refs#create-a-reference',
  updateRef: 'https://docs.github.com/rest/git/refs#update-a-reference',
  blob: 'https://docs.github.com/rest/git/blobs#get-a-blob',
  createBlob: 'https://docs.github.com/rest/git/blobs#create-a-blob',
  tree: 'https://docs.github.com/rest/git/trees#get-a-tree',
  createTree: 'https://docs.github.com/rest/git/trees#create-a-tree',
  gitCommit: 'https://docs.github.com/rest/git/commits#get-a-commit-object',
  createCommit: 'https://docs.github.com/rest/git/commits#create-a-commit',
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
  const repo = pushableRepo(ctx, DOCS.createRef);
  if (isAnswer(repo)) return repo;
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

/** `heads/x` or `tags/x` to the map holding it and the name inside; undefined for any other ref. */
function refSlot(repo: GitHubRepo, ref: string): { refs: Map<string, string>; name: string } | undefined {
  const match = /^(?:refs\/)?(heads|tags)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  return { refs: match[1] === 'heads' ? repo.git.branches : repo.git.tags, name: match[2] ?? '' };
}

/** `PATCH git/refs/{ref}`: moves a branch or tag, fast-forward only unless `force`. */
function updateRef(ctx: RouteContext): FakeResponse {
  const repo = pushableRepo(ctx, DOCS.updateRef);
  if (isAnswer(repo)) return repo;
  const sha = stringField(ctx.body, 'sha');
  if (sha === undefined) return notSupplied('sha', DOCS.updateRef);
  const force = ctx.body.force;
  if (force !== undefined && typeof force !== 'boolean') return invalidField('force', DOCS.updateRef);
  const slot = refSlot(repo, ctx.params.ref ?? '');
  const current = slot?.refs.get(slot.name);
  if (!slot || current === undefined) return githubError(422, 'Reference does not exist', DOCS.updateRef);
  if (!repo.git.commits.has(sha)) return githubError(422, 'Object does not exist', DOCS.updateRef);
  if (force !== true && !repo.git.contains(sha, current)) return githubError(422, 'Update is not a fast forward', DOCS.updateRef);
  slot.refs.set(slot.name, sha);
  const isBranch = slot.refs === repo.git.branches;
  if (isBranch) repo.pushedAt = repo.updatedAt = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return ok(refJson(ctx, repo, `refs/${isBranch ? 'heads' : 'tags'}/${slot.name}`, sha));
}

function createBlob(ctx: RouteContext): FakeResponse {
  const repo = pushableRepo(ctx, DOCS.createBlob);
  if (isAnswer(repo)) return repo;
  const empty = emptyRepository(repo, DOCS.createBlob);
  if (empty) return empty;
  const content = stringField(ctx.body, 'content');
  if (content === undefined) return notSupplied('content', DOCS.createBlob);
  const encoding = stringField(ctx.body, 'encoding') ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') {
    return githubError(422, `encoding must be either "utf-8" or "base64", got "${encoding}"`, DOCS.createBlob);
  }
  const bytes = encoding === 'base64' ? Buffer.from(content.replace(/\s+/g, ''), 'base64') : Buffer.from(content, 'utf8');
  const sha = repo.git.storeBlob(bytes);
  const url = `${ctx.links.api}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`;
  return ok({ url, sha }, 201, { location: url });
}

const TREE_MODES: Record<string, 'blob' | 'tree' | 'commit'> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

/** What git itself refuses in a path: empty, `.` or `..` components, a leading or doubled slash, `.git`. */
function malformedPath(path: string): boolean {
  return path.split('/').some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');
}

/** Removes `path` and everything below it. */
function removePath(files: Map<string, TreeEntry>, path: string): void {
  files.delete(path);
  for (const key of [...files.keys()]) if (key.startsWith(`${path}/`)) files.delete(key);
}

/** Removes any file standing where a directory of `path` must go. */
function clearParents(files: Map<string, TreeEntry>, path: string): void {
  const parts = path.split('/');
  for (let end = 1; end < parts.length; end += 1) files.delete(parts.slice(0, end).join('/'));
}

/**
 * `POST git/trees`: `base_tree` (optional) with `tree` entries applied in order — content becomes
 * a blob, a sha names a blob, tree or submodule commit, and a null sha deletes the path.
 */
function createTree(ctx: RouteContext): FakeResponse {
  const repo = pushableRepo(ctx, DOCS.createTree);
  if (isAnswer(repo)) return repo;
  const empty = emptyRepository(repo, DOCS.createTree);
  if (empty) return empty;
  const entries = ctx.body.tree;
  if (entries === undefined) return notSupplied('tree', DOCS.createTree);
  if (!Array.isArray(entries)) return invalidField('tree', DOCS.createTree);
  const baseSha = stringField(ctx.body, 'base_tree');
  const base = baseSha === undefined ? undefined : repo.git.tree(baseSha);
  if (baseSha !== undefined && !base) return githubError(422, 'GitRPC::BadObjectState', DOCS.createTree);
  const files = new Map(base?.files ?? []);
  for (const raw of entries) {
    if (typeof raw !== 'object' || raw === null) return invalidField('tree', DOCS.createTree);
    const entry = raw as Record<string, unknown>;
    const path = stringField(entry, 'path');
    const mode = stringField(entry, 'mode');
    const type = stringField(entry, 'type');
    const content = stringField(entry, 'content');
    if (path === undefined) return notSupplied('tree.path', DOCS.createTree);
    if (malformedPath(path)) return githubError(422, 'tree.path contains a malformed path component', DOCS.createTree);
    if (mode === undefined || TREE_MODES[mode] === undefined) return invalidField('tree.mode', DOCS.createTree);
    if (type !== undefined && type !== TREE_MODES[mode]) return invalidField('tree.type', DOCS.createTree);
    const kind = TREE_MODES[mode];
    if (entry.sha === null) {
      removePath(files, path);
      continue;
    }
    const sha = stringField(entry, 'sha');
    if ((sha === undefined) === (content === undefined)) {
      return githubError(422, 'Must supply either tree.sha or tree.content, not both.', DOCS.createTree);
    }
    removePath(files, path);
    clearParents(files, path);
    if (kind === 'tree') {
      const subtree = sha === undefined ? undefined : repo.git.tree(sha);
      if (!subtree) return githubError(422, `tree.sha ${sha ?? ''} is not a valid tree`, DOCS.createTree);
      for (const [inner, item] of subtree.files) files.set(`${path}/${inner}`, item);
    } else if (kind === 'commit') {
      if (sha === undefined || !/^[0-9a-f]{40}$/.test(sha))
        return githubError(422, `tree.sha ${sha ?? ''} is not a valid commit`, DOCS.createTree);
      files.set(path, { kind: 'submodule', url: '', commit: sha });
    } else {
      const bytes = content !== undefined ? Buffer.from(content, 'utf8') : repo.git.blob(sha ?? '');
      if (!bytes) return githubError(422, `tree.sha ${sha ?? ''} is not a valid blob`, DOCS.createTree);
      if (content !== undefined) repo.git.storeBlob(bytes);
      const blob = blobSha(bytes);
      files.set(
        path,
        mode === '120000'
          ? { kind: 'symlink', target: bytes.toString('utf8'), sha: blob }
          : { kind: 'file', content: bytes, sha: blob, ...(mode === '100755' ? { executable: true } : {}) },
      );
    }
  }
  const tree = repo.git.storeTree(files);
  const json = treeJson(ctx, repo, tree, false);
  return ok(json, 201, { location: String(json.url) });
}

function getTree(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.tree);
  if (isAnswer(repo)) return repo;
  const wanted = ctx.params.sha ?? '';
  // A branch, tag or commit names its root tree too.
  const tree = repo.git.tree(wanted) ?? repo.git.tree(repo.git.resolve(wanted)?.tree ?? '');
  if (!tree) return notFound(DOCS.tree);
  const recursive = ctx.query.get('recursive');
  return ok(treeJson(ctx, repo, tree, recursive !== null && recursive !== '' && recursive !== '0' && recursive !== 'false'));
}

function getBlob(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.blob);
  if (isAnswer(repo)) return repo;
  const sha = ctx.params.sha ?? '';
  const content = repo.git.blob(sha);
  return content ? ok(blobJson(ctx, repo, sha, content)) : notFound(DOCS.blob);
}

/** `POST git/commits`: a commit of a stored tree with the given parents; no branch moves. */
function createGitCommit(ctx: RouteContext): FakeResponse {
  const repo = pushableRepo(ctx, DOCS.createCommit);
  if (isAnswer(repo)) return repo;
  const message = stringField(ctx.body, 'message');
  const tree = stringField(ctx.body, 'tree');
  if (message === undefined) return notSupplied('message', DOCS.createCommit);
  if (tree === undefined) return notSupplied('tree', DOCS.createCommit);
  const parents = ctx.body.parents ?? [];
  if (!Array.isArray(parents) || parents.some((parent) => typeof parent !== 'string')) return invalidField('parents', DOCS.createCommit);
  if (!repo.git.tree(tree)) return githubError(422, 'Tree SHA does not exist', DOCS.createCommit);
  if (parents.some((parent) => !repo.git.commits.has(parent))) {
    return githubError(422, 'Parent SHA does not exist or is not a commit object', DOCS.createCommit);
  }
  const people = signatures(ctx, DOCS.createCommit);
  if (isAnswer(people)) return people;
  const commit = repo.git.commitTree({ message, ...people, parents: parents as string[], tree });
  const json = gitCommitJson(ctx, repo, commit);
  return ok(json, 201, { location: String(json.url) });
}

function getGitCommit(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.gitCommit);
  if (isAnswer(repo)) return repo;
  const commit = repo.git.commits.get(ctx.params.sha ?? '');
  return commit ? ok(gitCommitJson(ctx, repo, commit)) : notFound(DOCS.gitCommit);
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
  { method: 'PATCH', path: '/repos/:owner/:repo/git/refs/*ref', handler: updateRef },
  { method: 'POST', path: '/repos/:owner/:repo/git/blobs', handler: createBlob },
  { method: 'GET', path: '/repos/:owner/:repo/git/blobs/:sha', handler: getBlob },
  { method: 'POST', path: '/repos/:owner/:repo/git/trees', handler: createTree },
  { method: 'GET', path: '/repos/:owner/:repo/git/trees/*sha', handler: getTree },
  { method: 'POST', path: '/repos/:owner/:repo/git/commits', handler: createGitCommit },
  { method: 'GET', path: '/repos/:owner/:repo/git/commits/:sha', handler: getGitCommit },
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
