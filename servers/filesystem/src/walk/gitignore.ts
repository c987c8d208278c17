import { lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { PathGuard } from '../paths/path-guard.js';
import { openFileForReading } from '../paths/verified-open.js';

/** A .gitignore larger than this is not a real one; reading stops there. */
const MAX_GITIGNORE_BYTES = 256 * 1024;

/**
 * The .gitignore files that apply to one directory of a walk, outermost first. Each file's
 * rules see paths relative to the directory it sits in, so every link knows how to turn a
 * path relative to the walk root into one relative to its own directory: drop the first
 * `strip` characters (a file below the root) or put `prefix` in front (a file above it).
 */
export class GitignoreChain {
  /** This link and every one above it, outermost first: the order git applies them in. */
  readonly links: readonly GitignoreChain[];

  constructor(
    private readonly rules: Ignore,
    private readonly strip: number,
    private readonly prefix: string,
    parent: GitignoreChain | undefined,
  ) {
    this.links = parent ? [...parent.links, this] : [this];
  }

  /**
   * Whether git would ignore the entry at `relative` (from the walk root). A deeper file
   * overrides a shallower one, so the last file with a rule for the path decides — a
   * `!negation` in a subdirectory brings back what its parent ignored.
   */
  ignores(relative: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const link of this.links) {
      const path = link.prefix + (link.strip === 0 ? relative : relative.slice(link.strip)) + (isDirectory ? '/' : '');
      const verdict = link.rules.test(path);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  /** Whether links above the walk root ignore the root itself (their prefix names it). */
  ignoresRoot(): boolean {
    let ignored = false;
    for (const link of this.links) {
      if (link.prefix === '') continue;
      const verdict = link.rules.test(link.prefix);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}

/** Reads one .gitignore through the verified open (a symlinked one is refused and skipped). */
async function readRules(guard: PathGuard, realPath: string): Promise<Ignore | undefined> {
  let file: Awaited<ReturnType<typeof openFileForReading>>;
  try {
    file = await openFileForReading(guard, realPath, realPath);
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(MAX_GITIGNORE_BYTES, file.info.size));
    const { bytesRead } = await file.handle.read(buffer, 0, buffer.length, 0);
    return ignore().add(buffer.toString('utf8', 0, bytesRead));
  } catch {
    return undefined;
  } finally {
    await file.handle.close();
  }
}

/**
 * The chain for a directory of the walk whose entries include a `.gitignore`: the parent
 * chain plus this file's rules, or the parent chain unchanged when the file cannot be read.
 * `relative` is the directory's path from the walk root ('' for the root itself).
 */
export async function withDirectoryGitignore(
  guard: PathGuard,
  realDirectory: string,
  relative: string,
  parent: GitignoreChain | undefined,
): Promise<GitignoreChain | undefined> {
  const rules = await readRules(guard, `${realDirectory}/.gitignore`);
  if (!rules) return parent;
  return new GitignoreChain(rules, relative === '' ? 0 : relative.length + 1, '', parent);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The .gitignore files above the walk root that git would apply to it: those from the
 * repository's top (the nearest directory above with a `.git`) down to the root's parent,
 * never above the allowed directory. When those rules ignore the root itself, the caller
 * asked for an ignored directory by name, so they are dropped (as ripgrep does).
 */
export async function ancestorGitignores(guard: PathGuard, realRoot: string): Promise<GitignoreChain | undefined> {
  const allowed = guard.rootOf(realRoot)?.real;
  if (allowed === undefined || allowed === realRoot || (await exists(`${realRoot}/.git`))) return undefined;
  const above: string[] = [];
  let repositoryTop: string | undefined;
  for (let directory = dirname(realRoot); ; directory = dirname(directory)) {
    above.unshift(directory);
    if (await exists(`${directory}/.git`)) {
      repositoryTop = directory;
      break;
    }
    if (directory === allowed || directory === dirname(directory)) break;
  }
  if (repositoryTop === undefined) return undefined;
  let chain: GitignoreChain | undefined;
  for (const directory of above) {
    const rules = await readRules(guard, `${directory}/.gitignore`);
    if (!rules) continue;
    // realRoot lies strictly below directory, so this is the root's path from there, plus '/'.
    const prefix = `${realRoot.slice(directory === '/' ? 1 : directory.length + 1)}/`;
    chain = new GitignoreChain(rules, 0, prefix, chain);
  }
  return chain?.ignoresRoot() ? undefined : chain;
}
