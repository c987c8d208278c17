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
  const dir = mkdtempSync(join(tmpdir(), 'mcpkit-bench-'));
  let done = false;

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
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resident set size of a live process in kB, from /proc/<pid>/status (VmRSS). */
export function readRssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS line for pid ${pid}: the process may have exited`);
  return Number(match[1]);
}

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
  let buffer = '';
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
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (!line) continue;
      const message = JSON.parse(line);
      const pending = waiting.get(message.id);
      if (!pending) continue;
      waiting.delete(message.id);
      if (message.error) pending.reject(new Error(`${spec.name}: ${message.error.message}`));
      else pending.resolve(message.result);
    }
  });
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);

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
