import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importEsm } from './resolve.mjs';
import { withTimeout } from './timing.mjs';

/**
 * The servers under test, as spawn specs, and a long-lived SDK client to drive one.
 * Every server gets the same minimal environment and runs under the same `node` as the bench.
 */

const TASKS_BIN = fileURLToPath(new URL('../../servers/tasks/dist/bin.js', import.meta.url));
const CORE_ECHO = fileURLToPath(new URL('../baselines/core-echo-server.mjs', import.meta.url));
const BARE_ECHO = fileURLToPath(new URL('../baselines/bare-sdk-server.mjs', import.meta.url));
const CORE_DIST = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));
const FILESYSTEM_BIN = fileURLToPath(new URL('../../servers/filesystem/dist/bin.js', import.meta.url));
const WEATHER_BIN = fileURLToPath(new URL('../../servers/weather/dist/bin.js', import.meta.url));
const GITHUB_BIN = fileURLToPath(new URL('../../servers/github/dist/bin.js', import.meta.url));
// The test harness's entry: the weather and GitHub fakes and the data they serve (private, never published).
const TESTING_DIST = fileURLToPath(new URL('../../packages/testing/dist/index.js', import.meta.url));
// The reference filesystem server, a root devDependency, run from its own package like `npx` would.
const REFERENCE_FILESYSTEM_DIR = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/', import.meta.url));
const REFERENCE_FILESYSTEM = `${REFERENCE_FILESYSTEM_DIR}dist/index.js`;
// The archived reference GitHub server, a root devDependency: only its tools/list compares, as
// it talks to api.github.com whatever it is told.
const REFERENCE_GITHUB_DIR = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-github/', import.meta.url));
const REFERENCE_GITHUB = `${REFERENCE_GITHUB_DIR}dist/index.js`;
const INSTALL_HINT = 'install the root devDependencies (pnpm install at the repository root).';

// Core's default limits (600 calls/min per principal, 120 per tool) would refuse a
// benchmark's thousands of calls. The limiter still runs on every call; it just never says no.
const UNLIMITED = ['--rate-limit', '1000000000/1s', '--tool-rate-limit', '1000000000/1s'];

// The variables the SDK client passes on by default (it adds them to any env given), so a
// server spawned raw for the cold start sees the same environment as one the client spawns.
const INHERITED = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];
const baseEnv = () => Object.fromEntries(INHERITED.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]]));

/** Fails early when a server a benchmark needs is missing, saying how to get it. */
function assertExists(file, hint) {
  if (!existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
}

const BUILD_HINT = 'build first (npm run build at the repository root).';

/** Fails early, with the command to run, when the built servers every run needs are missing (the filesystem ones are checked when used). */
export function assertBuilt() {
  for (const file of [TASKS_BIN, CORE_DIST]) assertExists(file, BUILD_HINT);
}

export function tasksServer(dbPath, name = 'mcpkit-tasks') {
  return { name, command: process.execPath, args: [TASKS_BIN, '--db', dbPath, ...UNLIMITED], env: baseEnv() };
}

export function coreEchoServer(name = 'core-echo') {
  return { name, command: process.execPath, args: [CORE_ECHO, ...UNLIMITED], env: baseEnv() };
}

export function bareEchoServer(name = 'bare-sdk-echo') {
  return { name, command: process.execPath, args: [BARE_ECHO], env: baseEnv() };
}

/** mcpkit-filesystem on `directories` (positional, like the reference), rate limits raised; `options` are more flags. */
export function filesystemServer(directories, { name = 'mcpkit-filesystem', options = [] } = {}) {
  assertExists(FILESYSTEM_BIN, BUILD_HINT);
  return { name, command: process.execPath, args: [FILESYSTEM_BIN, ...UNLIMITED, ...options, ...directories], env: baseEnv() };
}

/** mcpkit-weather with every upstream pointed at the fakes `openMeteo` and `nws`, rate limits raised; `options` are more flags. */
export function weatherServer({ openMeteo, nws }, { name = 'mcpkit-weather', options = [] } = {}) {
  assertExists(WEATHER_BIN, BUILD_HINT);
  const upstreams = [
    ['--open-meteo-url', `${openMeteo.url}/v1`],
    ['--archive-url', `${openMeteo.url}/v1`],
    ['--geocoding-url', `${openMeteo.url}/v1`],
    ['--nws-url', nws.url],
  ].flat();
  return { name, command: process.execPath, args: [WEATHER_BIN, ...UNLIMITED, ...upstreams, ...options], env: baseEnv() };
}

/** mcpkit-github on the REST API at `apiUrl` (a fake GitHub in the bench) with `token`, rate limits raised; `options` are more flags. */
export function githubServer({ apiUrl, token }, { name = 'mcpkit-github', options = [] } = {}) {
  assertExists(GITHUB_BIN, BUILD_HINT);
  return {
    name,
    command: process.execPath,
    args: [GITHUB_BIN, ...UNLIMITED, '--api-url', apiUrl, ...options],
    env: { ...baseEnv(), GITHUB_TOKEN: token },
  };
}

/** `@mcpkit/testing` (fake Open-Meteo, NWS and GitHub servers, the data they answer from), loaded from its build. */
export async function importTesting() {
  assertExists(TESTING_DIST, BUILD_HINT);
  return import(pathToFileURL(TESTING_DIST).href);
}

/** The reference `@modelcontextprotocol/server-filesystem` on `directories`, as its README starts it. */
export function referenceFilesystemServer(directories, name = 'reference-filesystem') {
  assertExists(REFERENCE_FILESYSTEM, INSTALL_HINT);
  return { name, command: process.execPath, args: [REFERENCE_FILESYSTEM, ...directories], env: baseEnv() };
}

/** The reference `@modelcontextprotocol/server-github` with `token`, as its README starts it. */
export function referenceGithubServer(token, name = 'reference-github') {
  assertExists(REFERENCE_GITHUB, INSTALL_HINT);
  return { name, command: process.execPath, args: [REFERENCE_GITHUB], env: { ...baseEnv(), GITHUB_PERSONAL_ACCESS_TOKEN: token } };
}

/** The version in the package.json of the package at `dir`, for the report. */
function installedVersion(dir) {
  try {
    return JSON.parse(readFileSync(`${dir}package.json`, 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** The reference filesystem server's version, for the report. */
export function referenceFilesystemVersion() {
  return installedVersion(REFERENCE_FILESYSTEM_DIR);
}

/** The reference GitHub server's version, for the report. */
export function referenceGithubVersion() {
  return installedVersion(REFERENCE_GITHUB_DIR);
}

/**
 * Spawns `spec` through the SDK v2 client's `StdioClientTransport` and connects a
 * `Client` in its default (legacy, 2025-era `initialize`) negotiation mode. `call` runs a
 * tool and throws on a tool error, so a benchmark never times failures by accident.
 */
export async function connectClient(spec, tracker, { timeoutMs = 15_000 } = {}) {
  const { Client } = await importEsm('@modelcontextprotocol/client');
  const { StdioClientTransport } = await importEsm('@modelcontextprotocol/client/stdio');
  // `start()` spawns synchronously before its first await: track the pid right there, so a
  // signal arriving while the handshake is in flight still finds the process to kill.
  let pid = null;
  class TrackedStdioTransport extends StdioClientTransport {
    start() {
      const started = super.start();
      pid = this.pid;
      tracker.trackPid(pid);
      return started;
    }
  }
  const transport = new TrackedStdioTransport({
    command: spec.command,
    args: spec.args,
    env: spec.env,
    stderr: tracker.logFd(spec.name),
  });
  const client = new Client({ name: 'mcpkit-bench', version: '0.0.0' });
  try {
    await withTimeout(client.connect(transport), timeoutMs, `connecting to ${spec.name}`);
  } catch (error) {
    throw new Error(`${error.message}\n${spec.name} stderr:\n${tracker.logTail(spec.name)}`);
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
    tracker.untrackPid(pid);
  };
  tracker.onCleanup(close);
  return {
    name: spec.name,
    pid,
    client,
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) {
        throw new Error(`${spec.name} ${name} failed: ${result.content?.[0]?.text ?? JSON.stringify(result)}`);
      }
      return result;
    },
    close,
  };
}
