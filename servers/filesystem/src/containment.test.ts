// End-to-end containment: every escape attempt goes through the real tools, over a real
// MCP client, and must fail with a clear error while the world outside stays untouched.
import { type ChildProcess, spawn } from 'node:child_process';
import { link, lstat, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolCallOutcome } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilesystemHarness, snapshot, startFilesystem } from './filesystem-server.fixture.js';
import { errorCode, expectToolError } from './tool-assertions.fixture.js';

const SECRET = 'TOP-SECRET-CONTENT';

/** Siblings whose names start like `allowed`: a prefix check would let them in. */
const PREFIX_SIBLINGS = ['allowed2', 'allowed_backup', 'allowed.bak'];

let h: FilesystemHarness;
let outsideBefore: Record<string, string>;

/** Everything under `outside/` and the prefix siblings: what must never change. */
const snapshotOutside = () => snapshot(h, ['outside', ...PREFIX_SIBLINGS]);

function expectRefused(result: ToolCallOutcome, code = 'forbidden'): void {
  expectToolError(result, code);
  expect(result.text).not.toContain(SECRET);
  // A refusal says why, in words a model can act on.
  expect(result.text.length).toBeGreaterThan(20);
}

beforeAll(async () => {
  h = await startFilesystem('v2-legacy');
  const { allowed, outside } = h;
  await mkdir(join(allowed, 'sub'));
  await writeFile(join(allowed, 'inside.txt'), 'inside content\n');
  await writeFile(join(outside, 'secret.txt'), `${SECRET}\n`);
  for (const sibling of PREFIX_SIBLINGS) {
    await mkdir(h.dir.join(sibling));
    await writeFile(h.dir.join(sibling, 'secret.txt'), `${SECRET}\n`);
  }
  await symlink(join(outside, 'secret.txt'), join(allowed, 'link-file'));
  await symlink(outside, join(allowed, 'link-dir'));
  await symlink('chain2', join(allowed, 'chain1'));
  await symlink('chain3', join(allowed, 'chain2'));
  await symlink('../outside/secret.txt', join(allowed, 'chain3'));
  await symlink(join(outside, 'new.txt'), join(allowed, 'dangling'));
  await symlink(join(outside, 'newdir'), join(allowed, 'dangling-dir'));
  await writeFile(join(outside, 'hard-target.txt'), 'hard-linked outside content\n');
  await link(join(outside, 'hard-target.txt'), join(allowed, 'hard.txt'));
  outsideBefore = await snapshotOutside();
});

afterAll(async () => {
  await h?.close();
});

/** Paths that name an existing file outside, each a different way. */
const outsideFiles = (): Array<[string, string]> => [
  ['an absolute path outside', join(h.outside, 'secret.txt')],
  ['a relative path with ..', '../outside/secret.txt'],
  ['.. after the allowed dir', `${h.allowed}/../outside/secret.txt`],
  ['.. in the middle', `${h.allowed}/sub/../../outside/secret.txt`],
  ['. and .. mixed', `${h.allowed}/./sub/./../../outside/./secret.txt`],
  ['a prefix sibling (allowed2)', h.dir.join('allowed2', 'secret.txt')],
  ['a prefix sibling (allowed_backup)', h.dir.join('allowed_backup', 'secret.txt')],
  ['a prefix sibling (allowed.bak)', h.dir.join('allowed.bak', 'secret.txt')],
  ['a symlinked file', join(h.allowed, 'link-file')],
  ['a file in a symlinked directory', join(h.allowed, 'link-dir', 'secret.txt')],
  ['a chain of symlinks', join(h.allowed, 'chain1')],
  ['a system file', '/etc/passwd'],
];

/** Paths that name a directory outside. */
const outsideDirectories = (): Array<[string, string]> => [
  ['the outside dir', h.outside],
  ['the parent of the allowed dir', `${h.allowed}/..`],
  ['a prefix sibling', h.dir.join('allowed2')],
  ['a symlinked directory', join(h.allowed, 'link-dir')],
  ['the filesystem root', '/'],
];

/** Paths where a write would land outside, including through dangling symlinks. */
const outsideWriteTargets = (): Array<[string, string]> => [
  ['a new file outside', join(h.outside, 'new.txt')],
  ['a relative path with ..', '../outside/new.txt'],
  ['a prefix sibling', h.dir.join('allowed_backup', 'new.txt')],
  ['an existing outside file through a symlink', join(h.allowed, 'link-file')],
  ['a dangling symlink to outside', join(h.allowed, 'dangling')],
  ['a new file in a symlinked directory', join(h.allowed, 'link-dir', 'new.txt')],
  ['a chain of symlinks', join(h.allowed, 'chain1')],
];

describe('reads cannot escape', () => {
  it.each(['read_text_file', 'read_file', 'read_media_file', 'get_file_info'])('%s refuses every outside file', async (tool) => {
    for (const [, path] of outsideFiles()) expectRefused(await h.client.callTool(tool, { path }));
  });

  it('read_multiple_files refuses each outside file on its own line and still reads the inside one', async () => {
    const paths = [join(h.allowed, 'inside.txt'), ...outsideFiles().map(([, path]) => path)];
    const result = await h.client.callTool('read_multiple_files', { paths });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('inside content');
    expect(result.text).not.toContain(SECRET);
    const files = (result.structured as { files: Array<{ content?: string; error?: string }> }).files;
    expect(files[0]?.content).toContain('inside content');
    for (const file of files.slice(1)) {
      expect(file.error).toMatch(/outside the allowed directories|symbolic link/);
      expect(file.content).toBeUndefined();
    }
  });

  it.each([
    ['list_directory', {}],
    ['list_directory_with_sizes', {}],
    ['directory_tree', {}],
    ['search_files', { pattern: '**/*' }],
    ['search_content', { query: SECRET }],
  ])('%s refuses every outside directory', async (tool, extra) => {
    for (const [, path] of outsideDirectories()) expectRefused(await h.client.callTool(tool, { path, ...extra }));
  });

  it('walks never follow a symlinked directory out, and searches never show outside content', async () => {
    const tree = await h.client.callTool('directory_tree', { path: h.allowed });
    expect(tree.isError, tree.text).toBe(false);
    expect(tree.text).not.toContain('secret.txt');
    const names = await h.client.callTool('search_files', { path: h.allowed, pattern: '**/secret.txt' });
    expect(names.isError, names.text).toBe(false);
    expect((names.structured as { matches: string[] }).matches).toEqual([]);
    const content = await h.client.callTool('search_content', { path: h.allowed, query: SECRET });
    expect(content.isError, content.text).toBe(false);
    // The text may repeat the query ("No matches for …"); what was found is the question.
    expect((content.structured as { matches: unknown[] }).matches).toEqual([]);
  });

  it('rejects a null byte before touching anything', async () => {
    for (const tool of ['read_text_file', 'get_file_info', 'write_file']) {
      expectRefused(await h.client.callTool(tool, { path: `${h.allowed}/inside.txt\0.png`, content: 'x' }), 'invalid_input');
    }
  });
});

describe('writes cannot escape', () => {
  it.each([
    ['write_file', (path: string) => ({ path, content: 'pwned' })],
    ['append_file', (path: string) => ({ path, content: 'pwned' })],
    ['edit_file', (path: string) => ({ path, edits: [{ oldText: SECRET, newText: 'pwned' }] })],
  ])('%s refuses every outside target and creates nothing', async (tool, args) => {
    for (const [name, path] of outsideWriteTargets()) {
      const result = await h.client.callTool(tool, args(path));
      expect(result.isError, `${tool} via ${name}: ${result.text}`).toBe(true);
      expect(['forbidden', 'not_found']).toContain(errorCode(result));
    }
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });

  it('create_directory refuses outside places, including through a dangling symlink', async () => {
    for (const path of [
      join(h.outside, 'newdir'),
      '../outside/newdir',
      join(h.allowed, 'dangling-dir'),
      join(h.allowed, 'dangling-dir', 'deeper'),
      join(h.allowed, 'link-dir', 'newdir'),
      h.dir.join('allowed2', 'newdir'),
    ]) {
      expectRefused(await h.client.callTool('create_directory', { path }));
    }
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });

  it('move_file cannot move in or out, nor onto a dangling symlink', async () => {
    const source = join(h.allowed, 'inside.txt');
    for (const [name, destination] of outsideWriteTargets()) {
      const result = await h.client.callTool('move_file', { source, destination });
      expect(result.isError, `move to ${name}: ${result.text}`).toBe(true);
      expect(['forbidden', 'conflict']).toContain(errorCode(result));
    }
    // A symlink inside is an entry inside: moving it moves the link (below), so only
    // sources that really lie outside are expected to fail here.
    const linkSources = new Set([join(h.allowed, 'link-file'), join(h.allowed, 'chain1')]);
    for (const [, outsideSource] of outsideFiles().filter(([, path]) => !linkSources.has(path))) {
      const result = await h.client.callTool('move_file', { source: outsideSource, destination: join(h.allowed, 'stolen.txt') });
      expect(result.isError, result.text).toBe(true);
    }
    expect(await readFile(source, 'utf8')).toBe('inside content\n');
    await expect(lstat(join(h.allowed, 'stolen.txt'))).rejects.toThrow();
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });

  it('move_file moves a symlink to outside as a link, never what it points to', async () => {
    const moved = await h.client.callTool('move_file', {
      source: join(h.allowed, 'link-file'),
      destination: join(h.allowed, 'moved-link'),
    });
    expect(moved.isError, moved.text).toBe(false);
    expect((await lstat(join(h.allowed, 'moved-link'))).isSymbolicLink()).toBe(true);
    expectRefused(await h.client.callTool('read_text_file', { path: join(h.allowed, 'moved-link') }));
    expect(await snapshotOutside()).toEqual(outsideBefore);
    const back = await h.client.callTool('move_file', { source: join(h.allowed, 'moved-link'), destination: join(h.allowed, 'link-file') });
    expect(back.isError, back.text).toBe(false);
  });

  it('delete_file and delete_directory refuse outside targets', async () => {
    for (const path of [join(h.outside, 'secret.txt'), join(h.allowed, 'link-dir', 'secret.txt'), h.dir.join('allowed2', 'secret.txt')]) {
      expectRefused(await h.client.callTool('delete_file', { path }));
    }
    for (const path of [h.outside, `${h.allowed}/../outside`, h.dir.join('allowed.bak'), h.allowed]) {
      const result = await h.client.callTool('delete_directory', { path, recursive: true });
      expect(result.isError, result.text).toBe(true);
    }
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });
});

describe('hard links (policy: readable, never modified in place)', () => {
  it('reads a hard-linked file like any other', async () => {
    const result = await h.client.callTool('read_text_file', { path: join(h.allowed, 'hard.txt') });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toContain('hard-linked outside content');
  });

  it('refuses to append in place, and replaces only the inside name on write and edit', async () => {
    const path = join(h.allowed, 'hard.txt');
    expectRefused(await h.client.callTool('append_file', { path, content: 'more' }));
    const edited = await h.client.callTool('edit_file', { path, edits: [{ oldText: 'outside', newText: 'inside' }] });
    expect(edited.isError, edited.text).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('hard-linked inside content\n');
    expect(await readFile(join(h.outside, 'hard-target.txt'), 'utf8')).toBe('hard-linked outside content\n');
    expect((await stat(path)).nlink).toBe(1);
  });
});

describe('swaps between check and use', () => {
  /**
   * A separate process flips `allowed/<name>` between a regular file and a symlink to the
   * outside secret as fast as it can, so checks and opens interleave with the swaps.
   */
  function startSwapper(name: string): ChildProcess {
    const script = `
      const fs = require('node:fs');
      const [target, outside] = process.argv.slice(1);
      for (;;) {
        try { fs.rmSync(target, { force: true }); fs.writeFileSync(target, 'inside content\\n'); } catch {}
        try { fs.rmSync(target, { force: true }); fs.symlinkSync(outside, target); } catch {}
      }`;
    return spawn(process.execPath, ['-e', script, join(h.allowed, name), join(h.outside, 'secret.txt')], { stdio: 'ignore' });
  }

  it('never returns outside content while a file flips to a symlink', async () => {
    const swapper = startSwapper('race-read.txt');
    const outcomes = { read: 0, refused: 0 };
    try {
      for (let i = 0; i < 400; i++) {
        const result = await h.client.callTool('read_text_file', { path: join(h.allowed, 'race-read.txt') });
        expect(result.text).not.toContain(SECRET);
        if (result.isError) outcomes.refused++;
        else outcomes.read++;
      }
    } finally {
      swapper.kill('SIGKILL');
    }
    expect(outcomes.read + outcomes.refused).toBe(400);
  });

  it('never writes outside while the target flips to a symlink', async () => {
    const swapper = startSwapper('race-write.txt');
    try {
      for (let i = 0; i < 200; i++) {
        await h.client.callTool('write_file', { path: join(h.allowed, 'race-write.txt'), content: `pwned ${i}\n` });
        await h.client.callTool('append_file', { path: join(h.allowed, 'race-write.txt'), content: 'pwned\n' });
      }
    } finally {
      swapper.kill('SIGKILL');
    }
    expect(await readFile(join(h.outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });
});

describe('a recursive delete while a subdirectory flips to a symlink', () => {
  it('never deletes what the symlink points to', async () => {
    const victims = join(h.outside, 'victims');
    const names = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    for (let trial = 0; trial < 6; trial++) {
      const victim = join(h.allowed, 'victim');
      const sub = join(victim, 'a', 'sub');
      await mkdir(sub, { recursive: true });
      await mkdir(victims, { recursive: true });
      await Promise.all(Array.from({ length: 1500 }, (_, i) => writeFile(join(victim, `f${i}`), 'x')));
      await Promise.all(
        names.map((name) => Promise.all([writeFile(join(sub, name), 'inside'), writeFile(join(victims, name), 'outside')])),
      );
      const first = await h.client.callTool('delete_directory', { path: victim, recursive: true });
      const token = (first.structured as { confirmToken: string }).confirmToken;
      // Flips victim/a/sub between the real directory and a symlink to outside/victims;
      // victim's own version (inode, mtime) stays, so the confirmed call goes ahead.
      const script = `
        const fs = require('node:fs');
        const [sub, outside] = process.argv.slice(1);
        for (;;) {
          try { fs.renameSync(sub, sub + '.real'); fs.symlinkSync(outside, sub); } catch {}
          try { fs.unlinkSync(sub); fs.renameSync(sub + '.real', sub); } catch {}
        }`;
      const swapper = spawn(process.execPath, ['-e', script, sub, victims], { stdio: 'ignore' });
      try {
        await h.client.callTool('delete_directory', { path: victim, recursive: true, confirmToken: token });
      } finally {
        swapper.kill('SIGKILL');
        await new Promise((resolve) => swapper.once('exit', resolve));
      }
      expect((await readdir(victims)).sort()).toEqual([...names].sort());
      await rm(victim, { recursive: true, force: true });
    }
    await rm(victims, { recursive: true });
    expect(await snapshotOutside()).toEqual(outsideBefore);
  });
});

describe('an allowed directory given through a symlink', () => {
  it('works by either name and still refuses escapes', async () => {
    const viaLink = await startFilesystem('v1', {
      directories: (dir) => [dir.join('allowed-link')],
      setup: async (dir) => symlink(dir.join('allowed'), dir.join('allowed-link')),
    });
    try {
      await writeFile(join(viaLink.allowed, 'a.txt'), 'through the link\n');
      await writeFile(join(viaLink.outside, 'secret.txt'), `${SECRET}\n`);
      for (const path of [viaLink.dir.join('allowed-link', 'a.txt'), join(viaLink.allowed, 'a.txt'), 'a.txt']) {
        const result = await viaLink.client.callTool('read_text_file', { path });
        expect(result.isError, result.text).toBe(false);
        expect(result.text).toContain('through the link');
      }
      for (const path of [
        viaLink.dir.join('allowed-link', '..', 'outside', 'secret.txt'),
        '../outside/secret.txt',
        viaLink.dir.join('allowed-link2'),
      ]) {
        expectRefused(await viaLink.client.callTool('read_text_file', { path }));
      }
    } finally {
      await viaLink.close();
    }
  });
});
