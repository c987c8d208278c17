import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_KINDS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { makeFiles, useFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';

const start = useFilesystem();

describe.each(CLIENT_KINDS)('list_directory (%s)', (kind) => {
  it('lists one level sorted by name, tagging directories, files and symlinks', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'b.txt': 'b', 'a.txt': 'a', 'Zeta/inner.txt': '', 'dir/deep/x.txt': '' });
    symlinkSync(h.outside, join(h.allowed, 'link'));
    const result = await h.client.callTool('list_directory', { path: h.allowed });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('[FILE] a.txt\n[FILE] b.txt\n[DIR] dir\n[LINK] link\n[DIR] Zeta');
    expect(result.structured).toEqual({
      path: h.allowed,
      entries: [
        { name: 'a.txt', type: 'file' },
        { name: 'b.txt', type: 'file' },
        { name: 'dir', type: 'directory' },
        { name: 'link', type: 'symlink' },
        { name: 'Zeta', type: 'directory' },
      ],
      truncated: false,
    });
  });

  it('says when a directory is empty', async () => {
    const h = await start(kind);
    mkdirSync(join(h.allowed, 'empty'));
    const result = await h.client.callTool('list_directory', { path: join(h.allowed, 'empty') });
    expect(result.isError).toBe(false);
    expect(result.text).toBe(`${join(h.allowed, 'empty')} is empty.`);
    expect(result.structured).toMatchObject({ entries: [], truncated: false });
  });

  it('refuses a missing path, a file, and a path outside with clear messages', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'file.txt': 'x' });
    const missing = await h.client.callTool('list_directory', { path: join(h.allowed, 'nope') });
    expect(missing.isError).toBe(true);
    expect(errorCode(missing)).toBe('not_found');
    expect(missing.text).toContain('does not exist');
    const file = await h.client.callTool('list_directory', { path: join(h.allowed, 'file.txt') });
    expect(errorCode(file)).toBe('invalid_input');
    expect(file.text).toContain('is a file, not a directory');
    const outside = await h.client.callTool('list_directory', { path: h.outside });
    expect(errorCode(outside)).toBe('forbidden');
    expect(outside.text).toContain('outside the allowed directories');
    const throughLink = await (async () => {
      symlinkSync(h.outside, join(h.allowed, 'out'));
      return h.client.callTool('list_directory', { path: join(h.allowed, 'out') });
    })();
    expect(errorCode(throughLink)).toBe('forbidden');
    expect(throughLink.text).toContain('symbolic link');
  });
});

describe.each(CLIENT_KINDS)('list_directory_with_sizes (%s)', (kind) => {
  it('gives sizes, modification times and totals, sorted by name or by size', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'small.txt': 'x'.repeat(10), 'big.bin': 'y'.repeat(3000), 'mid.txt': 'z'.repeat(500), 'sub/inner.txt': 'q' });
    const byName = await h.client.callTool('list_directory_with_sizes', { path: h.allowed });
    expect(byName.isError, byName.text).toBe(false);
    expect(byName.text).toBe(
      [
        '[FILE] big.bin  2.93 KB',
        '[FILE] mid.txt  500 B',
        '[FILE] small.txt  10 B',
        '[DIR] sub',
        '',
        'Total: 3 files, 1 directories',
        'Combined size: 3.43 KB',
      ].join('\n'),
    );
    const data = byName.structured as { entries: Array<{ name: string; size?: number; modified?: string }> } & Record<string, unknown>;
    expect(data).toMatchObject({ path: h.allowed, totalFiles: 3, totalDirectories: 1, totalSize: 3510, truncated: false });
    expect(data.entries.map((e) => [e.name, e.size])).toEqual([
      ['big.bin', 3000],
      ['mid.txt', 500],
      ['small.txt', 10],
      ['sub', undefined],
    ]);
    expect(Date.parse(data.entries[0]?.modified ?? '')).toBeGreaterThan(Date.now() - 600_000);
    const bySize = await h.client.callTool('list_directory_with_sizes', { path: h.allowed, sortBy: 'size' });
    expect((bySize.structured as typeof data).entries.map((e) => e.name)).toEqual(['big.bin', 'mid.txt', 'small.txt', 'sub']);
  });

  it("gives a symlink's own size, not its target's", async () => {
    const h = await start(kind);
    writeFileSync(join(h.outside, 'huge.txt'), 'h'.repeat(100_000));
    symlinkSync(join(h.outside, 'huge.txt'), join(h.allowed, 'link'));
    const result = await h.client.callTool('list_directory_with_sizes', { path: h.allowed });
    const [entry] = (result.structured as { entries: Array<{ type: string; size: number }> }).entries;
    expect(entry?.type).toBe('symlink');
    expect(entry?.size).toBe(join(h.outside, 'huge.txt').length);
  });

  it('rejects an unknown sortBy with a field-level message', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('list_directory_with_sizes', { path: h.allowed, sortBy: 'date' });
    expect(errorCode(result)).toBe('invalid_input');
    expect(result.text).toContain('sortBy');
  });
});

describe('listings cut at --max-entries', () => {
  it.each(['list_directory', 'list_directory_with_sizes'])('%s shows the first entries and says how many more there are', async (tool) => {
    const h = await start('v2-legacy', { argv: ['--max-entries', '20'] });
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, 'x'])));
    const result = await h.client.callTool(tool, { path: h.allowed });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { entries: Array<{ name: string }>; truncated: boolean };
    expect(data.truncated).toBe(true);
    expect(data.entries).toHaveLength(20);
    expect(data.entries.at(-1)?.name).toBe('f19.txt');
    expect(result.text).toContain('[5 more entries not shown');
  });
});

describe('listings over Streamable HTTP', () => {
  it.each(['v2-modern', 'v1'] as const)('lists a directory (%s)', async (kind) => {
    const h = await start(kind, { via: 'http' });
    makeFiles(h.allowed, { 'one.txt': '1', 'two/x': '' });
    const result = await h.client.callTool('list_directory', { path: h.allowed });
    expect(result.text).toBe('[FILE] one.txt\n[DIR] two');
    const sized = await h.client.callTool('list_directory_with_sizes', { path: h.allowed });
    expect(sized.structured).toMatchObject({ totalFiles: 1, totalDirectories: 1, totalSize: 1 });
  });
});
