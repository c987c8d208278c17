import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SpawnedServer } from './mcp-clients.js';

/**
 * Helpers for tests that run a built server binary as a child process, the way a desktop
 * host or a deployment runs it. They test `dist/bin.js`, so build first (`turbo run
 * build`); `assertBuilt` says so instead of failing obscurely.
 */

/** Generous bound for one process to start, answer or exit on a slow, busy 2-core machine. */
export const PROCESS_TIMEOUT_MS = 20_000;

/**
 * Timeout of a test or hook that spawns processes, set on the suites themselves so it
 * holds however vitest is invoked (from the package, the repo root, or an IDE).
 */
export const SPAWN_TEST_TIMEOUT_MS = 60_000;

/**
 * The environment the child gets: only what node needs, so a developer's own server
 * variables (`TASKS_DB_PATH`, `LOG_LEVEL`, `MCP_*`) cannot change what a test sees.
 */
export function cleanEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_DATA_HOME: home };
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned bin with everything it printed collected. */
export interface SpawnedProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves on exit; rejects after `timeoutMs` if the process is still running. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /** Resolves with the first match of `pattern` in stderr; rejects on exit or timeout. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGKILL if still running, then wait for the exit. Safe to call twice. */
  kill(): Promise<void>;
}

/** Throws a clear "build first" error when the bin has not been built. */
export function assertBuilt(bin: string): void {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (turbo run build).`);
}

/** The bin as a command for the SDK's stdio client transports (`stdioTransport`). */
export function binCommand(bin: string, args: readonly string[], home: string): SpawnedServer {
  return { command: process.execPath, args: [bin, ...args], env: cleanEnv(home), cwd: home };
}

/** Spawns `node <bin> ...args` with piped stdio, in `home` as cwd and HOME. */
export function spawnBin(bin: string, args: readonly string[], home: string): SpawnedProcess {
  const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: cleanEnv(home), stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  // A write to a child that already exited must fail the test's own assertion, not crash
  // the worker with an unhandled EPIPE.
  child.stdin.on('error', () => {});
  const exited = new Promise<ExitStatus>((resolve) => {
    // 'close' rather than 'exit': it waits for stdout/stderr to be drained, so what the
    // process printed last is in `out`/`err` when a test reads them.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  const waitForExit = (timeoutMs = PROCESS_TIMEOUT_MS) =>
    withTimeout(exited, timeoutMs, () => `pid ${child.pid} still running after ${timeoutMs} ms; stderr:\n${err}`);

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForExit,
    async waitForStderr(pattern, timeoutMs = PROCESS_TIMEOUT_MS) {
      let gone = false;
      void exited.then(() => {
        gone = true;
      });
      return poll(
        () => {
          const match = err.match(pattern);
          if (match) return match;
          if (gone) throw new Error(`process exited before stderr matched ${pattern}; stderr:\n${err}`);
          return undefined;
        },
        timeoutMs,
        () => `stderr did not match ${pattern} within ${timeoutMs} ms; stderr:\n${err}`,
      );
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await waitForExit();
    },
  };
}

export interface HttpProcess extends SpawnedProcess {
  /** The MCP endpoint the bin printed, e.g. `http://127.0.0.1:41234/mcp`. */
  url: string;
  /** The bearer token printed for this run; undefined with `--auth none`. */
  token: string | undefined;
}

/** Spawns the bin with `--http --port 0` and reads the URL (and token) it prints to stderr. */
export async function startHttpBin(bin: string, args: readonly string[], home: string): Promise<HttpProcess> {
  const proc = spawnBin(bin, ['--http', '--port', '0', ...args], home);
  try {
    const listening = await proc.waitForStderr(/listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)\n/);
    // The token line is written in the same write as the URL line, when there is one.
    const token = proc.stderr().match(/bearer token \(this run only\): (mcpk_[A-Za-z0-9_-]+)/)?.[1];
    return { ...proc, url: listening[1] as string, token };
  } catch (error) {
    await proc.kill();
    throw error;
  }
}

/** Polls `probe` until it returns something other than undefined. */
export async function poll<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `promise`, or a rejection naming what was awaited once `timeoutMs` passes. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** True while a process with this pid exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILLs `pid` unless it is already gone; for cleanup of processes the SDK spawned. */
export function killIfAlive(pid: number | null | undefined): void {
  if (pid == null || !isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Exited between the probe and the signal: nothing left to clean up.
  }
}

/**
 * Collects a child's stderr through an SDK stdio transport. Reading it matters beyond
 * diagnostics: an unread stderr pipe fills after ~64 KiB of log lines and then blocks
 * the server's logger, which would stall a long test mid-stream.
 */
export function drainStderr(transport: unknown): () => string {
  let text = '';
  const stream = (transport as { stderr?: NodeJS.ReadableStream | null }).stderr;
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text += chunk;
  });
  return () => text;
}

/**
 * The child process behind an SDK stdio client transport (v1 and v2 both keep it in
 * `_process`). Tests need it to end stdin themselves and read the exit code: the SDK's
 * own `close()` sends SIGTERM after 2 s, which would hide a server that never exits.
 */
export function childOf(transport: unknown): ChildProcessWithoutNullStreams {
  const child = (transport as { _process?: ChildProcessWithoutNullStreams })._process;
  if (!child?.stdin) throw new Error('the stdio transport has no child process: not started, or the SDK renamed `_process`');
  return child;
}

/** Waits for `child` to exit (now or already) and returns how. */
export function exitOf(child: ChildProcessWithoutNullStreams, timeoutMs = PROCESS_TIMEOUT_MS): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return withTimeout(exited, timeoutMs, () => `pid ${child.pid} still running ${timeoutMs} ms after its stdin closed`);
}
