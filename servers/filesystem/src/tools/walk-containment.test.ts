// Every walking tool, given a tree with symlinks that lead outside, must show the links as
// links and never a name or a byte from beyond them — and refuse a path through them.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilesystemHarness, startFilesystem } from '../filesystem-server.fixture.js';
import { errorCode } from '../tool-assertions.fixture.js';

const MARKER = 'OUTSIDE-MARKER';

function everything(result: ToolCallOutcome): string {
  return result.text + JSON.stringify(result.structured ?? {});
}

describe.each(CLIENT_KINDS)('walking tools and symlinks that lead outside (%s)', (kind) => {
  let h: FilesystemHarness;

  beforeAll(async () => {
    h = await startFilesystem(kind);
    mkdirSync(join(h.outside, `${MARKER}-dir`));
    writeFileSync(join(h.outside, `${MARKER}-dir`, `${MARKER}.ts`), `${MARKER} needle\n`);
    writeFileSync(join(h.outside, `${MARKER}.ts`), `${MARKER} needle\n`);
    mkdirSync(join(h.allowed, 'src'));
    writeFileSync(join(h.allowed, 'src', 'inside.ts'), 'inside needle\n');
    symlinkSync(h.outside, join(h.allowed, 'src', 'escape'));
    symlinkSync('../../outside', join(h.allowed, 'relative-escape'));
    symlinkSync(join(h.outside, `${MARKER}.ts`), join(h.allowed, 'file-link.ts'));
  });
  afterAll(async () => {
    await h.close();
  });

  it('directory_tree shows the links, not what is behind them', async () => {
    for (const respectGitignore of [false, true]) {
      const result = await h.client.callTool('directory_tree', { path: h.allowed, respectGitignore });
      expect(result.isError, result.text).toBe(false);
      expect(everything(result)).not.toContain(MARKER);
      expect(result.text).toContain('escape (symlink)');
      expect(result.text).toContain('relative-escape (symlink)');
    }
  });

  it('list_directory and list_directory_with_sizes tag them [LINK]', async () => {
    for (const tool of ['list_directory', 'list_directory_with_sizes']) {
      const result = await h.client.callTool(tool, { path: join(h.allowed, 'src') });
      expect(everything(result)).not.toContain(MARKER);
      expect(result.text).toContain('[LINK] escape');
    }
  });

  it('search_files never matches through them', async () => {
    for (const pattern of ['*.ts', '**', '*SIDE-MARK*', '**/*-dir/**']) {
      const result = await h.client.callTool('search_files', { path: h.allowed, pattern });
      expect(everything(result)).not.toContain(MARKER);
    }
    const all = await h.client.callTool('search_files', { path: h.allowed, pattern: '*.ts' });
    expect((all.structured as { matches: string[] }).matches).toEqual([
      join(h.allowed, 'file-link.ts'),
      join(h.allowed, 'src', 'inside.ts'),
    ]);
  });

  it('search_content never reads through them', async () => {
    for (const regex of [false, true]) {
      const result = await h.client.callTool('search_content', { path: h.allowed, query: 'needle', regex, respectGitignore: false });
      expect(everything(result)).not.toContain(MARKER);
      expect((result.structured as { matches: unknown[] }).matches).toHaveLength(1);
    }
  });

  it('every walking tool refuses a path through a link to outside', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_directory', {}],
      ['list_directory_with_sizes', {}],
      ['directory_tree', {}],
      ['search_files', { pattern: '*' }],
      ['search_content', { query: 'needle' }],
    ];
    for (const path of [join(h.allowed, 'src', 'escape'), join(h.allowed, 'relative-escape', `${MARKER}-dir`)]) {
      for (const [tool, args] of calls) {
        const result = await h.client.callTool(tool, { path, ...args });
        expect(result.isError, `${tool}: ${result.text}`).toBe(true);
        expect(errorCode(result)).toBe('forbidden');
        expect(result.text).toContain('symbolic link');
        expect(result.text).not.toContain('needle');
      }
    }
  });
});
