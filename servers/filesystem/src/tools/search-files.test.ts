import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type FilesystemHarness, makeFiles, useFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';

const start = useFilesystem();

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
  async function search(h: FilesystemHarness, args: Record<string, unknown>): Promise<{ result: ToolCallOutcome; matches: string[] }> {
    const result = await h.client.callTool('search_files', { path: h.allowed, ...args });
    expect(result.isError, result.text).toBe(false);
    const matches = (result.structured as { matches: string[] }).matches;
    return { result, matches: matches.map((m) => m.slice(h.allowed.length + 1)) };
  }

  it('matches a pattern without / against names at any depth, dot files included', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const { result, matches } = await search(h, { pattern: '*.ts' });
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
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search(h, { pattern: '**/*.ts' })).matches).toHaveLength(6);
    expect((await search(h, { pattern: 'src/*.ts' })).matches).toEqual(['src/.hidden.ts', 'src/app.test.ts', 'src/app.ts']);
    expect((await search(h, { pattern: 'src/**' })).matches).toEqual([
      'src',
      'src/.hidden.ts',
      'src/app.test.ts',
      'src/app.ts',
      'src/lib',
      'src/lib/util.js',
      'src/lib/util.ts',
    ]);
    // Relative to the path searched, not to the allowed directory.
    const { matches } = await search(h, { path: join(h.allowed, 'src'), pattern: 'lib/*' });
    expect(matches).toEqual(['src/lib/util.js', 'src/lib/util.ts']);
  });

  it('finds directories by name too', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    expect((await search(h, { pattern: 'lib' })).matches).toEqual(['src/lib']);
  });

  it('leaves out excludePatterns (bare names at any depth, globs) and, when asked, .gitignore entries', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, { ...PROJECT, '.gitignore': 'docs/\n*.test.ts\n' });
    expect((await search(h, { pattern: '*.ts', excludePatterns: ['node_modules', '*.test.ts'] })).matches).toEqual([
      'index.ts',
      'src/.hidden.ts',
      'src/app.ts',
      'src/lib/util.ts',
    ]);
    expect((await search(h, { pattern: '*.md' })).matches).toEqual(['README.md', 'docs/guide.md']);
    expect((await search(h, { pattern: '*.md', respectGitignore: true })).matches).toEqual(['README.md']);
    expect((await search(h, { pattern: '*.ts', respectGitignore: true })).matches).not.toContain('src/app.test.ts');
  });

  it('says so when nothing matches', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, PROJECT);
    const { result, matches } = await search(h, { pattern: '*.rs' });
    expect(matches).toEqual([]);
    expect(result.text).toBe(`No matches for *.rs in ${h.allowed}.`);
  });

  it('stops at maxResults and says the results are cut', async () => {
    const h = await start(kind);
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, ''])));
    const { result, matches } = await search(h, { pattern: '*.txt', maxResults: 5 });
    expect(matches).toHaveLength(5);
    expect(result.structured).toMatchObject({ truncated: true });
    expect(result.text).toContain('[cut at 5 results');
    const exact = await search(h, { pattern: '*.txt', maxResults: 12 });
    expect(exact.result.structured).toMatchObject({ truncated: false });
  });

  it('refuses bad input with clear messages', async () => {
    const h = await start(kind);
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
    const h = await start(kind);
    makeFiles(h.outside, { 'secret.ts': '', 'deep/more.ts': '' });
    makeFiles(h.allowed, { 'mine.ts': '' });
    symlinkSync(h.outside, join(h.allowed, 'linked.ts'));
    const { matches, result } = await search(h, { pattern: '*.ts' });
    expect(matches).toEqual(['linked.ts', 'mine.ts']);
    expect(result.text).not.toContain('secret');
  });
});

describe('search_files limits', () => {
  it('lowers maxResults to --max-entries and says so', async () => {
    const h = await start('v1', { argv: ['--max-entries', '20'] });
    makeFiles(h.allowed, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, ''])));
    const result = await h.client.callTool('search_files', { path: h.allowed, pattern: '*.txt', maxResults: 1000 });
    expect((result.structured as { matches: string[] }).matches).toHaveLength(20);
    expect(result.text).toContain("[maxResults lowered to the server's limit, 20]");
  });

  it('works over Streamable HTTP', async () => {
    const h = await start('v2-legacy', { via: 'http' });
    makeFiles(h.allowed, { 'a/b/c.json': '{}' });
    const result = await h.client.callTool('search_files', { path: h.allowed, pattern: '**/*.json' });
    expect(result.text).toBe(join(h.allowed, 'a/b/c.json'));
  });
});
