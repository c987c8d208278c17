import { existsSync } from 'node:fs';
import { realpath, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  binCommand,
  CLIENT_KINDS,
  childOf,
  connectClient,
  drainStderr,
  exitOf,
  httpTransport,
  SPAWN_TEST_TIMEOUT_MS,
  spawnBin,
  startHttpBin,
  stdioTransport,
  useSpawnSandbox,
} from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** The write tools: what `--read-only` must hide. */
const WRITE_TOOLS = ['write_file', 'append_file', 'edit_file', 'create_directory', 'move_file', 'delete_file', 'delete_directory'];

describe('mcpkit-filesystem over stdio, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox(BIN, 'mcpkit-fs-stdio-');

  it.each(CLIENT_KINDS)('serves a %s client from the directories given as arguments, then exits 0', async (kind) => {
    const home = await realpath(sandbox.dir.path);
    await writeFile(`${home}/notes.md`, '# Notes\nhello from disk\n');
    const transport = stdioTransport(kind, binCommand(BIN, [home], home));
    const stderr = drainStderr(transport);
    const client = await connectClient(kind, transport);
    const child = childOf(transport);
    sandbox.track(child.pid);

    const names = (await client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['read_text_file', 'read_file', 'write_file', 'edit_file', 'search_files', 'search_content']),
    );
    const read = await client.callTool('read_text_file', { path: 'notes.md' });
    expect(read.isError, read.text).toBe(false);
    expect(read.text).toContain('hello from disk');

    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(stderr()).toContain('"msg":"allowed directories"');
    await client.close();
  });

  it('hides and refuses every write tool with --read-only', async () => {
    const home = await realpath(sandbox.dir.path);
    const transport = stdioTransport('v1', binCommand(BIN, [home, '--read-only'], home));
    const client = await connectClient('v1', transport);
    sandbox.track(childOf(transport).pid);
    const names = (await client.listTools()).map((tool) => tool.name);
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    expect(names).toContain('read_text_file');
    // An unlisted tool is unknown to the server: the v1 client raises the protocol error.
    const refused = await client.callTool('write_file', { path: 'x.txt', content: 'x' }).catch((error: Error) => error);
    expect(refused instanceof Error ? refused.message : refused.text).toMatch(/write_file/);
    expect(existsSync(`${home}/x.txt`)).toBe(false);
    await client.close();
  });

  it('refuses to start on a directory that does not exist, naming it (exit 2)', async () => {
    const home = await realpath(sandbox.dir.path);
    const proc = spawnBin(BIN, [`${home}/nope`, `${home}`], home);
    sandbox.track(proc.child.pid);
    expect(await proc.waitForExit()).toEqual({ code: 2, signal: null });
    expect(proc.stderr()).toContain(`allowed directory ${home}/nope does not exist`);
  });

  it('starts without directories and says how to give some', async () => {
    const home = await realpath(sandbox.dir.path);
    const transport = stdioTransport('v2-legacy', binCommand(BIN, [], home));
    const client = await connectClient('v2-legacy', transport);
    sandbox.track(childOf(transport).pid);
    const listed = await client.callTool('list_allowed_directories');
    expect(listed.text).toMatch(/No directories are allowed yet/);
    const read = await client.callTool('read_text_file', { path: `${home}/x` });
    expect(read.isError).toBe(true);
    expect(read.text).toMatch(/outside the allowed directories|No directories are allowed/);
    await client.close();
  });
});

describe('mcpkit-filesystem over HTTP, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox(BIN, 'mcpkit-fs-http-');

  it.each(CLIENT_KINDS)('serves a %s client with the bearer token it printed', async (kind) => {
    const home = await realpath(sandbox.dir.path);
    await writeFile(`${home}/a.txt`, 'over http\n');
    const server = await startHttpBin(BIN, [home], home);
    sandbox.track(server.child.pid);
    try {
      const client = await connectClient(kind, httpTransport(kind, server.url, server.token));
      const read = await client.callTool('read_text_file', { path: `${home}/a.txt` });
      expect(read.isError, read.text).toBe(false);
      expect(read.text).toContain('over http');
      await client.close();
    } finally {
      await server.kill();
    }
  });
});
