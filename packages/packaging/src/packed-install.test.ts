import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClientKind,
  connectClient,
  type FakeApi,
  type FakeGitHub,
  fakeWeatherArgs,
  SEED_TOKENS,
  startFakeGitHub,
  startFakeNws,
  startFakeOpenMeteo,
  stdioTransport,
} from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets from npm: every publishable package packed as it would be published
// (workspace and catalog versions made real, publishConfig applied), the tarballs installed
// with plain npm into an empty directory outside the workspace (their other dependencies from
// the registry), and each server's bin run there over stdio through a real MCP client.

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PNPM = join(ROOT, 'node_modules', '.bin', 'pnpm');
const PUBLISHED = ['packages/core', 'servers/tasks', 'servers/filesystem', 'servers/weather', 'servers/github'];
/** Installing compiles better-sqlite3 where no prebuilt binary is reachable: minutes on two cores. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * npm's environment without what the package manager running this suite sets for its own script
 * (the package, the lifecycle, its user agent and paths); the user's npm settings (a registry
 * mirror, a cache, a proxy) stay.
 */
const OWN_SCRIPT_VARS = /^(npm_package_|npm_lifecycle_|npm_execpath$|npm_node_execpath$|npm_config_user_agent$|pnpm_)/i;
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !OWN_SCRIPT_VARS.test(key)));
}

function run(command: string, args: string[], cwd: string, timeout = 120_000) {
  const result = spawnSync(command, args, { cwd, env: npmEnv(), encoding: 'utf8', timeout });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** Whether the npm registry answers: without it nothing can be installed, and the suite says so. */
const registry = spawnSync('npm', ['ping', '--loglevel=error'], { env: npmEnv(), encoding: 'utf8', timeout: 30_000 });
const offline = registry.status !== 0;
if (offline) console.log('[skipped] the packed-install suite: the npm registry does not answer (npm ping failed).');

describe.skipIf(offline)('every package from its tarball alone, installed with plain npm', () => {
  let work: string;
  let app: string;
  let openMeteo: FakeApi;
  let nws: FakeApi;
  let github: FakeGitHub;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mcpkit-packed-'));
    const tarballs = join(work, 'tarballs');
    app = join(work, 'app');
    mkdirSync(tarballs);
    mkdirSync(app);
    for (const dir of PUBLISHED) run(PNPM, ['pack', '--pack-destination', tarballs], join(ROOT, dir));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-install-check', private: true }));
    const files = readdirSync(tarballs).map((name) => join(tarballs, name));
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], app, INSTALL_TIMEOUT_MS);
    [openMeteo, nws, github] = await Promise.all([startFakeOpenMeteo(), startFakeNws(), startFakeGitHub()]);
  }, INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await Promise.all([openMeteo?.close(), nws?.close(), github?.close()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const installed = (name: string) => join(app, 'node_modules', '@mcpkit', name);

  /** The package's one bin, as npm installed it. */
  function binOf(name: string): string {
    const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const [bin] = Object.values(manifest.bin);
    if (!bin) throw new Error(`@mcpkit/${name} has no bin`);
    return join(installed(name), bin);
  }

  async function serve(kind: ClientKind, name: string, args: string[], env: Record<string, string> = {}) {
    const transport = stdioTransport(kind, {
      command: process.execPath,
      args: [binOf(name), ...args],
      env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
      cwd: app,
    });
    return connectClient(kind, transport);
  }

  it('ships each package with its README, a bin with a shebang, and no sources or tests', () => {
    for (const name of ['core', 'server-tasks', 'server-filesystem', 'server-weather', 'server-github']) {
      const dir = installed(name);
      expect(existsSync(join(dir, 'README.md')), name).toBe(true);
      expect(existsSync(join(dir, 'src')), name).toBe(false);
      const files = readdirSync(join(dir, 'dist'), { recursive: true }).map(String);
      expect(
        files.filter((file) => /\.test\./.test(file)),
        name,
      ).toEqual([]);
      if (name !== 'core') expect(readFileSync(binOf(name), 'utf8').startsWith('#!/usr/bin/env node\n'), name).toBe(true);
    }
  });

  it('imports each package by its name, through its published exports', () => {
    const script = `for (const name of ['core', 'server-tasks', 'server-filesystem', 'server-weather', 'server-github']) {
      const module = await import('@mcpkit/' + name);
      if (Object.keys(module).length === 0) throw new Error(name + ' exports nothing');
    }
    console.log('ok');`;
    expect(run(process.execPath, ['--input-type=module', '-e', script], app).trim()).toBe('ok');
  });

  it('runs mcpkit-tasks: a task created is listed', async () => {
    const client = await serve('v1', 'server-tasks', ['--db', join(work, 'tasks.db')]);
    try {
      const created = await client.callTool('create_task', { title: 'Ship the tarballs' });
      expect(created.isError, created.text).toBe(false);
      expect((await client.callTool('list_tasks')).text).toContain('Ship the tarballs');
    } finally {
      await client.close();
    }
  });

  it('runs mcpkit-filesystem: a file in the allowed directory is read', async () => {
    const files = join(work, 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'hello.txt'), 'hello from a tarball\n');
    const client = await serve('v2-modern', 'server-filesystem', [files]);
    try {
      const read = await client.callTool('read_text_file', { path: join(files, 'hello.txt') });
      expect(read.isError, read.text).toBe(false);
      expect(read.text).toContain('hello from a tarball');
    } finally {
      await client.close();
    }
  });

  it('runs mcpkit-weather against Open-Meteo (here its fake)', async () => {
    const client = await serve('v2-legacy', 'server-weather', fakeWeatherArgs(openMeteo, nws));
    try {
      const forecast = await client.callTool('get_forecast', { place: 'Berlin', days: 1 });
      expect(forecast.isError, forecast.text).toBe(false);
      expect(forecast.text).toMatch(/^Forecast for Berlin, /);
    } finally {
      await client.close();
    }
  });

  it('runs mcpkit-github against GitHub (here its fake), under the official server’s variables', async () => {
    const client = await serve('v1', 'server-github', ['stdio'], {
      GITHUB_PERSONAL_ACCESS_TOKEN: SEED_TOKENS.octocat,
      GITHUB_API_URL: github.url,
    });
    try {
      const issue = await client.callTool('get_issue', { owner: 'octo-org', repo: 'hello-world', issueNumber: 1 });
      expect(issue.isError, issue.text).toBe(false);
      expect(issue.text).toMatch(/^#1 /);
    } finally {
      await client.close();
    }
  });
});
