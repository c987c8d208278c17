// The write tools as a family: how they are listed, --read-only, HTTP, and the held
// directory that keeps deletes and moves where they were checked.
import { mkdir, readdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KINDS, makeTempDir, type TempDir } from '@mcpkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { useFilesystem } from '../filesystem-server.fixture.js';
import { resolveAllowedDirectories } from '../paths/allowed-directories.js';
import { holdDirectory, resolveEntry } from '../paths/directory-entry.js';
import { PathGuard } from '../paths/path-guard.js';
import { errorCode } from '../tool-assertions.fixture.js';

const WRITE_TOOLS = ['write_file', 'append_file', 'edit_file', 'create_directory', 'move_file', 'delete_file', 'delete_directory'];

const start = useFilesystem();

describe.each(CLIENT_KINDS)('the write tools as listed (%s)', (kind) => {
  it('are all there, in their toolsets, with honest annotations and output schemas', async () => {
    const { client } = await start(kind);
    const tools = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const hints = (name: string) => byName.get(name)?.annotations;
    expect(hints('write_file')).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false });
    expect(hints('append_file')).toEqual({ readOnlyHint: false, destructiveHint: false, openWorldHint: false });
    expect(hints('edit_file')).toEqual({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
    expect(hints('create_directory')).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(hints('move_file')).toEqual({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
    expect(hints('delete_file')).toEqual({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
    expect(hints('delete_directory')).toEqual({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
    for (const name of WRITE_TOOLS) {
      const tool = byName.get(name);
      expect(tool?.outputSchema, name).toBeDefined();
      expect((tool?.description ?? '').length, name).toBeLessThanOrEqual(300);
    }
  });
});

describe('--read-only', () => {
  it.each(CLIENT_KINDS)('hides every write tool from a %s client and refuses a call to one', async (kind) => {
    const { client, allowed } = await start(kind, { argv: ['--read-only'] });
    const names = (await client.listTools()).map((tool) => tool.name);
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    expect(names).toContain('list_allowed_directories');
    for (const [tool, args] of [
      ['write_file', { path: 'x.txt', content: 'x' }],
      ['delete_directory', { path: allowed, recursive: true }],
    ] as const) {
      const outcome = await client.callTool(tool, args).then(
        (result) => (result.isError ? result.text : `succeeded: ${result.text}`),
        (error: Error) => error.message,
      );
      expect(outcome).not.toMatch(/^succeeded/);
      expect(outcome).toContain(tool);
    }
    expect(await readdir(allowed)).toEqual([]);
  });
});

describe.each(['v2-modern', 'v1'] as const)('over Streamable HTTP (%s)', (kind) => {
  it('writes, edits, appends, moves and deletes with a token', async () => {
    const { client, allowed } = await start(kind, { via: 'http' });
    expect((await client.callTool('create_directory', { path: 'notes' })).isError).toBe(false);
    expect((await client.callTool('write_file', { path: 'notes/a.md', content: '# A\nold line\n' })).isError).toBe(false);
    const edited = await client.callTool('edit_file', { path: 'notes/a.md', edits: [{ oldText: 'old line', newText: 'new line' }] });
    expect(edited.text).toContain('+new line');
    expect((await client.callTool('append_file', { path: 'notes/a.md', content: 'more\n' })).isError).toBe(false);
    expect((await client.callTool('move_file', { source: 'notes/a.md', destination: 'notes/b.md' })).isError).toBe(false);
    expect(await readFile(join(allowed, 'notes/b.md'), 'utf8')).toBe('# A\nnew line\nmore\n');
    // Over HTTP a 2025-era client cannot be asked mid-call; a modern one without the
    // elicitation capability cannot either: both get the token.
    const first = await client.callTool('delete_file', { path: 'notes/b.md' });
    const token = (first.structured as { confirmToken: string }).confirmToken;
    expect(first.structured).toMatchObject({ status: 'confirmation_required' });
    const done = await client.callTool('delete_file', { path: 'notes/b.md', confirmToken: token });
    expect(done.structured).toMatchObject({ status: 'deleted' });
    expect(await readdir(join(allowed, 'notes'))).toEqual([]);
  });

  it('refuses an escape with a clear error over HTTP too', async () => {
    const { client, outside } = await start(kind, { via: 'http' });
    const result = await client.callTool('write_file', { path: join(outside, 'x.txt'), content: 'x' });
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('forbidden');
    expect(await readdir(outside)).toEqual([]);
  });
});

describe('a held directory (what delete and move act through)', () => {
  let scratch: TempDir;
  afterEach(async () => {
    await scratch?.remove();
  });

  async function guardOver(): Promise<{ guard: PathGuard; allowed: string; outside: string }> {
    scratch = await makeTempDir('mcpkit-held-');
    const allowed = scratch.join('allowed');
    const outside = scratch.join('outside');
    await mkdir(join(allowed, 'dir'), { recursive: true });
    await mkdir(outside);
    const { directories } = await resolveAllowedDirectories([allowed]);
    const guard = new PathGuard(directories);
    return { guard, allowed: directories[0]?.real as string, outside };
  }

  it.skipIf(process.platform !== 'linux')(
    'keeps acting on the checked directory when its path is swapped for a symlink to outside',
    async () => {
      const { guard, allowed, outside } = await guardOver();
      await writeFile(join(allowed, 'dir', 'victim.txt'), 'inside');
      await writeFile(join(outside, 'victim.txt'), 'outside must survive');
      const entry = await resolveEntry(guard, join(allowed, 'dir', 'victim.txt'), 'deleted');
      const held = await holdDirectory(guard, entry.parentReal);
      try {
        // The swap: the checked directory moves away and a symlink to outside takes its name.
        await rename(join(allowed, 'dir'), join(allowed, 'moved-away'));
        await symlink(outside, join(allowed, 'dir'));
        await unlink(held.entry(entry.name));
      } finally {
        await held.close();
      }
      expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('outside must survive');
      expect(await readdir(join(allowed, 'moved-away'))).toEqual([]);
    },
  );

  it('refuses to hold a directory that became a symlink to outside after the check', async () => {
    const { guard, allowed, outside } = await guardOver();
    const entry = await resolveEntry(guard, join(allowed, 'dir', 'x'), 'deleted');
    await rename(join(allowed, 'dir'), join(allowed, 'moved-away'));
    await symlink(outside, join(allowed, 'dir'));
    await expect(holdDirectory(guard, entry.parentReal)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('takes the final component as it is, and refuses the allowed directory itself', async () => {
    const { guard, allowed, outside } = await guardOver();
    await symlink(outside, join(allowed, 'link-out'));
    expect(await resolveEntry(guard, 'link-out', 'deleted')).toMatchObject({ name: 'link-out', real: join(allowed, 'link-out') });
    await expect(resolveEntry(guard, 'link-out/x', 'deleted')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resolveEntry(guard, allowed, 'deleted')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resolveEntry(guard, `${allowed}/dir/..`, 'deleted')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resolveEntry(guard, 'C:\\Windows', 'deleted')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(resolveEntry(guard, 'a\0b', 'deleted')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(resolveEntry(guard, '', 'deleted')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
