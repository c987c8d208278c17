// delete_file and delete_directory, with their confirmation, on every client kind.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_KINDS, type ClientOptions, type ToolCallOutcome } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { snapshot, useFilesystem } from '../filesystem-server.fixture.js';
import { expectUnchangedAfter } from '../tool-assertions.fixture.js';

const start = useFilesystem();

/** The token a first, unconfirmed call hands out. */
function tokenOf(result: ToolCallOutcome): string {
  expect(result.isError, result.text).toBe(false);
  expect(result.structured).toMatchObject({
    status: 'confirmation_required',
    confirmToken: expect.any(String),
    expiresAt: expect.any(String),
  });
  return (result.structured as { confirmToken: string }).confirmToken;
}

describe.each(CLIENT_KINDS)('delete_file with a confirmation token (%s, no elicitation)', (kind) => {
  it('asks for a token first, refuses wrong, forged and foreign tokens, then deletes', async () => {
    const harness = await start(kind);
    const { client, allowed } = harness;
    const path = join(allowed, 'doomed.txt');
    await writeFile(path, 'doomed');
    await writeFile(join(allowed, 'other.txt'), 'other');

    const before = await snapshot(harness);
    const first = await client.callTool('delete_file', { path: 'doomed.txt' });
    const token = tokenOf(first);
    expect(first.structured).toMatchObject({ path });
    expect(first.text).toContain(
      `Deleting the file ${path} cannot be undone. To confirm, call delete_file again with path "doomed.txt" and confirmToken "${token}"`,
    );
    expect(first.text).toContain('Ask the user first');
    expect(await snapshot(harness)).toEqual(before);

    // A wrong, a forged and a foreign token.
    for (const [args, text] of [
      [{ path: 'doomed.txt', confirmToken: `${token}x` }, /does not approve this delete/],
      [{ path: 'doomed.txt', confirmToken: 'garbage' }, /fresh one/],
      [{ path: 'other.txt', confirmToken: token }, /does not approve/],
    ] as const) {
      await expectUnchangedAfter(harness, () => client.callTool('delete_file', args), 'conflict', text);
    }

    const done = await client.callTool('delete_file', { path: 'doomed.txt', confirmToken: token });
    expect(done.isError, done.text).toBe(false);
    expect(done.structured).toEqual({ status: 'deleted', path });
    expect(done.text).toBe(`Deleted the file ${path}.`);
    expect(await readdir(allowed)).toEqual(['other.txt']);
  });

  it('voids the token when the file changes in between', async () => {
    const harness = await start(kind);
    const path = join(harness.allowed, 'changing.txt');
    await writeFile(path, 'version one');
    const token = tokenOf(await harness.client.callTool('delete_file', { path }));
    await writeFile(path, 'version two, longer');
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('delete_file', { path, confirmToken: token }),
      'conflict',
      /target changed since/,
    );
    expect(await readFile(path, 'utf8')).toBe('version two, longer');
  });

  it('deletes a symlink, never its outside target', async () => {
    const { client, allowed, outside } = await start(kind);
    await writeFile(join(outside, 'target.txt'), 'outside stays');
    await symlink(join(outside, 'target.txt'), join(allowed, 'link'));
    const first = await client.callTool('delete_file', { path: 'link' });
    expect(first.text).toContain(`the symbolic link ${join(allowed, 'link')} (not what it points to)`);
    const done = await client.callTool('delete_file', { path: 'link', confirmToken: tokenOf(first) });
    expect(done.structured).toMatchObject({ status: 'deleted' });
    expect(await readdir(allowed)).toEqual([]);
    expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('outside stays');
  });

  it('refuses directories, missing files, outside files and the allowed directory, changing nothing', async () => {
    const harness = await start(kind);
    const { client, allowed, outside } = harness;
    await mkdir(join(allowed, 'dir'));
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(outside, join(allowed, 'escape'));
    for (const [path, code, text] of [
      ['dir', 'invalid_input', /Use delete_directory/],
      ['missing.txt', 'not_found', /does not exist/],
      [join(outside, 'secret.txt'), 'forbidden', /outside the allowed/],
      ['escape/secret.txt', 'forbidden', /symbolic link/],
      [allowed, 'forbidden', /allowed directory itself/],
    ] as const) {
      await expectUnchangedAfter(harness, () => client.callTool('delete_file', { path }), code, text);
    }
  });
});

describe.each(CLIENT_KINDS)('delete_directory with a confirmation token (%s, no elicitation)', (kind) => {
  it('deletes an empty directory, and a token for one variant does not approve the other', async () => {
    const harness = await start(kind);
    const { client, allowed } = harness;
    await mkdir(join(allowed, 'empty'));
    const first = await client.callTool('delete_directory', { path: 'empty' });
    const token = tokenOf(first);
    expect(first.text).toContain('call delete_directory again with path "empty", recursive false and confirmToken');
    await expectUnchangedAfter(
      harness,
      () => client.callTool('delete_directory', { path: 'empty', recursive: true, confirmToken: token }),
      'conflict',
      /does not approve/,
    );
    const done = await client.callTool('delete_directory', { path: 'empty', confirmToken: token });
    expect(done.structured).toEqual({ status: 'deleted', path: join(allowed, 'empty') });
    expect(await readdir(allowed)).toEqual([]);
  });

  it('refuses a non-empty directory without recursive, with the entry count', async () => {
    const harness = await start(kind);
    await mkdir(join(harness.allowed, 'full'));
    await writeFile(join(harness.allowed, 'full', 'a'), 'a');
    await writeFile(join(harness.allowed, 'full', 'b'), 'b');
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('delete_directory', { path: 'full' }),
      'conflict',
      /full is not empty \(2 entries\)\. Pass recursive: true/,
    );
  });

  it('deletes recursively, removing a symlink inside without following it out', async () => {
    const { client, allowed, outside } = await start(kind);
    await mkdir(join(allowed, 'tree/deeper'), { recursive: true });
    await writeFile(join(allowed, 'tree/deeper/f.txt'), 'f');
    await writeFile(join(outside, 'keep.txt'), 'outside stays');
    await symlink(outside, join(allowed, 'tree/deeper/to-outside'));
    await symlink(join(outside, 'keep.txt'), join(allowed, 'tree/file-link'));
    const first = await client.callTool('delete_directory', { path: 'tree', recursive: true });
    expect(first.text).toContain('and everything in it (2 entries directly inside)');
    const done = await client.callTool('delete_directory', { path: 'tree', recursive: true, confirmToken: tokenOf(first) });
    expect(done.structured).toMatchObject({ status: 'deleted' });
    expect(await readdir(allowed)).toEqual([]);
    expect(await readdir(outside)).toEqual(['keep.txt']);
    expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('outside stays');
  });

  it('voids the token when the directory changes in between', async () => {
    const harness = await start(kind);
    await mkdir(join(harness.allowed, 'dir'));
    const token = tokenOf(await harness.client.callTool('delete_directory', { path: 'dir', recursive: true }));
    await writeFile(join(harness.allowed, 'dir', 'new.txt'), 'added after the question');
    // Same-second changes still move mtime on most filesystems; make sure it moved.
    const later = new Date(Date.now() + 5000);
    await utimes(join(harness.allowed, 'dir'), later, later);
    await expectUnchangedAfter(
      harness,
      () => harness.client.callTool('delete_directory', { path: 'dir', recursive: true, confirmToken: token }),
      'conflict',
      /fresh one/,
    );
  });

  it('refuses the allowed directory, a directory holding another allowed one, files and symlinks', async () => {
    const harness = await start(kind, {
      directories: (dir) => [dir.join('allowed'), dir.join('allowed', 'nested', 'inner')],
      setup: (dir) => mkdir(dir.join('allowed', 'nested', 'inner'), { recursive: true }),
    });
    const { client, allowed } = harness;
    await writeFile(join(allowed, 'file.txt'), 'f');
    await mkdir(join(allowed, 'real-dir'));
    await symlink(join(allowed, 'real-dir'), join(allowed, 'dir-link'));
    for (const [args, code, text] of [
      [{ path: allowed, recursive: false }, 'forbidden', /allowed directory itself/],
      [{ path: `${allowed}/`, recursive: false }, 'forbidden', /allowed directory itself/],
      [{ path: allowed, recursive: true }, 'forbidden', /allowed directory itself/],
      [{ path: `${allowed}/`, recursive: true }, 'forbidden', /allowed directory itself/],
      [{ path: 'nested', recursive: true }, 'forbidden', /holds the allowed directory/],
      [{ path: join(allowed, 'nested', 'inner') }, 'forbidden', /allowed directory itself/],
      [{ path: 'file.txt' }, 'invalid_input', /Use delete_file/],
      [{ path: 'dir-link' }, 'invalid_input', /symbolic link/],
      [{ path: join(harness.outside), recursive: true }, 'forbidden', /outside/],
    ] as const) {
      await expectUnchangedAfter(harness, () => client.callTool('delete_directory', args), code, text);
    }
  });
});

describe.each(CLIENT_KINDS)('deletes confirmed by elicitation (%s)', (kind) => {
  function answering(action: 'accept' | 'decline', asked: string[]): ClientOptions {
    return {
      onElicit: async ({ message }) => {
        asked.push(message);
        return action === 'accept' ? { action, content: { confirm: true } } : { action };
      },
    };
  }

  it('deletes a file when the user accepts', async () => {
    const asked: string[] = [];
    const { client, allowed } = await start(kind, { client: answering('accept', asked) });
    await writeFile(join(allowed, 'bye.txt'), 'bye');
    const result = await client.callTool('delete_file', { path: 'bye.txt' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ status: 'deleted', path: join(allowed, 'bye.txt') });
    expect(asked).toEqual([`Delete the file ${join(allowed, 'bye.txt')}? This cannot be undone.`]);
    expect(await readdir(allowed)).toEqual([]);
  });

  it('keeps the file when the user declines', async () => {
    const asked: string[] = [];
    const harness = await start(kind, { client: answering('decline', asked) });
    await writeFile(join(harness.allowed, 'keep.txt'), 'keep');
    const before = await snapshot(harness);
    const result = await harness.client.callTool('delete_file', { path: 'keep.txt' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ status: 'cancelled', path: join(harness.allowed, 'keep.txt') });
    expect(result.text).toContain('Not deleted');
    expect(asked).toHaveLength(1);
    expect(await snapshot(harness)).toEqual(before);
  });

  it('deletes a directory recursively on accept and keeps it on decline', async () => {
    const asked: string[] = [];
    const accepting = await start(kind, { client: answering('accept', asked) });
    await mkdir(join(accepting.allowed, 'tree/sub'), { recursive: true });
    await writeFile(join(accepting.allowed, 'tree/sub/f'), 'f');
    const deleted = await accepting.client.callTool('delete_directory', { path: 'tree', recursive: true });
    expect(deleted.structured).toMatchObject({ status: 'deleted' });
    expect(asked[0]).toContain('and everything in it (1 entry directly inside)? This cannot be undone.');
    expect(existsSync(join(accepting.allowed, 'tree'))).toBe(false);
    await accepting.close();

    const declining = await start(kind, { client: answering('decline', []) });
    await mkdir(join(declining.allowed, 'tree'));
    const before = await snapshot(declining);
    const kept = await declining.client.callTool('delete_directory', { path: 'tree', recursive: true });
    expect(kept.structured).toMatchObject({ status: 'cancelled' });
    expect(await snapshot(declining)).toEqual(before);
  });
});
