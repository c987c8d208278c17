import { chmod, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@mcpkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PathGuard } from '../paths/path-guard.js';
import { compileGlobs } from './patterns.js';
import { TreeWalk, type WalkEntry, type WalkOptions } from './walker.js';

let tmp: TempDir;
let allowed: string;
let outside: string;
let guard: PathGuard;

beforeEach(async () => {
  tmp = await makeTempDir('mcpkit-walk-');
  const base = await realpath(tmp.path);
  allowed = join(base, 'allowed');
  outside = join(base, 'outside');
  await mkdir(allowed);
  await mkdir(outside);
  guard = new PathGuard([{ given: allowed, real: allowed }]);
});
afterEach(async () => {
  await tmp.remove();
});

async function files(paths: Record<string, string>): Promise<void> {
  const entries = Object.entries(paths);
  for (const directory of new Set(entries.map(([path]) => join(allowed, path, '..')))) await mkdir(directory, { recursive: true });
  for (let at = 0; at < entries.length; at += 200) {
    await Promise.all(entries.slice(at, at + 200).map(([path, content]) => writeFile(join(allowed, path), content)));
  }
}

async function walk(options: Partial<WalkOptions> = {}, path = allowed) {
  const entries: WalkEntry[] = [];
  const walker = new TreeWalk<null>({
    guard,
    root: await guard.resolve(path),
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    ...options,
  });
  const summary = await walker.run(null, (entry) => {
    entries.push(entry);
    return null;
  });
  return { summary, entries, relative: entries.map((entry) => entry.relative).sort() };
}

describe('TreeWalk', () => {
  it('walks breadth-first, sorted per directory, handing each entry its parent payload', async () => {
    await files({ 'b/x.txt': '', 'a/y.txt': '', 'a/deep/z.txt': '', 'top.txt': '' });
    const seen: string[] = [];
    const root = await guard.resolve(allowed);
    const walker = new TreeWalk<string>({ guard, root, signal: new AbortController().signal, timeoutMs: 10_000, concurrency: 1 });
    const summary = await walker.run('/', (entry, parent) => {
      seen.push(`${parent}${entry.name}:${entry.kind}:${entry.depth}`);
      return `${parent}${entry.name}/`;
    });
    expect(seen).toEqual([
      '/a:directory:1',
      '/b:directory:1',
      '/top.txt:file:1',
      '/a/deep:directory:2',
      '/a/y.txt:file:2',
      '/b/x.txt:file:2',
      '/a/deep/z.txt:file:3',
    ]);
    expect(summary).toEqual({ seen: 7, visited: 7, unreadable: 0 });
  });

  it('reports a symlinked directory as a symlink and never reads through it', async () => {
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await files({ 'inside.txt': '' });
    await symlink(outside, join(allowed, 'link-out'));
    await symlink(join(allowed, 'inside.txt'), join(allowed, 'link-in'));
    const { entries } = await walk();
    expect(entries.map((e) => `${e.relative}:${e.kind}`).sort()).toEqual(['inside.txt:file', 'link-in:symlink', 'link-out:symlink']);
  });

  it('survives a chain of hundreds of nested directories (no recursion)', async () => {
    const deep = join(allowed, ...Array.from({ length: 300 }, () => 'd'));
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, 'bottom.txt'), '');
    const { entries } = await walk();
    expect(entries).toHaveLength(301);
    expect(entries.at(-1)?.depth).toBe(301);
  });

  it('honours maxDepth', async () => {
    await files({ 'a/b/c/d.txt': '', 'top.txt': '' });
    expect((await walk({ maxDepth: 1 })).relative).toEqual(['a', 'top.txt']);
    expect((await walk({ maxDepth: 2 })).relative).toEqual(['a', 'a/b', 'top.txt']);
  });

  it('stops at maxEntries and says so only when more entries exist', async () => {
    await files(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i % 3}/f${i}.txt`, ''])));
    const cut = await walk({ maxEntries: 10 });
    expect(cut.entries).toHaveLength(10);
    expect(cut.summary.truncated).toBe('entries');
    const exact = await walk({ maxEntries: 33 });
    expect(exact.entries).toHaveLength(33);
    expect(exact.summary.truncated).toBeUndefined();
  });

  it('stops when the time budget runs out, even while a read is held up', async () => {
    await files({ 'a/1.txt': '', 'b/2.txt': '' });
    const started = Date.now();
    const { summary, relative } = await walk({ timeoutMs: 100, holdBefore: () => new Promise(() => {}) });
    expect(summary.truncated).toBe('time');
    expect(relative).toEqual(['a', 'b']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects promptly with the signal reason when cancelled', async () => {
    await files({ 'a/1.txt': '' });
    const controller = new AbortController();
    const root = await guard.resolve(allowed);
    const walker = new TreeWalk<null>({
      guard,
      root,
      signal: controller.signal,
      timeoutMs: 60_000,
      holdBefore: () => new Promise(() => {}),
    });
    const running = walker.run(null, () => null);
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    await expect(running).rejects.toThrow('cancelled by test');
  });

  it('skips and counts a subdirectory that cannot be read', async () => {
    await files({ 'a/1.txt': '', 'b/2.txt': '', 'c/3.txt': '' });
    let removed = false;
    const { summary, relative } = await walk({
      concurrency: 1,
      holdBefore: () => {
        if (removed) return undefined;
        removed = true;
        // Gone between the listing of the root and its own read.
        return rm(join(allowed, 'b'), { recursive: true });
      },
    });
    expect(summary.unreadable).toBe(1);
    expect(relative).toEqual(['a', 'a/1.txt', 'b', 'c', 'c/3.txt']);
  });

  it.skipIf(process.getuid?.() === 0)('skips and counts a directory without read permission', async () => {
    await files({ 'open/1.txt': '', 'closed/2.txt': '' });
    await chmod(join(allowed, 'closed'), 0o000);
    try {
      const { summary, relative } = await walk();
      expect(summary.unreadable).toBe(1);
      expect(relative).toEqual(['closed', 'open', 'open/1.txt']);
    } finally {
      await chmod(join(allowed, 'closed'), 0o755);
    }
  });

  it('leaves out excluded entries and their subtrees', async () => {
    await files({ 'node_modules/x/index.js': '', 'src/node_modules/y.js': '', 'src/a.ts': '', 'src/a.log': '', 'b.log': '' });
    const { relative } = await walk({ exclude: compileGlobs(['node_modules', '*.log'], 'excludePatterns') });
    expect(relative).toEqual(['src', 'src/a.ts']);
  });

  it('applies nested .gitignore files to their subtree, negations included, and skips .git', async () => {
    await files({
      '.gitignore': 'dist/\n*.log\n',
      '.git/HEAD': 'ref',
      'dist/out.js': '',
      'a.log': '',
      'keep.txt': '',
      'pkg/.gitignore': '!important.log\ngenerated.ts\n',
      'pkg/important.log': '',
      'pkg/other.log': '',
      'pkg/generated.ts': '',
      'pkg/src/generated.ts': '',
      'pkg/src/kept.ts': '',
      'other/generated.ts': '',
    });
    const { relative } = await walk({ gitignore: true });
    expect(relative).toEqual([
      '.gitignore',
      'keep.txt',
      'other',
      'other/generated.ts',
      'pkg',
      'pkg/.gitignore',
      'pkg/important.log',
      'pkg/src',
      'pkg/src/kept.ts',
    ]);
    // Without the option, everything is there.
    expect((await walk()).relative).toContain('dist/out.js');
  });

  it('applies the .gitignore files of the repository above a walk that starts below its top', async () => {
    await files({ '.git/HEAD': 'ref', '.gitignore': '*.gen.ts\nbuild/\n', 'src/a.ts': '', 'src/a.gen.ts': '', 'src/build/x.ts': '' });
    expect((await walk({ gitignore: true }, join(allowed, 'src'))).relative).toEqual(['a.ts']);
    // Asking for an ignored directory by name searches it anyway.
    expect((await walk({ gitignore: true }, join(allowed, 'src', 'build'))).relative).toEqual(['x.ts']);
  });

  it('reports progress every few thousand entries', async () => {
    await files(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`d${i % 50}/f${i}`, ''])));
    const reports: number[] = [];
    await walk({ progress: (seen) => reports.push(seen) });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
  });

  it('refuses a root that is a file, with a clear message', async () => {
    await files({ 'file.txt': '' });
    await expect(walk({}, join(allowed, 'file.txt'))).rejects.toThrow(/is a file, not a directory/);
  });
});
