// create_directory and move_file through the real server and real MCP clients.
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_KINDS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { snapshot, useFilesystem } from '../filesystem-server.fixture.js';
import { expectUnchangedAfter } from '../tool-assertions.fixture.js';

const start = useFilesystem();

describe.each(CLIENT_KINDS)('create_directory (%s)', (kind) => {
  it('creates nested directories like mkdir -p', async () => {
    const { client, allowed } = await start(kind);
    const result = await client.callTool('create_directory', { path: 'a/b/c' });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('Created a/b/c (with 2 missing parent directories).');
    expect(result.structured).toEqual({
      path: join(allowed, 'a/b/c'),
      created: [join(allowed, 'a'), join(allowed, 'a/b'), join(allowed, 'a/b/c')],
    });
    expect((await stat(join(allowed, 'a/b/c'))).isDirectory()).toBe(true);
  });

  it('succeeds on an existing directory and changes nothing', async () => {
    const harness = await start(kind);
    await mkdir(join(harness.allowed, 'there'));
    const before = await snapshot(harness);
    const result = await harness.client.callTool('create_directory', { path: join(harness.allowed, 'there') });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toContain('already exists');
    expect(result.structured).toMatchObject({ created: [] });
    expect(await snapshot(harness)).toEqual(before);
  });

  it('fails when a file is in the way, creating nothing', async () => {
    const harness = await start(kind);
    await writeFile(join(harness.allowed, 'file'), 'x');
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('create_directory', { path: 'file/sub/deeper' }),
      'conflict',
      /file is a file, not a directory/,
    );
    await expectUnchangedAfter(harness, () => harness.client.callTool('create_directory', { path: 'file' }), 'conflict', /is a file/);
  });

  it('does not create the outside target of a dangling symlink', async () => {
    const harness = await start(kind);
    await symlink(join(harness.outside, 'made-outside'), join(harness.allowed, 'dangling'));
    for (const path of ['dangling', 'dangling/deeper']) {
      await expectUnchangedAfter(harness, () => harness.client.callTool('create_directory', { path }), 'forbidden', /outside/);
    }
    expect(existsSync(join(harness.outside, 'made-outside'))).toBe(false);
  });
});

describe.each(CLIENT_KINDS)('move_file (%s)', (kind) => {
  it('renames a file in place, leaving one name', async () => {
    const { client, allowed } = await start(kind);
    await writeFile(join(allowed, 'old.txt'), 'content\n');
    const inode = (await stat(join(allowed, 'old.txt'))).ino;
    const result = await client.callTool('move_file', { source: 'old.txt', destination: 'new.txt' });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('Moved file old.txt to new.txt.');
    expect(result.structured).toEqual({ source: join(allowed, 'old.txt'), destination: join(allowed, 'new.txt'), kind: 'file' });
    expect(await readdir(allowed)).toEqual(['new.txt']);
    const after = await stat(join(allowed, 'new.txt'));
    expect([after.ino, after.nlink]).toEqual([inode, 1]);
  });

  it('moves a file into another directory and a directory with its content', async () => {
    const { client, allowed } = await start(kind);
    await mkdir(join(allowed, 'src/deep'), { recursive: true });
    await writeFile(join(allowed, 'src/deep/f.txt'), 'inside');
    await mkdir(join(allowed, 'dest'));
    await writeFile(join(allowed, 'loose.txt'), 'loose');
    const file = await client.callTool('move_file', { source: 'loose.txt', destination: 'dest/loose.txt' });
    expect(file.isError, file.text).toBe(false);
    const dir = await client.callTool('move_file', { source: join(allowed, 'src'), destination: join(allowed, 'dest', 'moved') });
    expect(dir.isError, dir.text).toBe(false);
    expect(dir.structured).toMatchObject({ kind: 'directory' });
    expect(await readFile(join(allowed, 'dest/loose.txt'), 'utf8')).toBe('loose');
    expect(await readFile(join(allowed, 'dest/moved/deep/f.txt'), 'utf8')).toBe('inside');
    expect((await readdir(allowed)).sort()).toEqual(['dest']);
  });

  it('never overwrites: an existing file or a dangling symlink at the destination is a conflict', async () => {
    const harness = await start(kind);
    const { allowed, outside, client } = harness;
    await writeFile(join(allowed, 'a.txt'), 'a');
    await writeFile(join(allowed, 'b.txt'), 'b');
    await mkdir(join(allowed, 'dir'));
    await symlink(join(outside, 'would-be.txt'), join(allowed, 'dangling'));
    await symlink('nowhere-inside', join(allowed, 'dangling-in'));
    for (const [source, destination, text] of [
      ['a.txt', 'b.txt', /b\.txt already exists \(a file\); move_file never overwrites/],
      ['a.txt', 'dangling', /\(a symbolic link\)/],
      ['a.txt', 'dangling-in', /\(a symbolic link\)/],
      ['dir', 'b.txt', /already exists/],
      ['b.txt', 'dir', /\(a directory\); move_file never overwrites\. To move into it, give the full new path \(dir\/<name>\)/],
    ] as const) {
      await expectUnchangedAfter(harness, () => client.callTool('move_file', { source, destination }), 'conflict', text);
    }
    expect(existsSync(join(outside, 'would-be.txt'))).toBe(false);
  });

  it('moves a symlink itself, not what it points to', async () => {
    const { client, allowed, outside } = await start(kind);
    await writeFile(join(outside, 'target.txt'), 'outside stays');
    await symlink(join(outside, 'target.txt'), join(allowed, 'link'));
    const result = await client.callTool('move_file', { source: 'link', destination: 'renamed-link' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ kind: 'symlink' });
    expect(await readlink(join(allowed, 'renamed-link'))).toBe(join(outside, 'target.txt'));
    expect(existsSync(join(allowed, 'link'))).toBe(false);
    expect(await readdir(outside)).toEqual(['target.txt']);
    expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('outside stays');
  });

  it('refuses the allowed directory itself, moving into itself, and missing paths, changing nothing', async () => {
    const harness = await start(kind);
    const { allowed, client } = harness;
    await mkdir(join(allowed, 'box'));
    await writeFile(join(allowed, 'f.txt'), 'f');
    for (const [source, destination, code, text] of [
      [allowed, join(allowed, 'x'), 'forbidden', /allowed directory itself/],
      ['box', 'box/inner', 'invalid_input', /into itself/],
      ['f.txt', 'f.txt', 'invalid_input', /same place/],
      ['missing.txt', 'x', 'not_found', /missing\.txt does not exist/],
      ['f.txt', 'no/dir/f.txt', 'not_found', /create_directory/],
    ] as const) {
      await expectUnchangedAfter(harness, () => client.callTool('move_file', { source, destination }), code, text);
    }
  });

  it('refuses a destination inside a symlinked directory that leads outside', async () => {
    const harness = await start(kind);
    await symlink(harness.outside, join(harness.allowed, 'escape'));
    await writeFile(join(harness.allowed, 'f.txt'), 'f');
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('move_file', { source: 'f.txt', destination: 'escape/f.txt' }),
      'forbidden',
      /outside the allowed directories/,
    );
    expect(await readdir(harness.outside)).toEqual([]);
  });
});

describe('move_file across filesystems', () => {
  // /dev/shm is a tmpfs on Linux: another filesystem than the temp dir's, so no rename.
  const shm = '/dev/shm';
  const crossFs = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;
  it.skipIf(!crossFs)('refuses with a clear error and leaves the source in place', async () => {
    const other = await mkdtemp(join(shm, 'mcpkit-fs-'));
    try {
      const harness = await start('v2-legacy', { directories: (dir) => [dir.join('allowed'), other] });
      await writeFile(join(harness.allowed, 'f.txt'), 'stays');
      await mkdir(join(harness.allowed, 'd'));
      for (const source of ['f.txt', 'd']) {
        const result = await harness.client.callTool('move_file', { source, destination: join(other, source) });
        expect(result.isError).toBe(true);
        expect(result.text).toContain('are on different filesystems, and move_file only renames');
      }
      expect(await readFile(join(harness.allowed, 'f.txt'), 'utf8')).toBe('stays');
      expect(await readdir(other)).toEqual([]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
