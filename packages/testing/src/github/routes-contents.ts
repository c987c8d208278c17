import type { FakeResponse } from '../fake-upstream.js';
import { contentEntryJson, fileContentJson, gitCommitJson } from './git-records.js';
import type { GitCommit, GitSignature, TreeEntry } from './git-store.js';
import { isBinary, listDirectory } from './git-store.js';
import { githubError, notFound, notSupplied } from './github-errors.js';
import { writeRefusal } from './github-tokens.js';
import type { GitHubRepo } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, ok, repoFor, stringField } from './route-table.js';

/**
 * The contents API: files (base64, wrapped at 60 characters; over 1 MiB without content),
 * directories, symlinks and submodules at any ref, the raw media type, and writes that make real
 * commits on a branch.
 */

const DOCS = {
  get: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  put: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
  delete: 'https://docs.github.com/rest/repos/contents#delete-a-file',
};

const RAW_TYPES = ['application/vnd.github.raw', 'application/vnd.github.v3.raw'];

function cleanPath(raw: string | undefined): string {
  return (raw ?? '').replace(/^\/+|\/+$/g, '');
}

/** Where a symlink points, as a repository path; undefined when it leaves the repository. */
function linkTarget(path: string, target: string): string | undefined {
  const parts = path.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  return parts.join('/');
}

function rawAnswer(entry: Extract<TreeEntry, { kind: 'file' }>): FakeResponse {
  const type = isBinary(entry.content) ? 'application/octet-stream' : 'application/vnd.github.raw; charset=utf-8';
  return { status: 200, headers: { 'content-type': type }, body: entry.content };
}

function getContents(ctx: RouteContext): FakeResponse {
  const repo = repoFor(ctx, 'contents', DOCS.get);
  if (isAnswer(repo)) return repo;
  if (repo.git.branches.size === 0) return githubError(404, 'This repository is empty.', DOCS.get);
  const ref = ctx.query.get('ref') || repo.defaultBranch;
  const commit = repo.git.resolve(ref);
  if (!commit) return githubError(404, `No commit found for the ref ${ref}`, DOCS.get);
  const path = cleanPath(ctx.params.path);
  const raw = RAW_TYPES.some((type) => ctx.accept.includes(type));
  let entry = commit.files.get(path);
  let shownPath = path;
  if (entry?.kind === 'symlink') {
    // A link to a file in the repository answers with that file; any other link describes itself.
    const target = linkTarget(path, entry.target);
    const resolved = target === undefined ? undefined : commit.files.get(target);
    if (target !== undefined && resolved?.kind === 'file') {
      entry = resolved;
      shownPath = target;
    }
  }
  if (entry?.kind === 'file') return raw ? rawAnswer(entry) : ok(fileContentJson(ctx, repo, shownPath, entry, ref));
  if (entry) return ok(contentEntryJson(ctx, repo, path, entry, { ref, inListing: false }));
  if (path !== '' && !commit.dirs.has(path)) return notFound(DOCS.get);
  return ok(listDirectory(commit, path).map((item) => contentEntryJson(ctx, repo, item.path, item.entry, { ref, inListing: true })));
}

interface Signatures {
  author: GitSignature;
  committer: GitSignature;
}

/** Author and committer of a write: the body's, or the caller's own name and email, dated now. */
export function signatures(ctx: RouteContext, docs: string): Signatures | FakeResponse {
  const account = ctx.caller.account;
  const date = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fallback: GitSignature = {
    name: account?.name ?? account?.login ?? 'ghost',
    email: account?.email ?? `${account?.id}+${account?.login}@users.noreply.github.com`,
    date,
  };
  const read = (key: 'author' | 'committer'): GitSignature | FakeResponse | undefined => {
    const value = ctx.body[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null) return githubError(422, `Invalid request.\n\nInvalid value for "${key}".`, docs);
    const record = value as Record<string, unknown>;
    const name = stringField(record, 'name');
    const email = stringField(record, 'email');
    if (!name) return notSupplied(`${key}.name`, docs);
    if (!email) return notSupplied(`${key}.email`, docs);
    return { name, email, date: stringField(record, 'date') ?? date };
  };
  const committer = read('committer');
  const author = read('author');
  if (isAnswer(committer)) return committer;
  if (isAnswer(author)) return author;
  return { committer: committer ?? fallback, author: author ?? committer ?? fallback };
}

/**
 * The repository a push-like write (contents, git objects, refs) goes to, or the refusal: the
 * token's, then 404 for callers without push access (as GitHub hides it from them), then 403 for an
 * archived repository.
 */
export function pushableRepo(ctx: RouteContext, docs: string): GitHubRepo | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  const refused = writeRefusal(ctx.world, ctx.caller, repo, 'contents', docs);
  if (refused) return refused;
  if (!roleAtLeast(ctx.world.access(repo, ctx.caller.account?.login), 'write')) return notFound(docs);
  if (repo.archived) return githubError(403, 'Repository was archived so is read-only.', docs);
  return repo;
}

/** The checks every content write shares; the branch head to write on, or the refusal. */
function writableHead(ctx: RouteContext, docs: string): { repo: GitHubRepo; branch: string; head: GitCommit | undefined } | FakeResponse {
  const repo = pushableRepo(ctx, docs);
  if (isAnswer(repo)) return repo;
  const branch = stringField(ctx.body, 'branch') ?? repo.defaultBranch;
  const head = repo.git.resolveBranch(branch);
  if (!head && (repo.git.branches.size > 0 || branch !== repo.defaultBranch)) return githubError(404, `Branch ${branch} not found`, docs);
  return { repo, branch, head };
}

function putContents(ctx: RouteContext): FakeResponse {
  const target = writableHead(ctx, DOCS.put);
  if (isAnswer(target)) return target;
  const { repo, branch, head } = target;
  const path = cleanPath(ctx.params.path);
  const message = stringField(ctx.body, 'message');
  const content = stringField(ctx.body, 'content');
  if (message === undefined) return notSupplied('message', DOCS.put);
  if (content === undefined) return notSupplied('content', DOCS.put);
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return githubError(422, 'content is not valid Base64', DOCS.put);
  if (path === '' || head?.dirs.has(path)) return githubError(422, 'Invalid request.\n\n"path" cannot be a directory.', DOCS.put);
  const existing = head?.files.get(path);
  const sha = stringField(ctx.body, 'sha');
  if (existing) {
    if (sha === undefined) return notSupplied('sha', DOCS.put);
    if (existing.kind === 'submodule' || sha !== existing.sha) return githubError(409, `${path} does not match ${sha}`, DOCS.put);
  }
  const people = signatures(ctx, DOCS.put);
  if (isAnswer(people)) return people;
  const commit = repo.git.commitOn(branch, { message, ...people, changes: { [path]: Buffer.from(compact, 'base64') } });
  repo.pushedAt = commit.committer.date;
  repo.updatedAt = commit.committer.date;
  const entry = commit.files.get(path);
  if (!entry) throw new Error('write lost its file');
  return ok(
    { content: contentEntryJson(ctx, repo, path, entry, { ref: branch, inListing: false }), commit: gitCommitJson(ctx, repo, commit) },
    existing ? 200 : 201,
  );
}

function deleteContents(ctx: RouteContext): FakeResponse {
  const target = writableHead(ctx, DOCS.delete);
  if (isAnswer(target)) return target;
  const { repo, branch, head } = target;
  const path = cleanPath(ctx.params.path);
  const message = stringField(ctx.body, 'message');
  const sha = stringField(ctx.body, 'sha');
  if (message === undefined) return notSupplied('message', DOCS.delete);
  if (sha === undefined) return notSupplied('sha', DOCS.delete);
  const existing = head?.files.get(path);
  if (!existing) return notFound(DOCS.delete);
  if (existing.kind === 'submodule' || existing.sha !== sha) return githubError(409, `${path} does not match ${sha}`, DOCS.delete);
  const people = signatures(ctx, DOCS.delete);
  if (isAnswer(people)) return people;
  const commit = repo.git.commitOn(branch, { message, ...people, changes: { [path]: null } });
  repo.pushedAt = commit.committer.date;
  return ok({ content: null, commit: gitCommitJson(ctx, repo, commit) });
}

export const contentRoutes: GitHubRoute[] = [
  { method: 'GET', path: '/repos/:owner/:repo/contents/*path', handler: getContents },
  { method: 'PUT', path: '/repos/:owner/:repo/contents/*path', handler: putContents },
  { method: 'DELETE', path: '/repos/:owner/:repo/contents/*path', handler: deleteContents },
];
