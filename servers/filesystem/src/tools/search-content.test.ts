import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type FilesystemHarness, makeFiles, useFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';

const start = useFilesystem();

interface Match {
  path: string;
  line: number;
  text: string;
  before?: string[];
  after?: string[];
}
interface Data {
  path: string;
  matches: Match[];
  filesSearched: number;
  filesSkipped: number;
  truncated: boolean;
}

const PROJECT = {
  'src/app.ts': 'import { run } from "./run";\nconst TODO = 1;\n// todo: fix this\nrun();\n',
  'src/run.ts': 'export function run() {\n  return 42;\n}\n',
  'docs/notes.md': 'Todo list\n- nothing\n',
  'README.md': 'A project.\n',
};

async function search(
  h: FilesystemHarness,
  args: Record<string, unknown>,
): Promise<{ result: ToolCallOutcome; data: Data; where: string[] }> {
  const result = await h.client.callTool('search_content', { path: h.allowed, ...args });
  expect(result.isError, result.text).toBe(false);
  const data = result.structured as unknown as Data;
  const prefix = `${h.allowed}/`;
  return { result, data, where: data.matches.map((m) => `${m.path.replace(prefix, '')}:${m.line}`) };
}

describe.each(CLIENT_KINDS)('search_content (%s)', (kind) => {
  it('finds literal text case-insensitively by default, sorted by path and line, grouped like ripgrep', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const { result, data, where } = await search(h, { query: 'todo' });
    expect(where).toEqual(['docs/notes.md:1', 'src/app.ts:2', 'src/app.ts:3']);
    expect(data).toMatchObject({ path: h.allowed, filesSearched: 4, filesSkipped: 0, truncated: false });
    expect(data.matches[1]).toEqual({ path: join(h.allowed, 'src/app.ts'), line: 2, text: 'const TODO = 1;' });
    const docs = join(h.allowed, 'docs/notes.md');
    const app = join(h.allowed, 'src/app.ts');
    expect(result.text).toBe(
      [
        `${docs}:1: Todo list`,
        '',
        `${app}:2: const TODO = 1;`,
        `${app}:3: // todo: fix this`,
        '[3 matches in 2 files; 4 files searched]',
      ].join('\n'),
    );
  });

  it('matches case exactly when caseSensitive is set', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search(h, { query: 'TODO', caseSensitive: true })).where).toEqual(['src/app.ts:2']);
  });

  it('treats the query as a regular expression when regex is set', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search(h, { query: '^\\s+return \\d+;$', regex: true })).where).toEqual(['src/run.ts:2']);
    expect((await search(h, { query: 'run\\(\\)', regex: true })).where).toEqual(['src/app.ts:4', 'src/run.ts:1']);
    // Without regex, the same text is looked for literally.
    expect((await search(h, { query: 'run\\(\\)' })).where).toEqual([]);
  });

  it('refuses an invalid regex with the JavaScript error, and a multi-line query', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const bad = await h.client.callTool('search_content', { path: h.allowed, query: 'run(', regex: true });
    expect(bad.isError).toBe(true);
    expect(errorCode(bad)).toBe('invalid_input');
    expect(bad.text).toContain('query is not a valid regular expression: Invalid regular expression: /run(/');
    expect(bad.text).toContain('regex: false');
    const multiLine = await h.client.callTool('search_content', { path: h.allowed, query: 'a\nb' });
    expect(errorCode(multiLine)).toBe('invalid_input');
    expect(multiLine.text).toContain('line break');
    const empty = await h.client.callTool('search_content', { path: h.allowed, query: '' });
    expect(errorCode(empty)).toBe('invalid_input');
    expect(empty.text).toContain('query');
  });

  it('shows context lines, merging overlaps and marking gaps with --', async () => {
    const h = await start(kind);
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    lines[4] = 'hit A';
    lines[6] = 'hit B';
    lines[15] = 'hit C';
    makeFiles(h.allowed, { 'f.txt': `${lines.join('\n')}\n` });
    const { result, data } = await search(h, { query: 'hit', contextLines: 1 });
    expect(data.matches[0]).toMatchObject({ line: 5, text: 'hit A', before: ['line 4'], after: ['line 6'] });
    const f = join(h.allowed, 'f.txt');
    expect(result.text.split('\n').slice(0, -1)).toEqual([
      `${f}-4- line 4`,
      `${f}:5: hit A`,
      `${f}-6- line 6`,
      `${f}:7: hit B`,
      `${f}-8- line 8`,
      '--',
      `${f}-15- line 15`,
      `${f}:16: hit C`,
      `${f}-17- line 17`,
    ]);
  });

  it('searches only include globs and leaves out exclude globs', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { ...PROJECT, 'src/app.test.ts': 'todo in a test\n', 'vendor/lib.ts': 'todo vendored\n' });
    expect((await search(h, { query: 'todo', include: ['*.ts'] })).where).toEqual([
      'src/app.test.ts:1',
      'src/app.ts:2',
      'src/app.ts:3',
      'vendor/lib.ts:1',
    ]);
    expect((await search(h, { query: 'todo', include: ['*.ts'], exclude: ['vendor', '*.test.ts'] })).where).toEqual([
      'src/app.ts:2',
      'src/app.ts:3',
    ]);
    expect((await search(h, { query: 'todo', include: ['docs/**'] })).where).toEqual(['docs/notes.md:1']);
  });

  it('skips binary files and says how many', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'text.txt': 'needle here\n', 'image.bin': Buffer.concat([Buffer.from('needle'), Buffer.from([0, 1, 2, 0])]) });
    const { result, data, where } = await search(h, { query: 'needle' });
    expect(where).toEqual(['text.txt:1']);
    expect(data).toMatchObject({ filesSearched: 1, filesSkipped: 1 });
    expect(result.text).toContain('1 binary skipped');
  });

  it('stops at maxResults and says there are more', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'many.txt': 'x\n'.repeat(50), 'b.txt': 'x\n' });
    const { result, data } = await search(h, { query: 'x', maxResults: 10 });
    expect(data.matches).toHaveLength(10);
    expect(data.truncated).toBe(true);
    expect(result.text).toContain('[cut at maxResults=10');
    const all = await search(h, { query: 'x', maxResults: 51 });
    expect(all.data).toMatchObject({ truncated: false });
    expect(all.data.matches).toHaveLength(51);
  });

  it('respects .gitignore by default, and not when respectGitignore is false', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { '.gitignore': 'dist/\n', 'dist/bundle.js': 'needle\n', 'src/a.js': 'needle\n', '.git/config': 'needle\n' });
    expect((await search(h, { query: 'needle' })).where).toEqual(['src/a.js:1']);
    expect((await search(h, { query: 'needle', respectGitignore: false })).where).toEqual([
      '.git/config:1',
      'dist/bundle.js:1',
      'src/a.js:1',
    ]);
  });

  it('searches a single file given as path', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const { where, data } = await search(h, { path: join(h.allowed, 'src/run.ts'), query: 'return' });
    expect(where).toEqual(['src/run.ts:2']);
    expect(data.filesSearched).toBe(1);
  });

  it('says so when nothing matches, and refuses paths that are missing or outside', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const { result } = await search(h, { query: 'absent-text' });
    expect(result.text).toBe(`No matches for "absent-text" in ${h.allowed}.\n[4 files searched]`);
    const missing = await h.client.callTool('search_content', { path: join(h.allowed, 'nope'), query: 'x' });
    expect(errorCode(missing)).toBe('not_found');
    const outside = await h.client.callTool('search_content', { path: h.outside, query: 'x' });
    expect(errorCode(outside)).toBe('forbidden');
    execFileSync('mkfifo', [join(h.allowed, 'pipe')]);
    const pipe = await h.client.callTool('search_content', { path: join(h.allowed, 'pipe'), query: 'x' });
    expect(errorCode(pipe)).toBe('invalid_input');
    expect(pipe.text).toContain('neither a directory nor a regular file');
  });

  it('shows about 300 characters around a match in a very long line', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { 'min.js': `${'a'.repeat(100_000)}NEEDLE${'b'.repeat(100_000)}\n` });
    const { data } = await search(h, { query: 'needle' });
    expect(data.matches[0]?.text).toMatch(/^…a+NEEDLEb+…$/);
    expect(data.matches[0]?.text.length).toBeLessThanOrEqual(302);
  });
});

/** OS threads of this process (Linux): a regex worker left spinning would be one more. */
function threadCount(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]);
}

describe('search_content and a catastrophic regex', () => {
  const CATASTROPHIC = { query: '(a+)+$', regex: true };

  it.each(CLIENT_KINDS)('stops at the time budget with a clear error and the server keeps answering (%s)', async (kind) => {
    const h = await start(kind, { argv: ['--walk-timeout-ms', '1000'] });
    makeFiles(h.allowed, { 'evil.txt': `${'a'.repeat(40)}b\n`, 'fine.txt': 'nothing\n' });
    const started = Date.now();
    const result = await h.client.callTool('search_content', { path: h.allowed, ...CATASTROPHIC });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('timeout');
    expect(result.text).toContain(`still running on a line of ${join(h.allowed, 'evil.txt')}`);
    expect(result.text).toContain('backtracks catastrophically');
    const next = await h.client.callTool('search_content', { path: h.allowed, query: 'nothing' });
    expect(next.isError).toBe(false);
    expect((next.structured as unknown as Data).matches).toHaveLength(1);
  });

  it('keeps the matches found before the regex got stuck', async () => {
    const h = await start('v2-legacy', { argv: ['--walk-timeout-ms', '1000'] });
    makeFiles(h.allowed, { 'evil.txt': `aaa\n${'a'.repeat(40)}b\n` });
    const result = await h.client.callTool('search_content', { path: h.allowed, ...CATASTROPHIC });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toMatchObject({ truncated: true, matches: [{ line: 1, text: 'aaa' }] });
    expect(result.text).toContain('[stopped: the regular expression was still running');
  });

  it('is stopped by the tool timeout and by cancellation too', async () => {
    const h = await start('v1', { argv: ['--tool-timeout-ms', '800', '--walk-timeout-ms', '60000'] });
    makeFiles(h.allowed, { 'evil.txt': `${'a'.repeat(40)}b\n` });
    const timedOut = await h.client.callTool('search_content', { path: h.allowed, ...CATASTROPHIC });
    expect(errorCode(timedOut)).toBe('timeout');
    expect(timedOut.text).toContain('search_content did not finish within');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(
      h.client.callTool('search_content', { path: h.allowed, ...CATASTROPHIC }, { signal: controller.signal }),
    ).rejects.toThrow();
    const next = await h.client.callTool('list_directory', { path: h.allowed });
    expect(next.text).toBe('[FILE] evil.txt');
  });

  it.runIf(existsSync('/proc/self/status'))('terminates the worker thread it started', async () => {
    const h = await start('v2-legacy', { argv: ['--tool-timeout-ms', '600', '--walk-timeout-ms', '60000'] });
    makeFiles(h.allowed, { 'evil.txt': `${'a'.repeat(40)}b\n`, 'ok.txt': 'ok\n' });
    // Warm up: libuv's threads and one worker come and go once.
    await h.client.callTool('search_content', { path: h.allowed, query: 'ok', regex: true });
    await expect.poll(threadCount, { timeout: 5000 }).toBeLessThanOrEqual(threadCount());
    const before = threadCount();
    const result = await h.client.callTool('search_content', { path: h.allowed, ...CATASTROPHIC });
    expect(errorCode(result)).toBe('timeout');
    await expect.poll(threadCount, { timeout: 5000 }).toBeLessThanOrEqual(before);
  });
});

describe('search_content on larger inputs', () => {
  it('streams a file larger than the read limits and finds matches at its end', async () => {
    const h = await start('v2-modern');
    const big = `${'filler line of text\n'.repeat(300_000)}the end marker\n`;
    makeFiles(h.allowed, { 'big.log': big });
    const { where } = await search(h, { query: 'END MARKER' });
    expect(where).toEqual(['big.log:300001']);
    const regex = await search(h, { query: 'end\\s+marker$', regex: true });
    expect(regex.where).toEqual(['big.log:300001']);
  });

  it('works over Streamable HTTP', async () => {
    const h = await start('v1', { via: 'http' });
    makeFiles(h.allowed, PROJECT);
    expect((await search(h, { query: 'return 42' })).where).toEqual(['src/run.ts:2']);
    expect((await search(h, { query: 'ret.rn', regex: true })).where).toEqual(['src/run.ts:2']);
  });
});

describe('search_content and symlinks', () => {
  it.each(CLIENT_KINDS)('never reads through a symlink (%s)', async (kind) => {
    const h = await start(kind);
    makeFiles(h.outside, { 'secret.txt': 'needle outside\n' });
    makeFiles(h.allowed, { 'mine.txt': 'needle inside\n' });
    symlinkSync(h.outside, join(h.allowed, 'dir-link'));
    symlinkSync(join(h.outside, 'secret.txt'), join(h.allowed, 'file-link.txt'));
    const { where, result } = await search(h, { query: 'needle', respectGitignore: false });
    expect(where).toEqual(['mine.txt:1']);
    expect(result.text).not.toContain('outside');
  });
});
