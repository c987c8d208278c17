// write_file, append_file and edit_file through the real server and real MCP clients.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, link, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type FilesystemHarness, snapshot, useFilesystem } from '../filesystem-server.fixture.js';
import { TEMP_SUFFIX } from '../io/atomic-write.js';
import { errorCode, expectUnchangedAfter } from '../tool-assertions.fixture.js';

const start = useFilesystem();

describe.each(CLIENT_KINDS)('write_file (%s)', (kind) => {
  it('creates a new file and says so', async () => {
    const { client, allowed } = await start(kind);
    const result = await client.callTool('write_file', { path: join(allowed, 'new.txt'), content: 'hello\n' });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe(`Wrote 6 bytes to ${join(allowed, 'new.txt')} (new file).`);
    expect(result.structured).toEqual({ path: join(allowed, 'new.txt'), bytes: 6, created: true });
    expect(await readFile(join(allowed, 'new.txt'), 'utf8')).toBe('hello\n');
  });

  it('replaces an existing file, keeping its mode, and leaves no temporary file', async () => {
    const { client, allowed } = await start(kind);
    const path = join(allowed, 'keep-mode.txt');
    await writeFile(path, 'old content that is longer\n');
    await chmod(path, 0o640);
    const content = `${'x'.repeat(1233)}\n`;
    const result = await client.callTool('write_file', { path: 'keep-mode.txt', content });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('Wrote 1,234 bytes to keep-mode.txt (replaced).');
    expect(result.structured).toEqual({ path, bytes: 1234, created: false });
    expect(await readFile(path, 'utf8')).toBe(content);
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(allowed)).toEqual(['keep-mode.txt']);
  });

  it('refuses a missing parent directory, pointing to create_directory, and creates nothing', async () => {
    const harness = await start(kind);
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('write_file', { path: join(harness.allowed, 'no', 'such', 'f.txt'), content: 'x' }),
      'invalid_input',
      /does not exist\. Create it first with create_directory/,
    );
  });

  it('refuses to write over a directory or through a file used as a directory', async () => {
    const harness = await start(kind);
    await mkdir(join(harness.allowed, 'dir'));
    await writeFile(join(harness.allowed, 'plain.txt'), 'plain');
    const before = await snapshot(harness);
    const onDir = await harness.client.callTool('write_file', { path: join(harness.allowed, 'dir'), content: 'x' });
    expect(onDir).toMatchObject({ isError: true, text: expect.stringContaining('is a directory') });
    const underFile = await harness.client.callTool('write_file', { path: join(harness.allowed, 'plain.txt', 'child'), content: 'x' });
    expect(underFile).toMatchObject({ isError: true, text: expect.stringContaining('a part of the path is a file') });
    expect(errorCode(underFile)).toBe('invalid_input');
    expect(await snapshot(harness)).toEqual(before);
  });
});

describe('write_file atomicity', () => {
  it('lets a concurrent reader see only the old or the new content, never half', async () => {
    const { client, allowed } = await start('v2-legacy');
    const path = join(allowed, 'big.txt');
    const a = 'a'.repeat(1_500_000);
    const b = 'b'.repeat(1_500_000);
    await writeFile(path, a);
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const content = await readFile(path, 'utf8');
        seen.add(content === a ? 'a' : content === b ? 'b' : `torn (${content.length} chars)`);
      }
    })();
    for (let i = 0; i < 8; i++) {
      const result = await client.callTool('write_file', { path, content: i % 2 === 0 ? b : a });
      expect(result.isError, result.text).toBe(false);
    }
    writing = false;
    await reader;
    expect([...seen].filter((s) => s.startsWith('torn'))).toEqual([]);
    expect(await readdir(allowed)).toEqual(['big.txt']);
  });

  // RLIMIT_FSIZE makes the kernel refuse the write half-way (EFBIG; Node ignores SIGXFSZ):
  // a real failure after the temporary file was created. prlimit sets it on this worker.
  it.skipIf(process.platform !== 'linux' || !existsSync('/usr/bin/prlimit'))(
    'keeps the old content and removes the temporary file when a write fails half-way',
    async () => {
      const harness = await start('v1');
      const path = join(harness.allowed, 'precious.txt');
      await writeFile(path, 'precious\n');
      const before = await snapshot(harness);
      execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=65536:unlimited']);
      let result: ToolCallOutcome;
      try {
        result = await harness.client.callTool('write_file', { path, content: 'z'.repeat(200_000) });
      } finally {
        execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=unlimited:unlimited']);
      }
      expect(result.isError).toBe(true);
      expect(result.text).toContain('larger than the filesystem allows');
      expect(result.text).toContain('Nothing was changed');
      expect(await readFile(path, 'utf8')).toBe('precious\n');
      expect((await readdir(harness.allowed)).filter((name) => name.endsWith(TEMP_SUFFIX))).toEqual([]);
      expect(await snapshot(harness)).toEqual(before);
    },
  );

  it('writes a file whose name is as long as the filesystem allows', async () => {
    const { client, allowed } = await start('v2-modern');
    const name = `${'n'.repeat(251)}.txt`;
    const result = await client.callTool('write_file', { path: join(allowed, name), content: 'long' });
    expect(result.isError, result.text).toBe(false);
    expect(await readdir(allowed)).toEqual([name]);
  });
});

describe.each(CLIENT_KINDS)('append_file (%s)', (kind) => {
  it('creates a missing file', async () => {
    const { client, allowed } = await start(kind);
    const result = await client.callTool('append_file', { path: 'log.txt', content: 'first\n' });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe('Appended 6 bytes to log.txt (new file).');
    expect(result.structured).toEqual({ path: join(allowed, 'log.txt'), bytesAppended: 6, size: 6, created: true });
    expect(await readFile(join(allowed, 'log.txt'), 'utf8')).toBe('first\n');
  });

  it('appends to an existing file and keeps its inode', async () => {
    const { client, allowed } = await start(kind);
    const path = join(allowed, 'log.txt');
    await writeFile(path, 'first\n');
    const inode = (await stat(path)).ino;
    const result = await client.callTool('append_file', { path, content: 'second\n' });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toBe(`Appended 7 bytes to ${path} (now 13 bytes).`);
    expect(result.structured).toMatchObject({ bytesAppended: 7, size: 13, created: false });
    expect(await readFile(path, 'utf8')).toBe('first\nsecond\n');
    expect((await stat(path)).ino).toBe(inode);
  });

  it('refuses a file hard-linked from outside and leaves both names untouched', async () => {
    const harness = await start(kind);
    await writeFile(join(harness.outside, 'shared.txt'), 'outside original\n');
    await link(join(harness.outside, 'shared.txt'), join(harness.allowed, 'linked.txt'));
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('append_file', { path: join(harness.allowed, 'linked.txt'), content: 'pwned\n' }),
      'forbidden',
      /hard link/,
    );
    expect(await readFile(join(harness.outside, 'shared.txt'), 'utf8')).toBe('outside original\n');
  });

  it('refuses a missing directory and a directory as the file, changing nothing', async () => {
    const harness = await start(kind);
    await mkdir(join(harness.allowed, 'dir'));
    const before = await snapshot(harness);
    const missing = await harness.client.callTool('append_file', { path: 'nope/log.txt', content: 'x' });
    expect(missing).toMatchObject({ isError: true, text: expect.stringContaining('Create it first with create_directory') });
    const onDir = await harness.client.callTool('append_file', { path: 'dir', content: 'x' });
    expect(onDir).toMatchObject({ isError: true, text: expect.stringContaining('is a directory') });
    expect(await snapshot(harness)).toEqual(before);
  });

  it('never follows a dangling symlink out when creating', async () => {
    const harness = await start(kind);
    await symlink(join(harness.outside, 'planted.txt'), join(harness.allowed, 'dangling'));
    await expectUnchangedAfter(harness, () => harness.client.callTool('append_file', { path: 'dangling', content: 'x' }), 'forbidden');
    expect(existsSync(join(harness.outside, 'planted.txt'))).toBe(false);
  });
});

describe.each(CLIENT_KINDS)('edit_file (%s)', (kind) => {
  const original = 'alpha\nbeta\ngamma\n';

  async function withFile(content: string, mode?: number): Promise<{ harness: FilesystemHarness; path: string }> {
    const harness = await start(kind);
    const path = join(harness.allowed, 'code.txt');
    await writeFile(path, content);
    if (mode !== undefined) await chmod(path, mode);
    return { harness, path };
  }

  it('replaces an exact match and returns a unified diff', async () => {
    const { harness, path } = await withFile(original, 0o640);
    const result = await harness.client.callTool('edit_file', { path, edits: [{ oldText: 'beta', newText: 'BETA' }] });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toMatch(/^Edited .*code\.txt: 1 edit applied\.\n```diff\n/);
    expect(result.text).toContain('-beta\n+BETA\n');
    expect(result.structured).toMatchObject({ path, editsApplied: 1, dryRun: false, changed: true });
    expect((result.structured as { diff: string }).diff).toContain('@@ -1,3 +1,3 @@');
    expect(await readFile(path, 'utf8')).toBe('alpha\nBETA\ngamma\n');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(harness.allowed)).toEqual(['code.txt']);
  });

  it('falls back to a whitespace-flexible line match and re-indents', async () => {
    const { harness, path } = await withFile('class A {\n    run() {\n        old();\n    }\n}\n');
    const result = await harness.client.callTool('edit_file', {
      path,
      edits: [{ oldText: 'run() {\n  old();\n}', newText: 'run() {\n  fresh();\n  more();\n}' }],
    });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('class A {\n    run() {\n        fresh();\n        more();\n    }\n}\n');
  });

  it('refuses an ambiguous edit with the line numbers and leaves the file untouched', async () => {
    const { harness } = await withFile('a\ncall();\nb\ncall();\n');
    const result = await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('edit_file', { path: 'code.txt', edits: [{ oldText: 'call();', newText: 'x();' }] }),
      'invalid_input',
      /edits\[0\]: oldText matches 2 places \(lines 2, 4\)/,
    );
    expect(result.text).toContain('Nothing was written');
  });

  it('names the edit that was not found and writes none of the edits', async () => {
    const { harness } = await withFile(original);
    const before = await snapshot(harness);
    const result = await harness.client.callTool('edit_file', {
      path: 'code.txt',
      edits: [
        { oldText: 'alpha', newText: 'ALPHA' },
        { oldText: 'delta\nepsilon', newText: 'x' },
      ],
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('edits[1]: oldText was not found (first line: "delta")');
    expect(result.text).toContain('Nothing was written');
    expect(await snapshot(harness)).toEqual(before);
  });

  it('inserts $& and $1 literally', async () => {
    const { harness, path } = await withFile('const re = PLACEHOLDER;\n');
    const newText = "'$&-$1-$$-$`'";
    const result = await harness.client.callTool('edit_file', { path, edits: [{ oldText: 'PLACEHOLDER', newText }] });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(path, 'utf8')).toBe(`const re = ${newText};\n`);
  });

  it('keeps CRLF line endings', async () => {
    const { harness, path } = await withFile('one\r\ntwo\r\nthree\r\n');
    const result = await harness.client.callTool('edit_file', { path, edits: [{ oldText: 'two\nthree', newText: '2\n3\n3.5' }] });
    expect(result.isError, result.text).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('one\r\n2\r\n3\r\n3.5\r\n');
    expect(result.text).not.toContain('\r');
  });

  it('writes nothing on dryRun but shows the diff', async () => {
    const { harness, path } = await withFile(original);
    const before = await snapshot(harness);
    const result = await harness.client.callTool('edit_file', { path, edits: [{ oldText: 'gamma', newText: 'GAMMA' }], dryRun: true });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toMatch(/^Dry run: 1 edit would change .*; nothing was written\./);
    expect(result.text).toContain('+GAMMA');
    expect(result.structured).toMatchObject({ dryRun: true, changed: true, editsApplied: 1 });
    expect(await snapshot(harness)).toEqual(before);
  });

  it('applies several edits in order, each seeing the previous result', async () => {
    const { harness, path } = await withFile(original);
    const result = await harness.client.callTool('edit_file', {
      path,
      edits: [
        { oldText: 'alpha', newText: 'first' },
        { oldText: 'first\nbeta', newText: 'first and beta' },
        { oldText: 'gamma\n', newText: 'gamma\ndelta\n' },
      ],
    });
    expect(result.isError, result.text).toBe(false);
    expect(result.text).toContain('3 edits applied');
    expect(await readFile(path, 'utf8')).toBe('first and beta\ngamma\ndelta\n');
  });

  it('reports an edit that changes nothing and leaves the file alone', async () => {
    const { harness, path } = await withFile(original);
    const before = await snapshot(harness);
    const result = await harness.client.callTool('edit_file', { path, edits: [{ oldText: 'beta', newText: 'beta' }] });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ changed: false, diff: expect.any(String) });
    expect(result.text).toContain('No change');
    expect(await snapshot(harness)).toEqual(before);
  });

  it('refuses empty oldText, missing files and non-UTF-8 files', async () => {
    const { harness, path } = await withFile(original);
    await writeFile(join(harness.allowed, 'binary.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const before = await snapshot(harness);
    const empty = await harness.client.callTool('edit_file', { path, edits: [{ oldText: '', newText: 'x' }] });
    expect(empty).toMatchObject({ isError: true, text: expect.stringContaining('edits[0]: oldText is empty') });
    const missing = await harness.client.callTool('edit_file', { path: 'missing.txt', edits: [{ oldText: 'a', newText: 'b' }] });
    expect(missing.isError).toBe(true);
    expect(errorCode(missing)).toBe('not_found');
    const binary = await harness.client.callTool('edit_file', { path: 'binary.bin', edits: [{ oldText: 'A', newText: 'B' }] });
    expect(binary).toMatchObject({ isError: true, text: expect.stringContaining('not UTF-8') });
    expect(await snapshot(harness)).toEqual(before);
  });
});

describe('edit_file diff cap', () => {
  it('cuts a long diff at maxReadBytes and says the edit was applied in full', async () => {
    const { client, allowed } = await start('v2-modern', { argv: ['--max-read-bytes', '1024'] });
    const path = join(allowed, 'long.txt');
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    await writeFile(path, `${lines.join('\n')}\n`);
    const result = await client.callTool('edit_file', {
      path,
      edits: [{ oldText: lines.join('\n'), newText: lines.map((line) => line.toUpperCase()).join('\n') }],
    });
    expect(result.isError, result.text).toBe(false);
    const diff = (result.structured as { diff: string }).diff;
    expect(Buffer.byteLength(diff)).toBeLessThanOrEqual(1024);
    expect(diff.endsWith('\n')).toBe(true);
    expect(result.text).toMatch(/The diff is cut at 1,024 of [\d,]+ bytes; the edit was applied in full\./);
    expect(await readFile(path, 'utf8')).toContain('LINE 199\n');
  });
});
