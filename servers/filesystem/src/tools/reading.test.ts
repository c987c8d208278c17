import { chmod, lstat, mkdir, readdir, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KINDS } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilesystemHarness, startFilesystem, useFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';
import { shareBudget } from './read-multiple-files.js';

const ARGV = ['--max-read-lines', '50', '--max-read-bytes', '4096'];

type FileEntry = { path: string; content?: string; error?: string; truncated: boolean; nextOffset?: number };

/** `count` lines of exactly 100 bytes each, numbered from `from`. */
const wideLines = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `${`line ${from + i}`.padEnd(99, '.')}\n`).join('');

describe.each(CLIENT_KINDS)('read_multiple_files (%s)', (kind) => {
  let h: FilesystemHarness;
  const file = (name: string) => join(h.allowed, name);
  const readMany = async (paths: string[]) => {
    const result = await h.client.callTool('read_multiple_files', { paths });
    return { result, files: (result.structured as { files: FileEntry[] } | undefined)?.files ?? [] };
  };

  beforeAll(async () => {
    h = await startFilesystem(kind, { argv: ARGV });
    await writeFile(file('a.txt'), 'first file\n');
    await writeFile(file('b.txt'), 'second file\n');
    await writeFile(file('bin.dat'), Buffer.from([1, 0, 2]));
    await mkdir(file('dir'));
    for (const name of ['big1.txt', 'big2.txt', 'big3.txt']) await writeFile(file(name), wideLines(30));
    await writeFile(join(h.outside, 'secret.txt'), 'SECRET\n');
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads good files and reports each failure on its own, without failing the call', async () => {
    const paths = [file('a.txt'), file('missing.txt'), join(h.outside, 'secret.txt'), file('bin.dat'), file('dir'), file('b.txt')];
    const { result, files } = await readMany(paths);
    expect(result.isError, result.text).toBe(false);
    expect(files.map((entry) => entry.path)).toEqual(paths);
    expect(files[0]).toEqual({ path: file('a.txt'), content: 'first file\n', truncated: false });
    expect(files[5]).toEqual({ path: file('b.txt'), content: 'second file\n', truncated: false });
    expect(files[1]?.error).toMatch(/missing\.txt does not exist/);
    expect(files[2]?.error).toMatch(/outside the allowed directories/);
    expect(files[3]?.error).toMatch(/binary.*read_media_file/);
    expect(files[4]?.error).toMatch(/is a directory/);
    for (const failed of files.slice(1, 5)) expect(failed.content).toBeUndefined();
    expect(result.text).not.toContain('SECRET');
    expect(result.text).toBe(
      [
        `${file('a.txt')}:\nfirst file\n`,
        `${file('missing.txt')}: Error - ${files[1]?.error}`,
        `${join(h.outside, 'secret.txt')}: Error - ${files[2]?.error}`,
        `${file('bin.dat')}: Error - ${files[3]?.error}`,
        `${file('dir')}: Error - ${files[4]?.error}`,
        `${file('b.txt')}:\nsecond file\n`,
      ].join('\n---\n'),
    );
  });

  it('shares one byte cap across the whole answer and says where each cut file goes on', async () => {
    const { result, files } = await readMany([file('a.txt'), file('big1.txt'), file('big2.txt'), file('big3.txt')]);
    expect(result.isError, result.text).toBe(false);
    const total = files.reduce((sum, entry) => sum + Buffer.byteLength(entry.content ?? ''), 0);
    expect(total).toBeLessThanOrEqual(4096);
    // The small file comes whole; the three big ones split the rest evenly, on line boundaries.
    expect(files[0]).toMatchObject({ content: 'first file\n', truncated: false });
    for (const entry of files.slice(1)) {
      expect(entry).toMatchObject({ content: wideLines(13), truncated: true, nextOffset: 14 });
    }
    expect(result.text).toContain('[cut at line 13, byte 1,300 of 3,000; continue with read_text_file offset=14]');

    // The offset given really continues the file.
    const rest = await h.client.callTool('read_text_file', { path: file('big1.txt'), offset: 14 });
    expect((rest.structured as { content: string }).content).toBe(wideLines(17, 14));
  });

  it('applies the line cap to each file', async () => {
    await writeFile(file('many-lines.txt'), 'x\n'.repeat(80));
    const { files } = await readMany([file('many-lines.txt')]);
    expect(files[0]).toMatchObject({ content: 'x\n'.repeat(50), truncated: true, nextOffset: 51 });
  });

  it('refuses an empty list and more than 50 paths', async () => {
    const none = await h.client.callTool('read_multiple_files', { paths: [] });
    expect(errorCode(none)).toBe('invalid_input');
    const tooMany = await h.client.callTool('read_multiple_files', { paths: Array.from({ length: 51 }, () => file('a.txt')) });
    expect(errorCode(tooMany)).toBe('invalid_input');
    expect(tooMany.text).toMatch(/paths/);
  });

  it('reads 50 files at once', async () => {
    await mkdir(file('fifty'));
    const paths = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const path = file(`fifty/${i}.txt`);
        await writeFile(path, `file ${i}\n`);
        return path;
      }),
    );
    const { files } = await readMany(paths);
    expect(files.map((entry) => entry.content)).toEqual(paths.map((_, i) => `file ${i}\n`));
  });
});

describe('read_multiple_files over HTTP', () => {
  const start = useFilesystem();

  it('reads a mix of files', async () => {
    const h = await start('v1', { via: 'http', argv: ARGV });
    await writeFile(join(h.allowed, 'a.txt'), 'over http\n');
    const result = await h.client.callTool('read_multiple_files', { paths: [join(h.allowed, 'a.txt'), join(h.allowed, 'nope')] });
    const files = (result.structured as { files: FileEntry[] }).files;
    expect(files[0]?.content).toBe('over http\n');
    expect(files[1]?.error).toMatch(/does not exist/);
  });
});

describe('shareBudget', () => {
  it('gives small files what they need and splits the rest among the big ones', () => {
    expect(shareBudget([10, 5000, 5000], 4096)).toEqual([10, 2043, 2043]);
    expect(shareBudget([100, 200], 4096)).toEqual([100, 200]);
    expect(shareBudget([0, 9999], 1024)).toEqual([0, 1024]);
    expect(shareBudget([3000, 3000, 3000], 4096)).toEqual([1365, 1365, 1366]);
  });
});

describe.each(CLIENT_KINDS)('get_file_info (%s)', (kind) => {
  let h: FilesystemHarness;
  const file = (name: string) => join(h.allowed, name);
  const info = async (path: string) => {
    const result = await h.client.callTool('get_file_info', { path });
    return { result, data: result.structured as Record<string, unknown> };
  };

  beforeAll(async () => {
    h = await startFilesystem(kind);
    await writeFile(file('note.txt'), 'hello\n');
    await chmod(file('note.txt'), 0o640);
    await utimes(file('note.txt'), new Date('2024-01-02T03:04:05Z'), new Date('2024-05-06T07:08:09Z'));
    await mkdir(file('sub'));
    await symlink('note.txt', file('link.txt'));
    await symlink('gone.txt', file('dangling-inside'));
    await writeFile(join(h.outside, 'secret.txt'), 'SECRET\n');
    await symlink(join(h.outside, 'secret.txt'), file('link-out'));
  });
  afterAll(async () => {
    await h.close();
  });

  it('describes a file', async () => {
    const { result, data } = await info(file('note.txt'));
    expect(result.isError, result.text).toBe(false);
    expect(data).toMatchObject({
      path: file('note.txt'),
      type: 'file',
      size: 6,
      modified: '2024-05-06T07:08:09.000Z',
      accessed: '2024-01-02T03:04:05.000Z',
      permissions: '640',
      links: 1,
    });
    expect(data.realPath).toBeUndefined();
    expect(data.target).toBeUndefined();
    expect(result.text).toContain('type: file\nsize: 6\n');
    expect(result.text).toContain('permissions: 640');
  });

  it('describes a directory', async () => {
    const { data } = await info(file('sub'));
    expect(data).toMatchObject({ type: 'directory', links: (await stat(file('sub'))).nlink });
  });

  it('describes a symlink inside as itself, with its target type and real path', async () => {
    const { data } = await info(file('link.txt'));
    const own = await lstat(file('link.txt'));
    expect(data).toMatchObject({ type: 'symlink', target: 'file', realPath: file('note.txt'), size: own.size });
    const dangling = await info(file('dangling-inside'));
    expect(dangling.data).toMatchObject({ type: 'symlink', target: 'missing', realPath: file('gone.txt') });
  });

  it('refuses a missing file, a path outside and a symlink that leads outside', async () => {
    const missing = await info(file('nothing.txt'));
    expect(errorCode(missing.result)).toBe('not_found');
    expect(missing.result.text).toMatch(/nothing\.txt does not exist\. Check the path/);
    const outside = await info(join(h.outside, 'secret.txt'));
    expect(errorCode(outside.result)).toBe('forbidden');
    const viaLink = await info(file('link-out'));
    expect(errorCode(viaLink.result)).toBe('forbidden');
    expect(viaLink.result.text).not.toContain('SECRET');
    expect(await readdir(h.outside)).toEqual(['secret.txt']);
  });
});

describe('get_file_info over HTTP', () => {
  const start = useFilesystem();

  it('describes a file', async () => {
    const h = await start('v2-legacy', { via: 'http' });
    await writeFile(join(h.allowed, 'f.txt'), 'abc');
    const result = await h.client.callTool('get_file_info', { path: join(h.allowed, 'f.txt') });
    expect(result.structured).toMatchObject({ type: 'file', size: 3 });
  });
});
