import { execFileSync } from 'node:child_process';
import { link, mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMcpKitError } from '@mcpkit/core';
import { makeTempDir, type TempDir } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../io/atomic-write.js';
import { isWithin, resolveAllowedDirectories } from './allowed-directories.js';
import { PathGuard } from './path-guard.js';
import { openFileForAppending, openFileForReading, readDirectoryVerified } from './verified-open.js';

let tmp: TempDir;
let root: string;
let allowed: string;
let outside: string;
let guard: PathGuard;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return isMcpKitError(error) ? error.code : `raw:${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

beforeAll(async () => {
  tmp = await makeTempDir('mcpkit-guard-');
  root = await realpath(tmp.path);
  allowed = join(root, 'proj');
  outside = join(root, 'outside');
  for (const dir of ['proj', 'proj2', 'proj_backup', 'proj.bak', 'outside', 'proj/sub']) await mkdir(join(root, dir));
  await writeFile(join(allowed, 'a.txt'), 'inside');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await symlink(join(outside, 'secret.txt'), join(allowed, 'leaf-out'));
  await symlink(outside, join(allowed, 'dir-out'));
  await symlink('chain2', join(allowed, 'chain1'));
  await symlink('chain3', join(allowed, 'chain2'));
  await symlink('../outside/secret.txt', join(allowed, 'chain3'));
  await symlink('a.txt', join(allowed, 'leaf-in'));
  await symlink(join(outside, 'new.txt'), join(allowed, 'dangling-out'));
  await symlink('loop2', join(allowed, 'loop1'));
  await symlink('loop1', join(allowed, 'loop2'));
  await symlink(allowed, join(root, 'proj-link'));
  const { directories } = await resolveAllowedDirectories([join(root, 'proj-link')]);
  guard = new PathGuard(directories);
});

afterAll(async () => {
  await tmp.remove();
});

describe('isWithin', () => {
  it('needs a separator boundary', () => {
    expect(isWithin('/a/proj', '/a/proj')).toBe(true);
    expect(isWithin('/a/proj/x', '/a/proj')).toBe(true);
    for (const sibling of ['/a/proj2', '/a/proj_backup', '/a/proj.bak', '/a/pro']) expect(isWithin(sibling, '/a/proj')).toBe(false);
    expect(isWithin('/anything', '/')).toBe(true);
  });
});

describe('resolveAllowedDirectories', () => {
  it('keeps the given form and the real one, and reports unusable entries', async () => {
    const { directories, problems } = await resolveAllowedDirectories([
      join(root, 'proj-link'),
      allowed,
      join(root, 'missing'),
      join(allowed, 'a.txt'),
      'bad\0dir',
    ]);
    expect(directories).toEqual([{ given: join(root, 'proj-link'), real: allowed }]);
    expect(problems).toEqual([
      `${join(root, 'missing')} does not exist`,
      `${join(allowed, 'a.txt')} is not a directory`,
      '"bad\\u0000dir" contains a null byte',
    ]);
  });
});

describe('PathGuard.resolve', () => {
  it('accepts paths inside, through the symlinked allowed directory or its real form', async () => {
    expect((await guard.resolve(join(root, 'proj-link', 'a.txt'))).real).toBe(join(allowed, 'a.txt'));
    expect((await guard.resolve(join(allowed, 'sub', '..', 'a.txt'))).real).toBe(join(allowed, 'a.txt'));
    expect((await guard.resolve('a.txt')).real).toBe(join(allowed, 'a.txt'));
    expect((await guard.resolve('leaf-in')).real).toBe(join(allowed, 'a.txt'));
    expect((await guard.resolve('sub/new/deeper.txt')).real).toBe(join(allowed, 'sub', 'new', 'deeper.txt'));
  });

  it.each([
    ['a prefix sibling', () => join(root, 'proj2', 'x')],
    ['an underscore sibling', () => join(root, 'proj_backup')],
    ['a dotted sibling', () => join(root, 'proj.bak', 'x')],
    ['.. at the end', () => join(allowed, '..')],
    ['.. in the middle', () => `${allowed}/sub/../../outside/secret.txt`],
    ['.. at the start (relative)', () => '../outside/secret.txt'],
    ['.. after a symlinked allowed dir', () => `${root}/proj-link/../outside/secret.txt`],
    ['an absolute path outside', () => join(outside, 'secret.txt')],
    ['the filesystem root', () => '/'],
    ['a symlinked file to outside', () => join(allowed, 'leaf-out')],
    ['a symlinked directory to outside', () => join(allowed, 'dir-out', 'secret.txt')],
    ['a chain of symlinks to outside', () => join(allowed, 'chain1')],
    ['a dangling symlink to outside', () => join(allowed, 'dangling-out')],
    ['a new file beneath a dangling symlink', () => join(allowed, 'dangling-out', 'x')],
  ])('refuses %s', async (_name, path) => {
    expect(await code(guard.resolve(path()))).toBe('forbidden');
  });

  it.each([
    ['a null byte', `${'a.txt'}\0.png`],
    ['an empty path', ''],
    ['a Windows path', 'C:\\Users\\x'],
    ['a symlink loop', 'loop1'],
    ['an overlong path', 'x'.repeat(5000)],
  ])('rejects %s as invalid input', async (_name, path) => {
    expect(await code(guard.resolve(path))).toBe('invalid_input');
  });

  it('fails closed with no directories at all', async () => {
    const empty = new PathGuard([]);
    expect(await code(empty.resolve('/tmp'))).toBe('forbidden');
    expect(await code(empty.resolve('relative'))).toBe('forbidden');
  });
});

describe('verified open', () => {
  /** Writes `target` and checks it, then swaps it for a symlink to the outside secret: what a racer would do. */
  async function checkThenSwap(target: string, content: string) {
    await writeFile(target, content);
    const checked = await guard.resolve(target);
    await rm(target);
    await symlink(join(outside, 'secret.txt'), target);
    return checked;
  }

  it('refuses a file swapped for a symlink to outside after the check', async () => {
    const target = join(allowed, 'swap.txt');
    const checked = await checkThenSwap(target, 'fine');
    expect(await code(openFileForReading(guard, checked.real, target))).toBe('forbidden');
    expect(await code(openFileForAppending(guard, checked.real, target))).toBe('forbidden');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    await rm(target);
  });

  it('refuses a parent directory swapped for a symlink to outside after the check', async () => {
    const parent = join(allowed, 'swapdir');
    await mkdir(parent);
    await writeFile(join(parent, 'secret.txt'), 'fine');
    const checked = await guard.resolve(join(parent, 'secret.txt'));
    const dirChecked = await guard.resolve(parent);
    await rm(parent, { recursive: true });
    await symlink(outside, parent);
    expect(await code(openFileForReading(guard, checked.real, 'swapdir/secret.txt'))).toBe('forbidden');
    expect(await code(readDirectoryVerified(guard, dirChecked.real, 'swapdir'))).toBe('forbidden');
    expect(await code(writeFileAtomically(guard, join(parent, 'planted.txt'), 'x', 'swapdir/planted.txt'))).toBe('forbidden');
    await expect(readFile(join(outside, 'planted.txt'))).rejects.toThrow();
    await rm(parent);
  });

  it('replaces a symlink swapped in at a write target instead of writing through it', async () => {
    const target = join(allowed, 'write-swap.txt');
    const checked = await checkThenSwap(target, 'old');
    await writeFileAtomically(guard, checked.real, 'new', target);
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    await rm(target);
  });

  it('refuses FIFOs and devices as files, and appends to hard-linked files', async () => {
    const fifo = join(allowed, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of hanging.
    expect(await code(openFileForReading(guard, fifo, 'fifo'))).toBe('invalid_input');
    expect(await code(openFileForReading(guard, '/dev/null', '/dev/null'))).toBe('invalid_input');
    const hard = join(allowed, 'hard.txt');
    await writeFile(join(outside, 'hard-target.txt'), 'outside content');
    await link(join(outside, 'hard-target.txt'), hard);
    expect(await code(openFileForAppending(guard, hard, 'hard.txt'))).toBe('forbidden');
    await writeFileAtomically(guard, hard, 'replaced', 'hard.txt');
    expect(await readFile(join(outside, 'hard-target.txt'), 'utf8')).toBe('outside content');
    expect(await readFile(hard, 'utf8')).toBe('replaced');
  });
});
