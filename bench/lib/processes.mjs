import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withTimeout } from './timing.mjs';

/**
 * Everything the bench starts, in one place, so one call ends it all: child processes
 * (SIGKILL by pid, also from a process 'exit' hook in case the bench itself dies), the
 * temp directory with the databases and server logs, and async cleanups (store handles,
 * clients). Create one per run.
 */
export function createTracker() {
  const pids = new Set();
  const fds = new Set();
  const cleanups = [];
  const scratch = new Set();
  const dir = mkdtempSync(join(tmpdir(), 'mcpkit-bench-'));
  let done = false;

  // Generated data (trees of files, gigabyte corpora) is removed even when the run failed:
  // unlike the logs in `dir`, it tells nothing and would fill the disk run after run.
  const removeScratch = () => {
    for (const path of scratch) rmSync(path, { recursive: true, force: true });
    scratch.clear();
  };

  const killAll = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: nothing to end.
      }
    }
    pids.clear();
  };
  process.on('exit', killAll);

  return {
    dir,
    /** A fresh path in the run's temp directory. */
    path: (name) => join(dir, name),
    /** A new temp directory for generated data, removed at the end even when the run failed (unlike `dir`). */
    scratchDir(name) {
      const path = mkdtempSync(join(tmpdir(), `mcpkit-bench-${name}-`));
      scratch.add(path);
      return path;
    },
    trackPid(pid) {
      if (pid) pids.add(pid);
    },
    untrackPid(pid) {
      pids.delete(pid);
    },
    /** An append-mode file descriptor for a server's stderr, closed at the end. */
    logFd(name) {
      const fd = openSync(join(dir, `${name}.log`), 'a');
      fds.add(fd);
      return fd;
    },
    /** The last lines of a server's stderr log, for error messages. */
    logTail(name, lines = 15) {
      try {
        return readFileSync(join(dir, `${name}.log`), 'utf8')
          .trimEnd()
          .split('\n')
          .slice(-lines)
          .join('\n');
      } catch {
        return '(no log)';
      }
    },
    /** For a signal: kills every process and removes the temp dir at once, skipping the cleanups. */
    abort() {
      done = true;
      killAll();
      for (const fd of fds) closeSync(fd);
      fds.clear();
      removeScratch();
      rmSync(dir, { recursive: true, force: true });
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    /** Runs the cleanups (newest first), kills what is left, removes the temp dir unless `keep`. */
    async dispose({ keep = false } = {}) {
      if (done) return;
      done = true;
      for (const fn of cleanups.reverse()) {
        try {
          await withTimeout(Promise.resolve().then(fn), 5000, 'a cleanup step');
        } catch (error) {
          process.stderr.write(`bench: cleanup failed: ${error.message}\n`);
        }
      }
      killAll();
      process.off('exit', killAll);
      for (const fd of fds) closeSync(fd);
      fds.clear();
      removeScratch();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One `kB` field of a live process's /proc/<pid>/status. */
function readStatusKb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} line for pid ${pid}: the process may have exited`);
  return Number(match[1]);
}

/** Resident set size of a live process in kB (VmRSS). */
export const readRssKb = (pid) => readStatusKb(pid, 'VmRSS');

/** Peak resident set size of a live process since it started, in kB (VmHWM, the high-water mark). */
export const readPeakRssKb = (pid) => readStatusKb(pid, 'VmHWM');

/** The `initialize` every raw session sends: a 2025-era client with no capabilities (so no roots, no sampling). */
export const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'mcpkit-bench', version: '0.0.0' },
};

/**
 * Spawns a server and talks newline-delimited JSON-RPC to it directly — no SDK client in
 * the way, so a cold start measures the server, not the client's own setup. `request`
 * resolves with the result (rejects with the JSON-RPC error); `close` ends stdin and waits
 * for the exit, killing after `exitTimeoutMs`.
 */
export function spawnJsonRpc(spec, tracker, { exitTimeoutMs = 3000 } = {}) {
  const child = spawn(spec.command, spec.args, {
    env: spec.env,
    stdio: ['pipe', 'pipe', tracker.logFd(spec.name)],
  });
  tracker.trackPid(child.pid);
  const waiting = new Map();
  let nextId = 1;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const failAll = (error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  child.once('error', failAll);
  void exited.then(({ code, signal }) =>
    failAll(new Error(`${spec.name} exited (code ${code}, signal ${signal}) before answering:\n${tracker.logTail(spec.name)}`)),
  );
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  const onMessage = (message) => {
    if (message.method !== undefined) {
      // A request from the server (ping; nothing else, as the client offers no capabilities):
      // answer it, so the server never waits on the bench.
      if (message.id === undefined) return;
      if (message.method === 'ping') send({ id: message.id, result: {} });
      else send({ id: message.id, error: { code: -32601, message: `the bench does not handle ${message.method}` } });
      return;
    }
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(`${spec.name}: ${message.error.message}`));
    else pending.resolve(message.result);
  };
  // An answer can be tens of megabytes on one line (a tree of 100,000 entries): keep the
  // unfinished line's chunks and look for the newline in each new chunk only, so reading
  // stays linear in the answer's size and costs the same for every server.
  let partial = [];
  child.stdout.on('data', (chunk) => {
    let from = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, from)) {
      partial.push(chunk.subarray(from, newline));
      const line = Buffer.concat(partial).toString('utf8').trim();
      partial = [];
      from = newline + 1;
      if (line) onMessage(JSON.parse(line));
    }
    if (from < chunk.length) partial.push(chunk.subarray(from));
  });

  return {
    pid: child.pid,
    request(method, params = {}) {
      const id = nextId++;
      const answer = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
      send({ id, method, params });
      return answer;
    },
    notify(method, params = {}) {
      send({ method, params });
    },
    async close() {
      child.stdin.end();
      try {
        await withTimeout(exited, exitTimeoutMs, `${spec.name} exit after stdin closed`);
      } catch {
        child.kill('SIGKILL');
        await exited;
      }
      tracker.untrackPid(child.pid);
    },
  };
}

/**
 * A raw JSON-RPC session past the handshake (`initialize`, then `notifications/initialized`),
 * for benchmarks that time the server's work rather than an SDK client's: `call` runs a tool
 * and throws on a tool error, so a failure is never timed as a result. Closed by the tracker's
 * cleanups if the benchmark does not close it first.
 */
export async function startSession(spec, tracker, { timeoutMs = 15_000 } = {}) {
  const session = spawnJsonRpc(spec, tracker);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await session.close();
  };
  tracker.onCleanup(close);
  await withTimeout(session.request('initialize', INITIALIZE), timeoutMs, `${spec.name} initialize`);
  session.notify('notifications/initialized');
  return {
    name: spec.name,
    pid: session.pid,
    request: session.request,
    async call(name, args, { timeoutMs: callTimeoutMs = 600_000 } = {}) {
      const result = await withTimeout(session.request('tools/call', { name, arguments: args }), callTimeoutMs, `${spec.name} ${name}`);
      if (result.isError) {
        throw new Error(`${spec.name} ${name} failed: ${result.content?.[0]?.text ?? JSON.stringify(result)}`);
      }
      return result;
    },
    close,
  };
}

/**
 * Runs a command to its end (tracked, so the tracker kills it if the bench dies), with stdout
 * collected and stderr to the run's log `name`. Resolves `{ code, stdout }`; rejects when it
 * cannot start or is killed by a signal.
 */
export function runCommand(name, command, args, tracker, { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', tracker.logFd(name)] });
    tracker.trackPid(child.pid);
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      tracker.untrackPid(child.pid);
      if (signal) reject(new Error(`${name} was killed by ${signal}:\n${tracker.logTail(name)}`));
      else resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
