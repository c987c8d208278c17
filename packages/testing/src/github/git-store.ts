import { createHash } from 'node:crypto';
import type { LinePatch } from './unified-diff.js';
import { unifiedPatch } from './unified-diff.js';

/**
 * A repository's git history in memory: commits holding whole snapshots (path → entry), branches
 * and tags. Object ids are real git SHA-1s (blob, tree and commit encodings as git writes them),
 * so a sha seen in one answer is the sha every other answer and every write agrees on.
 */

export type TreeEntry =
  | { kind: 'file'; content: Buffer; sha: string; executable?: boolean }
  | { kind: 'symlink'; target: string; sha: string }
  | { kind: 'submodule'; url: string; commit: string };

/** What a change puts at a path: text, bytes, a link, a submodule, or `null` to delete it. */
export type EntryChange = string | Buffer | { symlink: string } | { submodule: string; commit: string } | null;

export interface GitSignature {
  name: string;
  email: string;
  /** ISO 8601 without milliseconds (`2026-01-05T09:00:00Z`), as GitHub prints it. */
  date: string;
}

export interface GitCommit {
  sha: string;
  message: string;
  author: GitSignature;
  committer: GitSignature;
  parents: string[];
  tree: string;
  files: ReadonlyMap<string, TreeEntry>;
  /** Tree sha of every directory ('' is the root). */
  dirs: ReadonlyMap<string, string>;
}

export interface FileChange {
  path: string;
  status: 'added' | 'removed' | 'modified';
  before?: TreeEntry;
  after?: TreeEntry;
  /** Absent for binary files and files too large to diff, as on GitHub. */
  patch?: LinePatch;
}

export interface CommitInput {
  message: string;
  author: GitSignature;
  committer?: GitSignature;
  parents: string[];
  /** Applied to the first parent's snapshot (or to an empty one). */
  changes: Record<string, EntryChange>;
}

/** GitHub leaves out the patch of files this large. */
const PATCH_LIMIT_BYTES = 512 * 1024;

export function blobSha(content: Buffer): string {
  return gitHash('blob', content);
}

export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function entrySize(entry: TreeEntry): number {
  if (entry.kind === 'file') return entry.content.length;
  if (entry.kind === 'symlink') return Buffer.byteLength(entry.target);
  return 0;
}

export function entrySha(entry: TreeEntry): string {
  return entry.kind === 'submodule' ? entry.commit : entry.sha;
}

/** A tree object: the files below it (paths relative to it) and the sha of every directory in it. */
export interface GitTree {
  sha: string;
  files: ReadonlyMap<string, TreeEntry>;
  dirs: ReadonlyMap<string, string>;
}

/** A commit made from a tree already stored (the git data API's way), not from changes. */
export interface TreeCommitInput {
  message: string;
  author: GitSignature;
  committer?: GitSignature;
  parents: string[];
  tree: string;
}

export class GitRepository {
  readonly commits = new Map<string, GitCommit>();
  readonly branches = new Map<string, string>();
  /** Lightweight tags: name → commit sha. */
  readonly tags = new Map<string, string>();
  /** Blobs written on their own (`POST git/blobs`); blobs inside commits are found there. */
  private readonly looseBlobs = new Map<string, Buffer>();
  /** Trees written on their own (`POST git/trees`); trees of commits are found there. */
  private readonly looseTrees = new Map<string, GitTree>();

  /** Records a commit (it does not move any branch). */
  commit(input: CommitInput): GitCommit {
    const base = input.parents[0] === undefined ? undefined : this.commits.get(input.parents[0]);
    if (input.parents[0] !== undefined && base === undefined) throw new Error(`unknown parent ${input.parents[0]}`);
    const files = new Map(base?.files ?? []);
    for (const [path, change] of Object.entries(input.changes)) {
      if (change === null) files.delete(path);
      else files.set(path, toEntry(change));
    }
    return this.record(files, input);
  }

  /** Records a commit of a stored tree (it does not move any branch). */
  commitTree(input: TreeCommitInput): GitCommit {
    const tree = this.tree(input.tree);
    if (!tree) throw new Error(`unknown tree ${input.tree}`);
    for (const parent of input.parents) if (!this.commits.has(parent)) throw new Error(`unknown parent ${parent}`);
    return this.record(new Map(tree.files), input);
  }

  /** Stores a blob and returns its sha. */
  storeBlob(content: Buffer): string {
    const sha = blobSha(content);
    this.looseBlobs.set(sha, content);
    return sha;
  }

  /** A blob's bytes, whether stored alone or part of any commit (symlink targets are blobs too). */
  blob(sha: string): Buffer | undefined {
    const loose = this.looseBlobs.get(sha);
    if (loose) return loose;
    for (const tree of [...this.looseTrees.values(), ...this.commits.values()]) {
      for (const entry of tree.files.values()) {
        if (entry.kind === 'file' && entry.sha === sha) return entry.content;
        if (entry.kind === 'symlink' && entry.sha === sha) return Buffer.from(entry.target);
      }
    }
    return undefined;
  }

  /** Stores a tree of these files and returns it. */
  storeTree(files: ReadonlyMap<string, TreeEntry>): GitTree {
    const dirs = treeShas(files);
    const tree: GitTree = { sha: dirs.get('') ?? '', files, dirs };
    this.looseTrees.set(tree.sha, tree);
    return tree;
  }

  /** A tree by sha: one stored alone, a commit's root tree, or any directory inside one. */
  tree(sha: string): GitTree | undefined {
    const loose = this.looseTrees.get(sha);
    if (loose) return loose;
    for (const holder of [...this.looseTrees.values(), ...this.commits.values()]) {
      for (const [dir, dirSha] of holder.dirs) {
        if (dirSha === sha) return subtree(holder, dir);
      }
    }
    return undefined;
  }

  private record(files: Map<string, TreeEntry>, input: Omit<CommitInput, 'changes'>): GitCommit {
    const dirs = treeShas(files);
    const tree = dirs.get('') ?? '';
    const committer = input.committer ?? input.author;
    const text = [
      `tree ${tree}`,
      ...input.parents.map((parent) => `parent ${parent}`),
      `author ${signatureLine(input.author)}`,
      `committer ${signatureLine(committer)}`,
      '',
      `${input.message}\n`,
    ].join('\n');
    const sha = gitHash('commit', Buffer.from(text));
    const commit: GitCommit = { sha, message: input.message, author: input.author, committer, parents: input.parents, tree, files, dirs };
    this.commits.set(sha, commit);
    return commit;
  }

  /** Commits on `branch` and moves it. */
  commitOn(branch: string, input: Omit<CommitInput, 'parents'>): GitCommit {
    const head = this.branches.get(branch);
    const commit = this.commit({ ...input, parents: head === undefined ? [] : [head] });
    this.branches.set(branch, commit.sha);
    return commit;
  }

  /** A branch, tag, `refs/heads/…`/`refs/tags/…`, full sha, or unambiguous sha prefix (7+). */
  resolve(ref: string): GitCommit | undefined {
    const named = this.branches.get(ref) ?? this.tags.get(ref);
    if (named !== undefined) return this.commits.get(named);
    const heads = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
    if (heads !== undefined) return this.resolveBranch(heads);
    const tags = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
    if (tags !== undefined) return this.commits.get(this.tags.get(tags) ?? '');
    if (!/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
    const lower = ref.toLowerCase();
    const exact = this.commits.get(lower);
    if (exact) return exact;
    const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(lower));
    return matches.length === 1 ? this.commits.get(matches[0] ?? '') : undefined;
  }

  resolveBranch(branch: string): GitCommit | undefined {
    const sha = this.branches.get(branch);
    return sha === undefined ? undefined : this.commits.get(sha);
  }

  /** Every commit reachable from `sha`, newest committer date first (what `git log` lists). */
  history(sha: string): GitCommit[] {
    const seen = new Set<string>();
    const queue = [sha];
    const found: GitCommit[] = [];
    while (queue.length > 0) {
      const next = queue.shift() ?? '';
      if (seen.has(next)) continue;
      seen.add(next);
      const commit = this.commits.get(next);
      if (!commit) continue;
      found.push(commit);
      queue.push(...commit.parents);
    }
    return found.sort((a, b) => b.committer.date.localeCompare(a.committer.date));
  }

  /** The newest commit reachable from both (good enough for the fake's merge checks). */
  mergeBase(a: string, b: string): GitCommit | undefined {
    const fromA = new Set(this.history(a).map((commit) => commit.sha));
    return this.history(b).find((commit) => fromA.has(commit.sha));
  }

  /** Whether `ancestor` is reachable from `descendant`. */
  contains(descendant: string, ancestor: string): boolean {
    return this.history(descendant).some((commit) => commit.sha === ancestor);
  }

  /** Files that differ between two snapshots (`from` undefined: everything in `to` is added). */
  diff(from: GitCommit | undefined, to: GitCommit): FileChange[] {
    const before = from?.files ?? new Map<string, TreeEntry>();
    const paths = new Set([...before.keys(), ...to.files.keys()]);
    const changes: FileChange[] = [];
    for (const path of [...paths].sort()) {
      const old = before.get(path);
      const now = to.files.get(path);
      if (old && now && entrySha(old) === entrySha(now) && old.kind === now.kind) continue;
      const status = old === undefined ? 'added' : now === undefined ? 'removed' : 'modified';
      const patch = patchOf(old, now);
      changes.push({ path, status, ...(old ? { before: old } : {}), ...(now ? { after: now } : {}), ...(patch ? { patch } : {}) });
    }
    return changes;
  }
}

/** The part of a tree under `dir` ('' is the whole tree), with paths relative to `dir`. */
function subtree(tree: Pick<GitTree, 'files' | 'dirs'>, dir: string): GitTree {
  if (dir === '') return { sha: tree.dirs.get('') ?? '', files: tree.files, dirs: tree.dirs };
  const prefix = `${dir}/`;
  const files = new Map<string, TreeEntry>();
  for (const [path, entry] of tree.files) if (path.startsWith(prefix)) files.set(path.slice(prefix.length), entry);
  const dirs = new Map<string, string>();
  for (const [path, sha] of tree.dirs) {
    if (path === dir) dirs.set('', sha);
    else if (path.startsWith(prefix)) dirs.set(path.slice(prefix.length), sha);
  }
  return { sha: dirs.get('') ?? '', files, dirs };
}

/** Entries directly inside `dir` ('' is the root): files, and subdirectories as `{ kind: 'dir' }`. */
export function listDirectory(
  commit: GitCommit,
  dir: string,
): { name: string; path: string; entry: TreeEntry | { kind: 'dir'; sha: string } }[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const listed = new Map<string, { name: string; path: string; entry: TreeEntry | { kind: 'dir'; sha: string } }>();
  for (const [path, entry] of commit.files) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) {
      listed.set(rest, { name: rest, path, entry });
    } else {
      const name = rest.slice(0, slash);
      const sub = `${prefix}${name}`;
      listed.set(name, { name, path: sub, entry: { kind: 'dir', sha: commit.dirs.get(sub) ?? '' } });
    }
  }
  return [...listed.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function toEntry(change: Exclude<EntryChange, null>): TreeEntry {
  if (typeof change === 'string' || Buffer.isBuffer(change)) {
    const content = typeof change === 'string' ? Buffer.from(change) : change;
    return { kind: 'file', content, sha: blobSha(content) };
  }
  if ('symlink' in change) return { kind: 'symlink', target: change.symlink, sha: blobSha(Buffer.from(change.symlink)) };
  return { kind: 'submodule', url: change.submodule, commit: change.commit };
}

function patchOf(before: TreeEntry | undefined, after: TreeEntry | undefined): LinePatch | undefined {
  const text = (entry: TreeEntry | undefined): string | undefined => {
    if (entry === undefined) return '';
    if (entry.kind === 'symlink') return entry.target;
    if (entry.kind === 'submodule') return `Subproject commit ${entry.commit}\n`;
    if (entry.content.length > PATCH_LIMIT_BYTES || isBinary(entry.content)) return undefined;
    return entry.content.toString('utf8');
  };
  const a = text(before);
  const b = text(after);
  return a === undefined || b === undefined ? undefined : unifiedPatch(a, b);
}

function gitHash(type: string, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

function signatureLine(signature: GitSignature): string {
  return `${signature.name} <${signature.email}> ${Math.floor(Date.parse(signature.date) / 1000)} +0000`;
}

interface DirNode {
  files: Map<string, TreeEntry>;
  dirs: Map<string, DirNode>;
}

/** Hashes every directory bottom-up, with entries in git's order (a directory sorts as `name/`). */
export function treeShas(files: ReadonlyMap<string, TreeEntry>): Map<string, string> {
  const root: DirNode = { files: new Map(), dirs: new Map() };
  for (const [path, entry] of files) {
    const parts = path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.dirs.get(part);
      if (!child) {
        child = { files: new Map(), dirs: new Map() };
        node.dirs.set(part, child);
      }
      node = child;
    }
    node.files.set(parts[parts.length - 1] ?? '', entry);
  }
  const shas = new Map<string, string>();
  const hashNode = (node: DirNode, path: string): string => {
    const rows: { sortKey: string; bytes: Buffer }[] = [];
    for (const [name, child] of node.dirs) {
      const sha = hashNode(child, path === '' ? name : `${path}/${name}`);
      rows.push({ sortKey: `${name}/`, bytes: treeRow('40000', name, sha) });
    }
    for (const [name, entry] of node.files) {
      const mode = entry.kind === 'symlink' ? '120000' : entry.kind === 'submodule' ? '160000' : entry.executable ? '100755' : '100644';
      rows.push({ sortKey: name, bytes: treeRow(mode, name, entrySha(entry)) });
    }
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const sha = gitHash('tree', Buffer.concat(rows.map((row) => row.bytes)));
    shas.set(path, sha);
    return sha;
  };
  hashNode(root, '');
  return shas;
}

function treeRow(mode: string, name: string, sha: string): Buffer {
  return Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(sha, 'hex')]);
}

/** The text `git diff` prints for these changes (what the `.diff` media type returns). */
export function renderGitDiff(changes: readonly FileChange[]): string {
  const short = (sha: string | undefined) => (sha ?? '0000000').slice(0, 7);
  const modeOf = (entry: TreeEntry | undefined) =>
    entry?.kind === 'symlink'
      ? '120000'
      : entry?.kind === 'submodule'
        ? '160000'
        : entry?.kind === 'file' && entry.executable
          ? '100755'
          : '100644';
  const blocks = changes.map((change) => {
    const { path, before, after } = change;
    const lines = [`diff --git a/${path} b/${path}`];
    const oldSha = before ? short(entrySha(before)) : '0000000';
    const newSha = after ? short(entrySha(after)) : '0000000';
    if (change.status === 'added') lines.push(`new file mode ${modeOf(after)}`, `index ${oldSha}..${newSha}`);
    else if (change.status === 'removed') lines.push(`deleted file mode ${modeOf(before)}`, `index ${oldSha}..${newSha}`);
    else lines.push(`index ${oldSha}..${newSha} ${modeOf(after)}`);
    if (!change.patch) {
      lines.push(`Binary files ${before ? `a/${path}` : '/dev/null'} and ${after ? `b/${path}` : '/dev/null'} differ`);
    } else if (change.patch.patch !== '') {
      lines.push(`--- ${before ? `a/${path}` : '/dev/null'}`, `+++ ${after ? `b/${path}` : '/dev/null'}`, change.patch.patch);
    }
    return `${lines.join('\n')}\n`;
  });
  return blocks.join('');
}
