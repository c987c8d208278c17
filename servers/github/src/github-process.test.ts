import { fileURLToPath } from 'node:url';
import {
  binCommand,
  CLIENT_KINDS,
  childOf,
  connectClient,
  drainStderr,
  exitOf,
  type FakeGitHub,
  SEED_TOKENS,
  SPAWN_TEST_TIMEOUT_MS,
  spawnBin,
  startFakeGitHub,
  stdioTransport,
  useSpawnSandbox,
} from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub();
});
afterAll(async () => {
  await github?.close();
});

describe('mcpkit-github over stdio, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox(BIN, 'mcpkit-github-stdio-');

  it.each(CLIENT_KINDS)('serves a %s client with the official server’s variables, and keeps the token out of stderr', async (kind) => {
    const command = binCommand(BIN, [], sandbox.dir.path);
    const transport = stdioTransport(kind, {
      ...command,
      env: { ...command.env, GITHUB_PERSONAL_ACCESS_TOKEN: SEED_TOKENS.octocat, GITHUB_API_URL: github.url, GITHUB_TOOLSETS: 'issues' },
    });
    const stderr = drainStderr(transport);
    const client = await connectClient(kind, transport);
    const child = childOf(transport);
    sandbox.track(child.pid);

    const names = (await client.listTools()).map((tool) => tool.name);
    expect(names).toContain('get_issue');
    expect(names).not.toContain('get_file_contents');
    const issue = await client.callTool('get_issue', { owner: 'octo-org', repo: 'hello-world', issueNumber: 1 });
    expect(issue.isError, issue.text).toBe(false);

    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(stderr()).toMatch(/"msg":"GitHub token scopes"/);
    expect(stderr()).not.toContain(SEED_TOKENS.octocat);
    await client.close();
  });

  it('refuses a bad allow-list entry before serving (exit 2)', async () => {
    const proc = spawnBin(BIN, ['--repos', 'octo-org', '--toolsets', 'nope'], sandbox.dir.path);
    sandbox.track(proc.child.pid);
    expect(await proc.waitForExit()).toEqual({ code: 2, signal: null });
    expect(proc.stderr()).toMatch(/unknown toolset "nope"|--repos entry "octo-org"/);
  });
});
