import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_META_KEY } from '@mcpkit/core';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type FilesystemHarness, startFilesystem } from '../filesystem-server.fixture.js';

let h: FilesystemHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function makeFiles(base: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

function errorCode(result: ToolCallOutcome): string | undefined {
  return (result.meta?.[ERROR_META_KEY] as { code?: string } | undefined)?.code;
}

const PROJECT = {
  'index.ts': '',
  'README.md': '',
  'src/app.ts': '',
  'src/app.test.ts': '',
  'src/lib/util.ts': '',
  'src/lib/util.js': '',
  'src/.hidden.ts': '',
  'node_modules/pkg/index.ts': '',
  'docs/guide.md': '',
};

describe.each(CLIENT_KINDS)('search_files (%s)', (kind) => {
  async function search(args: Record<string, unknown>): Promise<{ result: ToolCallOutcome; matches: string[] }> {
    const result = await (h as FilesystemHarness).client.callTool('search_files', { path: h?.allowed, ...args });
    expect(result.isError, result.text).toBe(false);
    const matches = (result.structured as { matches: string[] }).matches;
    return { result, matches: matches.map((m) => m.slice((h?.allowed.length ?? 0) + 1)) };
  }

  it('matches a pattern without / against names at any depth, dot files included', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, PROJECT);
    const { result, matches } = await search({ pattern: '*.ts' });
    expect(matches).toEqual([
      'index.ts',
      'node_modules/pkg/index.ts',
      'src/.hidden.ts',
      'src/app.test.ts',
      'src/app.ts',
      'src/lib/util.ts',
    ]);
    // Full paths, one per line.
    expect(result.text.split('\n')[0]).toBe(join(h.allowed, 'index.ts'));
    expect(result.structured).toMatchObject({ path: h.allowed, truncated: false });
  });

  it('matches a pattern with / against the path relative to path (**, src/**)', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search({ pattern: '**/*.ts' })).matches).toHaveLength(6);
    expect((await search({ pattern: 'src/*.ts' })).matches).toEqual(['src/.hidden.ts', 'src/app.test.ts', 'src/app.ts']);
    expect((await search({ pattern: 'src/**' })).matches).toEqual([
      'src',
      'src/.hidden.ts',
      'src/app.test.ts',
      'src/app.ts',
      'src/lib',
      'src/lib/util.js',
      'src/lib/util.ts',
    ]);
    // Relative to the path searched, not to the allowed directory.
    const { matches } = await search({ path: join(h.allowed, 'src'), pattern: 'lib/*' });
    expect(matches).toEqual(['src/lib/util.js', 'src/lib/util.ts']);
  });

  it('finds directories by name too', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search({ pattern: 'lib' })).matches).toEqual(['src/lib']);
  });

  it('leaves out excludePatterns (bare names at any depth, globs) and, when asked, .gitignore entries', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, { ...PROJECT, '.gitignore': 'docs/\n*.test.ts\n' });
    expect((await search({ pattern: '*.ts', excludePatterns: ['node_modules', '*.test.ts'] })).matches).toEqual([
      'index.ts',
      'src/.hidden.ts',
      'src/app.ts',
      'src/lib/util.ts',
    ]);
    expect((await search({ pattern: '*.md' })).matches).toEqual(['README.md', 'docs/guide.md']);
    expect((await search({ pattern: '*.md', respectGitignore: true })).matches).toEqual(['README.md']);
    expect((await search({ pattern: '*.ts', respectGitignore: true })).matches).not.toContain('src/app.test.ts');
  });

  it('says so when nothing matches', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, PROJECT);
    const { result, matches } = await search({ pattern: '*.rs' });
    expect(matches).toEqual([]);
    expect(result.text).toBe(`No matches for *.rs in ${h.allowed}.`);
  });

  it('stops at maxResults and says the results are cut', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, ''])));
    const { result, matches } = await search({ pattern: '*.txt', maxResults: 5 });
    expect(matches).toHaveLength(5);
    expect(result.structured).toMatchObject({ truncated: true });
    expect(result.text).toContain('[cut at 5 results');
    const exact = await search({ pattern: '*.txt', maxResults: 12 });
    expect(exact.result.structured).toMatchObject({ truncated: false });
  });

  it('refuses bad input with clear messages', async () => {
    h = await startFilesystem(kind);
    const empty = await h.client.callTool('search_files', { path: h.allowed, pattern: '  ' });
    expect(errorCode(empty)).toBe('invalid_input');
    expect(empty.text).toContain('pattern is empty');
    const missing = await h.client.callTool('search_files', { path: join(h.allowed, 'nope'), pattern: '*' });
    expect(errorCode(missing)).toBe('not_found');
    expect(missing.text).toContain('does not exist');
    const outside = await h.client.callTool('search_files', { path: h.outside, pattern: '*' });
    expect(errorCode(outside)).toBe('forbidden');
    const noPattern = await h.client.callTool('search_files', { path: h.allowed });
    expect(errorCode(noPattern)).toBe('invalid_input');
    expect(noPattern.text).toContain('pattern');
  });

  it('lists a symlink by name but never searches through it', async () => {
    h = await startFilesystem(kind);
    makeFiles(h.outside, { 'secret.ts': '', 'deep/more.ts': '' });
    makeFiles(h.allowed, { 'mine.ts': '' });
    symlinkSync(h.outside, join(h.allowed, 'linked.ts'));
    const { matches, result } = await search({ pattern: '*.ts' });
    expect(matches).toEqual(['linked.ts', 'mine.ts']);
    expect(result.text).not.toContain('secret');
  });
});

describe('search_files limits', () => {
  it('lowers maxResults to --max-entries and says so', async () => {
    h = await startFilesystem('v1', { argv: ['--max-entries', '20'] });
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, ''])));
    const result = await h.client.callTool('search_files', { path: h.allowed, pattern: '*.txt', maxResults: 1000 });
    expect((result.structured as { matches: string[] }).matches).toHaveLength(20);
    expect(result.text).toContain("[maxResults lowered to the server's limit, 20]");
  });

  it('works over Streamable HTTP', async () => {
    h = await startFilesystem('v2-legacy', { via: 'http' });
    makeFiles(h.allowed, { 'a/b/c.json': '{}' });
    const result = await h.client.callTool('search_files', { path: h.allowed, pattern: '**/*.json' });
    expect(result.text).toBe(join(h.allowed, 'a/b/c.json'));
  });
});
