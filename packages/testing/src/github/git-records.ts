import { createHash } from 'node:crypto';
import type { FileChange, GitCommit, GitTree, TreeEntry } from './git-store.js';
import { entrySha, entrySize } from './git-store.js';
import type { RecordContext } from './github-records.js';
import { nodeId, simpleUser, userRef } from './github-records.js';
import type { GitHubRelease, GitHubRepo } from './github-world.js';
import { fullName } from './github-world.js';

/** JSON shapes for commits, branches, refs, tags, releases, repository contents and git objects. */

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function repoApi(ctx: RecordContext, repo: GitHubRepo): string {
  return `${ctx.links.api}/repos/${fullName(repo)}`;
}

function repoWeb(ctx: RecordContext, repo: GitHubRepo): string {
  return `${ctx.links.web}/${fullName(repo)}`;
}

/** Paths go into URLs segment by segment, slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function commitJson(ctx: RecordContext, repo: GitHubRepo, commit: GitCommit, changes?: FileChange[]): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const web = repoWeb(ctx, repo);
  const linked = (email: string) => {
    const account = ctx.world.accountByEmail(email);
    return account ? simpleUser(account, ctx.links) : null;
  };
  const json: Record<string, unknown> = {
    sha: commit.sha,
    node_id: nodeId('Commit', `${repo.id}:${commit.sha}`),
    commit: {
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: UNSIGNED,
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: linked(commit.author.email),
    committer: commit.committer.email === 'noreply@github.com' ? userRef(ctx, 'web-flow') : linked(commit.committer.email),
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
  };
  if (changes) {
    const files = changes.map((change) => fileJson(ctx, repo, commit.sha, change));
    const additions = files.reduce((sum, file) => sum + (file.additions as number), 0);
    const deletions = files.reduce((sum, file) => sum + (file.deletions as number), 0);
    json.stats = { total: additions + deletions, additions, deletions };
    json.files = files;
  }
  return json;
}

/** One entry of a commit's or pull request's `files[]`. */
export function fileJson(ctx: RecordContext, repo: GitHubRepo, ref: string, change: FileChange): Record<string, unknown> {
  const web = repoWeb(ctx, repo);
  const entry = change.after ?? change.before;
  const additions = change.patch?.additions ?? 0;
  const deletions = change.patch?.deletions ?? 0;
  const path = encodePath(change.path);
  return {
    sha: entry ? entrySha(entry) : null,
    filename: change.path,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${web}/blob/${ref}/${path}`,
    raw_url: `${web}/raw/${ref}/${path}`,
    contents_url: `${repoApi(ctx, repo)}/contents/${path}?ref=${ref}`,
    ...(change.patch ? { patch: change.patch.patch } : {}),
  };
}

export function shortBranchJson(ctx: RecordContext, repo: GitHubRepo, name: string, sha: string): Record<string, unknown> {
  return { name, commit: { sha, url: `${repoApi(ctx, repo)}/commits/${sha}` }, protected: false };
}

export function branchJson(ctx: RecordContext, repo: GitHubRepo, name: string, commit: GitCommit): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    name,
    commit: commitJson(ctx, repo, commit),
    _links: { self: `${api}/branches/${encodePath(name)}`, html: `${repoWeb(ctx, repo)}/tree/${encodePath(name)}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${encodePath(name)}/protection`,
  };
}

export function refJson(ctx: RecordContext, repo: GitHubRepo, ref: string, sha: string): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    ref,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${api}/git/${encodePath(ref)}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

export function tagJson(ctx: RecordContext, repo: GitHubRepo, name: string, sha: string): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    name,
    zipball_url: `${api}/zipball/refs/tags/${encodePath(name)}`,
    tarball_url: `${api}/tarball/refs/tags/${encodePath(name)}`,
    commit: { sha, url: `${api}/commits/${sha}` },
    node_id: nodeId('Ref', `${repo.id}:refs/tags/${name}`),
  };
}

export function releaseJson(ctx: RecordContext, repo: GitHubRepo, release: GitHubRelease): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const web = repoWeb(ctx, repo);
  const tag = encodePath(release.tagName);
  return {
    url: `${api}/releases/${release.id}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `https://uploads.github.com/repos/${fullName(repo)}/releases/${release.id}/assets{?name,label}`,
    html_url: release.draft ? `${web}/releases/tag/untagged-${release.id}` : `${web}/releases/tag/${tag}`,
    id: release.id,
    author: userRef(ctx, release.author),
    node_id: nodeId('Release', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    draft: release.draft,
    immutable: false,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    updated_at: release.publishedAt ?? release.createdAt,
    published_at: release.publishedAt,
    assets: release.assets.map((asset) => ({
      url: `${api}/releases/assets/${asset.id}`,
      id: asset.id,
      node_id: nodeId('ReleaseAsset', asset.id),
      name: asset.name,
      label: asset.label,
      uploader: userRef(ctx, asset.uploader),
      content_type: asset.contentType,
      state: 'uploaded',
      size: asset.size,
      digest: `sha256:${createHash('sha256').update(`${release.id}/${asset.name}`).digest('hex')}`,
      download_count: asset.downloadCount,
      created_at: asset.createdAt,
      updated_at: asset.createdAt,
      browser_download_url: `${web}/releases/download/${tag}/${encodeURIComponent(asset.name)}`,
    })),
    tarball_url: `${api}/tarball/${tag}`,
    zipball_url: `${api}/zipball/${tag}`,
    body: release.body,
  };
}

export type ListedEntry = TreeEntry | { kind: 'dir'; sha: string };

export interface ContentOptions {
  /** The ref as the caller named it (URLs repeat it). */
  ref: string;
  /** In directory listings submodules are reported as `file`, for backwards compatibility. */
  inListing: boolean;
}

/** One item of the contents API, without `content` (see `fileContentJson`). */
export function contentEntryJson(
  ctx: RecordContext & { rawToken(): string },
  repo: GitHubRepo,
  path: string,
  entry: ListedEntry,
  options: ContentOptions,
): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const web = repoWeb(ctx, repo);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ref = encodeURIComponent(options.ref);
  const encoded = encodePath(path);
  const self = `${api}/contents/${encoded}?ref=${ref}`;
  const sha = entry.kind === 'submodule' ? entry.commit : entry.sha;
  let html: string | null = `${web}/blob/${ref}/${encoded}`;
  let git: string | null = `${api}/git/blobs/${sha}`;
  let download: string | null = `${ctx.links.raw}/${fullName(repo)}/${ref}/${encoded}${repo.private ? `?token=${ctx.rawToken()}` : ''}`;
  let type: string = entry.kind;
  if (entry.kind === 'dir') {
    html = `${web}/tree/${ref}/${encoded}`;
    git = `${api}/git/trees/${sha}`;
    download = null;
  } else if (entry.kind === 'submodule') {
    const target = /github\.com[/:]([^/]+\/[^/.]+)/.exec(entry.url)?.[1];
    html = target ? `${ctx.links.web}/${target}/tree/${sha}` : null;
    git = target ? `${ctx.links.api}/repos/${target}/git/trees/${sha}` : null;
    download = null;
    if (options.inListing) type = 'file';
  }
  return {
    type,
    ...(entry.kind === 'symlink' && !options.inListing ? { target: entry.target } : {}),
    ...(entry.kind === 'submodule' && !options.inListing ? { submodule_git_url: entry.url } : {}),
    size: entry.kind === 'dir' ? 0 : entrySize(entry),
    name,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: download,
    _links: { self, git, html },
  };
}

/** Base64 the way GitHub sends it: a line break every 60 characters and one at the end. */
export function wrappedBase64(content: Buffer): string {
  const flat = content.toString('base64');
  const lines: string[] = [];
  for (let offset = 0; offset < flat.length; offset += 60) lines.push(flat.slice(offset, offset + 60));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Files over 1 MiB come back without their content (`encoding: "none"`), as GitHub sends them. */
export const INLINE_CONTENT_LIMIT = 1024 * 1024;

export function fileContentJson(
  ctx: RecordContext & { rawToken(): string },
  repo: GitHubRepo,
  path: string,
  entry: Extract<TreeEntry, { kind: 'file' }>,
  ref: string,
): Record<string, unknown> {
  const { type, ...rest } = contentEntryJson(ctx, repo, path, entry, { ref, inListing: false });
  const inline = entry.content.length <= INLINE_CONTENT_LIMIT;
  return {
    type,
    encoding: inline ? 'base64' : 'none',
    size: rest.size,
    name: rest.name,
    path: rest.path,
    content: inline ? wrappedBase64(entry.content) : '',
    sha: rest.sha,
    url: rest.url,
    git_url: rest.git_url,
    html_url: rest.html_url,
    download_url: rest.download_url,
    _links: rest._links,
  };
}

/** A commit as the git data API writes it (`GET/POST git/commits`, and inside contents writes). */
export function gitCommitJson(ctx: RecordContext, repo: GitHubRepo, commit: GitCommit): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const web = repoWeb(ctx, repo);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', `${repo.id}:${commit.sha}`),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({ url: `${api}/git/commits/${sha}`, html_url: `${web}/commit/${sha}`, sha })),
    verification: UNSIGNED,
  };
}

export function blobJson(ctx: RecordContext, repo: GitHubRepo, sha: string, content: Buffer): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId('Blob', `${repo.id}:${sha}`),
    size: content.length,
    url: `${repoApi(ctx, repo)}/git/blobs/${sha}`,
    content: wrappedBase64(content),
    encoding: 'base64',
  };
}

function modeOf(entry: TreeEntry): string {
  if (entry.kind === 'symlink') return '120000';
  if (entry.kind === 'submodule') return '160000';
  return entry.executable ? '100755' : '100644';
}

/**
 * `GET/POST git/trees`: the entries directly in the tree, or with `recursive` every file and
 * directory below it, each directory listed before what it holds, in git's order.
 */
export function treeJson(ctx: RecordContext, repo: GitHubRepo, tree: GitTree, recursive: boolean): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const rows: Record<string, unknown>[] = [];
  const list = (dir: string) => {
    const prefix = dir === '' ? '' : `${dir}/`;
    const children = new Map<string, { path: string; entry: TreeEntry | undefined }>();
    for (const [path, entry] of tree.files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) children.set(rest, { path, entry });
      else children.set(`${rest.slice(0, slash)}/`, { path: `${prefix}${rest.slice(0, slash)}`, entry: undefined });
    }
    // A directory sorts as `name/`, as git orders tree entries.
    const ordered = [...children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, child]) => child);
    for (const { path, entry } of ordered) {
      if (entry === undefined) {
        const sha = tree.dirs.get(path) ?? '';
        rows.push({ path, mode: '040000', type: 'tree', sha, url: `${api}/git/trees/${sha}` });
        if (recursive) list(path);
      } else if (entry.kind === 'submodule') {
        rows.push({ path, mode: '160000', type: 'commit', sha: entry.commit });
      } else {
        rows.push({
          path,
          mode: modeOf(entry),
          type: 'blob',
          sha: entry.sha,
          size: entrySize(entry),
          url: `${api}/git/blobs/${entry.sha}`,
        });
      }
    }
  };
  list('');
  return { sha: tree.sha, url: `${api}/git/trees/${tree.sha}`, tree: rows, truncated: false };
}
