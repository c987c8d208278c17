import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_KINDS, makeTempDir, type TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFiles, useFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';

const start = useFilesystem();

interface Node {
  name: string;
  type: string;
  children?: Node[];
}

/** `a/b/c` paths of every node, directories with a trailing `/`. */
function paths(nodes: Node[], prefix = ''): string[] {
  return nodes.flatMap((node) => {
    const here = `${prefix}${node.name}${node.type === 'directory' ? '/' : ''}`;
    return [here, ...paths(node.children ?? [], here)];
  });
}

const PROJECT = {
  'README.md': '# hi',
  'src/index.ts': '',
  'src/util/strings.ts': '',
  'src/util/strings.test.ts': '',
  'node_modules/pkg/index.js': '',
  'packages/a/node_modules/dep/x.js': '',
  'packages/a/src/a.ts': '',
  'debug.log': '',
  'logs/old.log': '',
};

describe.each(CLIENT_KINDS)('directory_tree (%s)', (kind) => {
  it('returns nested name/type/children and a compact indented text', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'src/a.ts': '', 'src/lib/b.ts': '', 'z.txt': '' });
    mkdirSync(join(h.allowed, 'empty'));
    const result = await h.client.callTool('directory_tree', { path: h.allowed });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({
      path: h.allowed,
      tree: [
        { name: 'empty', type: 'directory', children: [] },
        {
          name: 'src',
          type: 'directory',
          children: [
            { name: 'a.ts', type: 'file' },
            { name: 'lib', type: 'directory', children: [{ name: 'b.ts', type: 'file' }] },
          ],
        },
        { name: 'z.txt', type: 'file' },
      ],
      entries: 6,
      truncated: false,
    });
    expect(result.text).toBe('empty/\nsrc/\n  a.ts\n  lib/\n    b.ts\nz.txt\n[6 entries]');
  });

  it('leaves out excludePatterns: globs by path or name, bare names at any depth with their subtree', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const result = await h.client.callTool('directory_tree', {
      path: h.allowed,
      excludePatterns: ['node_modules', '*.log', 'src/**/*.test.ts'],
    });
    expect(result.isError, result.text).toBe(false);
    // Names sort in code-unit order (upper case first): stable and cheap on huge trees.
    expect(paths((result.structured as { tree: Node[] }).tree)).toEqual([
      'README.md',
      'logs/',
      'packages/',
      'packages/a/',
      'packages/a/src/',
      'packages/a/src/a.ts',
      'src/',
      'src/index.ts',
      'src/util/',
      'src/util/strings.ts',
    ]);
    expect(result.text).not.toContain('node_modules');
  });

  it('stops at maxDepth and marks the directories it did not open', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'a/b/c/deep.txt': '', 'top.txt': '' });
    const result = await h.client.callTool('directory_tree', { path: h.allowed, maxDepth: 2 });
    expect(result.structured).toMatchObject({
      tree: [
        { name: 'a', type: 'directory', children: [{ name: 'b', type: 'directory', children: [] }] },
        { name: 'top.txt', type: 'file' },
      ],
      entries: 3,
      truncated: false,
    });
    expect(result.text).toBe('a/\n  b/ …\ntop.txt\n[3 entries]');
  });

  it('respects nested .gitignore files when asked, and skips .git', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, {
      '.gitignore': 'build/\n*.tmp\n',
      '.git/config': '',
      'build/out.js': '',
      'a.tmp': '',
      'src/main.ts': '',
      'src/.gitignore': 'generated/\n!keep.tmp\n',
      'src/generated/g.ts': '',
      'src/keep.tmp': '',
    });
    const ignored = await h.client.callTool('directory_tree', { path: h.allowed, respectGitignore: true });
    expect(paths((ignored.structured as { tree: Node[] }).tree)).toEqual([
      '.gitignore',
      'src/',
      'src/.gitignore',
      'src/keep.tmp',
      'src/main.ts',
    ]);
    const all = await h.client.callTool('directory_tree', { path: h.allowed });
    expect(paths((all.structured as { tree: Node[] }).tree)).toContain('build/out.js');
  });

  it('cuts the tree at --max-entries and says so', async () => {
    const h = await start(kind, { argv: ['--max-entries', '20'] });
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i % 3}/f${String(i).padStart(2, '0')}`, ''])));
    const result = await h.client.callTool('directory_tree', { path: h.allowed });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ entries: 20, truncated: true, reason: 'entries' });
    expect(paths((result.structured as { tree: Node[] }).tree)).toHaveLength(20);
    expect(result.text).toContain('[20 entries; cut at the 20-entry limit');
  });

  it('refuses bad input with clear messages', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'f.txt': '' });
    const missing = await h.client.callTool('directory_tree', { path: join(h.allowed, 'missing') });
    expect(errorCode(missing)).toBe('not_found');
    expect(missing.text).toContain('does not exist');
    const file = await h.client.callTool('directory_tree', { path: join(h.allowed, 'f.txt') });
    expect(errorCode(file)).toBe('invalid_input');
    expect(file.text).toContain('is a file, not a directory');
    const depth = await h.client.callTool('directory_tree', { path: h.allowed, maxDepth: 0 });
    expect(errorCode(depth)).toBe('invalid_input');
    expect(depth.text).toContain('maxDepth');
    const outside = await h.client.callTool('directory_tree', { path: h.outside });
    expect(errorCode(outside)).toBe('forbidden');
  });
});

describe('directory_tree on a large tree', () => {
  let big: TempDir;
  /** 4,000 directories of one file each: 8,000 entries, slow enough to outlast 100 ms. */
  beforeAll(async () => {
    big = await makeTempDir('mcpkit-bigtree-');
    for (let a = 0; a < 80; a++) {
      for (let b = 0; b < 50; b++) {
        const directory = join(big.path, `a${a}`, `b${b}`);
        mkdirSync(directory, { recursive: true });
        writeFileSync(join(directory, 'f.txt'), '');
      }
    }
  });
  afterAll(async () => {
    await big.remove();
  });

  it.each(CLIENT_KINDS)('sends progress notifications to a client that asks (%s)', async (kind) => {
    const h = await start(kind, { directories: () => [big.path] });
    const progress: Array<{ progress: number; message?: string }> = [];
    const result = await h.client.callTool('directory_tree', { path: big.path }, { onProgress: (p) => progress.push(p) });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ entries: 8080, truncated: false });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.message).toMatch(/^\d+ entries read$/);
  });

  it.each(CLIENT_KINDS)('stops when the client cancels (%s)', async (kind) => {
    const h = await start(kind, { directories: () => [big.path] });
    const controller = new AbortController();
    const call = h.client.callTool(
      'directory_tree',
      { path: big.path },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(call).rejects.toThrow();
    // The server records the call as cancelled and goes on serving.
    await expect.poll(() => h.logs.lines().find((line) => line.tool === 'directory_tree')?.outcome).toBe('cancelled');
    const next = await h.client.callTool('list_directory', { path: join(big.path, 'a0', 'b0') });
    expect(next.text).toBe('[FILE] f.txt');
  });

  it('returns what it found when the time budget runs out (--walk-timeout-ms)', async () => {
    const h = await start('v2-legacy', { directories: () => [big.path], argv: ['--walk-timeout-ms', '100'] });
    const started = Date.now();
    const result = await h.client.callTool('directory_tree', { path: big.path });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { entries: number; truncated: boolean; reason?: string; tree: Node[] };
    expect(data).toMatchObject({ truncated: true, reason: 'time' });
    expect(data.entries).toBeGreaterThanOrEqual(80);
    expect(data.entries).toBeLessThan(8080);
    // Breadth-first: the top level is complete.
    expect(data.tree).toHaveLength(80);
    expect(result.text).toContain('stopped by the time limit');
  });

  it('works over Streamable HTTP', async () => {
    const h = await start('v2-modern', { via: 'http', directories: () => [big.path] });
    const result = await h.client.callTool('directory_tree', { path: big.path, maxDepth: 1 });
    expect(result.structured).toMatchObject({ entries: 80, truncated: false });
    expect(result.text.split('\n')).toHaveLength(81);
  });
});

describe('directory_tree and symlinks', () => {
  it.each(CLIENT_KINDS)('shows a symlinked directory as a symlink without children (%s)', async (kind) => {
    const h = await start(kind);
    makeFiles(h.outside, { 'secret/outside-only.txt': 'x' });
    symlinkSync(h.outside, join(h.allowed, 'escape'));
    const result = await h.client.callTool('directory_tree', { path: h.allowed });
    expect(result.structured).toMatchObject({ tree: [{ name: 'escape', type: 'symlink' }] });
    expect(result.text).toBe('escape (symlink)\n[1 entry]');
  });
});
