import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilesystemHarness, startFilesystem, useFilesystem } from '../filesystem-server.fixture.js';
import { expectToolError } from '../tool-assertions.fixture.js';

/** Small caps so paging and cutting show on small files. */
const ARGV = ['--max-read-lines', '50', '--max-read-bytes', '4096'];

/** A tool error with `code` and `text`, and no stack trace in it. */
function expectError(result: ToolCallOutcome, code: string, text: RegExp): void {
  expectToolError(result, code, text);
  expect(result.text).not.toMatch(/\n\s+at /);
}

const numbered = (count: number, width = 0) =>
  Array.from({ length: count }, (_, i) => `line ${i + 1}`.padEnd(width, '.'))
    .map((line) => `${line}\n`)
    .join('');

describe.each(CLIENT_KINDS)('read_text_file (%s)', (kind) => {
  let h: FilesystemHarness;
  const file = (name: string) => join(h.allowed, name);
  const read = (args: Record<string, unknown>) => h.client.callTool('read_text_file', args);

  beforeAll(async () => {
    h = await startFilesystem(kind, { argv: ARGV });
    await writeFile(file('small.txt'), 'alpha\nbeta\ngamma\ndelta\n');
    await writeFile(file('long.txt'), numbered(120));
    await writeFile(file('wide.txt'), numbered(100, 99));
    await writeFile(file('crlf.txt'), 'one\r\ntwo\r\nthree\r\n');
    await writeFile(file('bom.txt'), '\uFEFFhello\nworld\n');
    await writeFile(file('empty.txt'), '');
    await writeFile(file('no-newline.txt'), 'first\nlast');
    await writeFile(file('binary.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    await mkdir(file('folder'));
    await writeFile(join(h.outside, 'secret.txt'), 'SECRET\n');
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads a small file whole, with its line numbers and size', async () => {
    const result = await read({ path: file('small.txt') });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('alpha\nbeta\ngamma\ndelta\n');
    expect(result.structured).toEqual({
      path: file('small.txt'),
      content: 'alpha\nbeta\ngamma\ndelta\n',
      startLine: 1,
      endLine: 4,
      totalLines: 4,
      truncated: false,
      size: 23,
    });
  });

  it('reads the first N lines with head, and says where the rest starts', async () => {
    const result = await read({ path: file('small.txt'), head: 2 });
    expect(result.text).toBe('alpha\nbeta\n');
    expect(result.structured).toMatchObject({ startLine: 1, endLine: 2, truncated: false, nextOffset: 3 });
    expect(result.structured?.totalLines).toBeUndefined();
  });

  it('reads the last N lines with tail, numbered', async () => {
    const result = await read({ path: file('small.txt'), tail: 2 });
    expect(result.text).toBe('gamma\ndelta\n');
    expect(result.structured).toMatchObject({ startLine: 3, endLine: 4, totalLines: 4, truncated: false });
    const more = await read({ path: file('small.txt'), tail: 50 });
    expect(more.structured).toMatchObject({ content: 'alpha\nbeta\ngamma\ndelta\n', startLine: 1, endLine: 4 });
  });

  it('pages through a file longer than the line cap with offset and limit', async () => {
    const first = await read({ path: file('long.txt') });
    expect(first.structured).toMatchObject({ startLine: 1, endLine: 50, truncated: true, nextOffset: 51 });
    expect(first.text).toMatch(/line 50\n\[cut at line 50, byte 391 of 972; continue with offset=51\]$/);
    expect((first.structured as { content: string }).content).toBe(numbered(50));

    let collected = '';
    let offset: number | undefined = 1;
    const pages: unknown[] = [];
    while (offset !== undefined) {
      const page = await read({ path: file('long.txt'), offset, limit: 50 });
      expect(page.isError, page.text).toBe(false);
      const data = page.structured as { content: string; nextOffset?: number; truncated: boolean };
      // A limit the caller chose is not a cut: the text is the content alone.
      expect(data.truncated).toBe(false);
      expect(page.text).toBe(data.content);
      collected += data.content;
      pages.push({ ...data, content: undefined });
      offset = data.nextOffset;
    }
    expect(collected).toBe(await readFile(file('long.txt'), 'utf8'));
    expect(pages.at(-1)).toMatchObject({ startLine: 101, endLine: 120, totalLines: 120 });
    expect(pages).toHaveLength(3);
  });

  it('cuts at the byte cap on a line boundary even when a larger limit is asked', async () => {
    const result = await read({ path: file('wide.txt'), offset: 11, limit: 100 });
    const data = result.structured as { content: string; endLine: number; nextOffset: number; truncated: boolean };
    expect(data).toMatchObject({ startLine: 11, endLine: 50, truncated: true, nextOffset: 51 });
    expect(Buffer.byteLength(data.content)).toBeLessThanOrEqual(4096);
    expect(data.content.endsWith('\n')).toBe(true);
    expect(data.content.startsWith('line 11.')).toBe(true);
    expect(result.text).toContain('continue with offset=51]');
  });

  it('cuts a tail at the byte cap from the front, counting lines from the end when the start was not read', async () => {
    const result = await read({ path: file('wide.txt'), tail: 100 });
    const data = result.structured as { content: string };
    expect(data.content).toBe(numbered(100, 99).split('\n').slice(60, 100).join('\n') + '\n');
    expect(result.structured).toMatchObject({ startLine: -40, endLine: -1, truncated: true });
    expect(result.structured?.totalLines).toBeUndefined();
    expect(result.structured?.nextOffset).toBeUndefined();
    expect(result.text).toMatch(/line 100\.+\n\[cut to the last 40 of 100 lines to fit the 4,096-byte limit\]$/);
  });

  it('never cuts a multi-byte UTF-8 character at the byte cap', async () => {
    await writeFile(file('euro.txt'), `${'€'.repeat(3000)}\nnext\n`);
    const result = await read({ path: file('euro.txt') });
    const data = result.structured as { content: string };
    expect(data.content).toBe('€'.repeat(1365));
    expect(data.content).not.toContain('\uFFFD');
    expect(result.structured).toMatchObject({ startLine: 1, endLine: 1, truncated: true, nextOffset: 2 });
    expect(result.text).toContain('[line 1 is longer than 4,096 bytes and was cut; continue with offset=2]');
    // Whole lines of 4-byte characters stop before the line that does not fit.
    await writeFile(file('emoji.txt'), `${'😀'.repeat(300)}\n`.repeat(5));
    const emoji = (await read({ path: file('emoji.txt') })).structured as { content: string; endLine: number };
    expect(emoji.content).toBe(`${'😀'.repeat(300)}\n`.repeat(3));
    expect(emoji.endLine).toBe(3);
  });

  it('keeps CRLF line endings as they are, at head and tail', async () => {
    expect((await read({ path: file('crlf.txt') })).text).toBe('one\r\ntwo\r\nthree\r\n');
    expect((await read({ path: file('crlf.txt'), head: 1 })).text).toBe('one\r\n');
    expect((await read({ path: file('crlf.txt'), tail: 1 })).text).toBe('three\r\n');
  });

  it('strips a UTF-8 byte order mark', async () => {
    expect((await read({ path: file('bom.txt') })).text).toBe('hello\nworld\n');
    expect((await read({ path: file('bom.txt'), tail: 5 })).text).toBe('hello\nworld\n');
  });

  it('says an empty file is empty', async () => {
    const result = await read({ path: file('empty.txt') });
    expect(result.isError).toBe(false);
    expect(result.text).toBe('[the file is empty]');
    expect(result.structured).toMatchObject({ content: '', startLine: 1, endLine: 0, totalLines: 0, truncated: false, size: 0 });
  });

  it('counts a last line without a trailing newline', async () => {
    expect((await read({ path: file('no-newline.txt') })).structured).toMatchObject({ content: 'first\nlast', totalLines: 2 });
    expect((await read({ path: file('no-newline.txt'), tail: 1 })).text).toBe('last');
    expect((await read({ path: file('no-newline.txt'), offset: 2 })).text).toBe('last');
  });

  it('refuses a binary file and points at read_media_file', async () => {
    expectError(await read({ path: file('binary.dat') }), 'invalid_input', /binary.*read_media_file/);
  });

  it('refuses a directory, a missing file and a path outside, each with a clear message', async () => {
    expectError(await read({ path: file('folder') }), 'invalid_input', /is a directory.*list_directory/);
    expectError(await read({ path: file('nope.txt') }), 'not_found', /nope\.txt does not exist\. Check the path/);
    expectError(await read({ path: join(h.outside, 'secret.txt') }), 'forbidden', /outside the allowed directories/);
    await symlink(join(h.outside, 'secret.txt'), file('sneaky.txt'));
    const sneaky = await read({ path: file('sneaky.txt') });
    expectError(sneaky, 'forbidden', /symbolic link/);
    expect(sneaky.text).not.toContain('SECRET');
  });

  it('refuses options that contradict each other, and an offset past the end', async () => {
    for (const [options, text] of [
      [{ head: 1, tail: 1 }, /head or tail, not both/],
      [{ tail: 1, offset: 2 }, /tail cannot be combined with offset or limit/],
      [{ tail: 1, limit: 2 }, /tail cannot be combined/],
      [{ head: 1, limit: 2 }, /head and limit/],
      [{ offset: 9 }, /offset 9 is past the end .* 4 line/],
      [{ offset: 0 }, /offset/],
      [{ head: 1.5 }, /head/],
    ] as const) {
      expectError(await read({ path: file('small.txt'), ...options }), 'invalid_input', text);
    }
  });

  it('serves read_file as the same tool under its old name', async () => {
    const result = await h.client.callTool('read_file', { path: file('small.txt'), tail: 1 });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ content: 'delta\n', startLine: 4, endLine: 4 });
  });
});

describe('read_text_file on a large file', () => {
  const start = useFilesystem();

  it('reads deep pages and the tail of a 20 MB file', async () => {
    const h = await start('v2-modern', { argv: ARGV });
    const lines = 200_000;
    await writeFile(join(h.allowed, 'big.log'), numbered(lines, 99));
    const page = await h.client.callTool('read_text_file', { path: join(h.allowed, 'big.log'), offset: 150_001, limit: 2 });
    expect(page.structured).toMatchObject({ startLine: 150_001, endLine: 150_002, nextOffset: 150_003, size: lines * 100 });
    expect((page.structured as { content: string }).content).toMatch(/^line 150001\.+\nline 150002\.+\n$/);
    const tail = await h.client.callTool('read_text_file', { path: join(h.allowed, 'big.log'), tail: 2 });
    expect(tail.structured).toMatchObject({ startLine: -2, endLine: -1, truncated: false });
    expect((tail.structured as { content: string }).content).toMatch(/^line 199999\.+\nline 200000\.+\n$/);
    const end = await h.client.callTool('read_text_file', { path: join(h.allowed, 'big.log'), offset: 199_990 });
    expect(end.structured).toMatchObject({ startLine: 199_990, endLine: 200_000, totalLines: 200_000, truncated: false });
  });
});

describe('read tools in the tool list', () => {
  const start = useFilesystem();

  it('are declared read-only, with short descriptions and output schemas', async () => {
    const h = await start('v2-legacy');
    const tools = await h.client.listTools();
    for (const name of ['read_text_file', 'read_file', 'read_media_file', 'read_multiple_files', 'get_file_info']) {
      const tool = tools.find((candidate) => candidate.name === name);
      expect(tool, name).toBeDefined();
      expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tool?.description?.length).toBeLessThanOrEqual(300);
      expect(tool?.outputSchema).toBeDefined();
    }
    expect(tools.find((tool) => tool.name === 'read_file')?.description).toMatch(/^Deprecated: use read_text_file/);
  });
});

describe.each(CLIENT_KINDS)('read_text_file over HTTP (%s)', (kind) => {
  let h: FilesystemHarness;
  beforeAll(async () => {
    h = await startFilesystem(kind, { argv: ARGV, via: 'http' });
    await writeFile(join(h.allowed, 'long.txt'), numbered(120));
  });
  afterAll(async () => {
    await h.close();
  });

  it('pages and tails a long file', async () => {
    const page = await h.client.callTool('read_text_file', { path: join(h.allowed, 'long.txt'), offset: 60, limit: 5 });
    expect(page.structured).toMatchObject({ content: 'line 60\nline 61\nline 62\nline 63\nline 64\n', nextOffset: 65 });
    const tail = await h.client.callTool('read_text_file', { path: join(h.allowed, 'long.txt'), tail: 3 });
    expect(tail.structured).toMatchObject({ content: 'line 118\nline 119\nline 120\n', startLine: 118, endLine: 120, totalLines: 120 });
  });

  it('reports a missing file as not found', async () => {
    expectError(await h.client.callTool('read_text_file', { path: join(h.allowed, 'gone.txt') }), 'not_found', /does not exist/);
  });
});
