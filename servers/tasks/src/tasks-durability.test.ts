import { copyFileSync, existsSync, statSync } from 'node:fs';
import { type ClientKind, connectClient, stdioTransport, type TestClient } from '@mcpkit/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  childOf,
  drainStderr,
  type ExitStatus,
  exitOf,
  NO_RATE_LIMITS,
  PROCESS_TIMEOUT_MS,
  SPAWN_TEST_TIMEOUT_MS,
  tasksCommand,
  useSpawnSandbox,
  withTimeout,
} from './spawn-tasks.fixture.js';

const PROJECT = 'durability';

describe('acknowledged writes survive a SIGKILL', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox('mcpkit-tasks-durability-');

  /** Spawns the bin over stdio on the test's database with a client of `kind`. */
  async function open(kind: ClientKind) {
    const transport = stdioTransport(
      kind,
      tasksCommand(['--db', sandbox.dir.join('tasks.db'), '--actor', 'ada', '--log-level', 'warn', ...NO_RATE_LIMITS], sandbox.dir.path),
    );
    const stderr = drainStderr(transport);
    const client = await connectClient(kind, transport);
    const child = childOf(transport);
    sandbox.track(child.pid);
    // Listen now: a SIGKILLed child's exit event would otherwise fire before anyone waits.
    const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return { client, child, stderr, exited: () => withTimeout(exited, PROCESS_TIMEOUT_MS, () => `pid ${child.pid} did not exit`) };
  }

  /** Every task of the test's project, paged through list_tasks 100 at a time: id → title. */
  async function allTasks(client: TestClient): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result = await client.callTool('list_tasks', { project: PROJECT, sort: 'created', limit: 100, ...(cursor && { cursor }) });
      expect(result.isError, result.text).toBe(false);
      const page = result.structured as { items: Array<{ id: string; title: string }>; total: number; nextCursor: string | null };
      for (const task of page.items) {
        expect(found.has(task.id), `${task.id} listed twice`).toBe(false);
        found.set(task.id, task.title);
      }
      cursor = page.nextCursor;
      expect(++pages).toBeLessThan(50); // a cursor that never ends is a bug, not a slow test
    } while (cursor);
    return found;
  }

  /** Tasks in the main database file alone, as if its WAL had been lost. */
  function tasksInMainFileOnly(name: string): number {
    const copy = sandbox.dir.join(`${name}.db`);
    copyFileSync(sandbox.dir.join('tasks.db'), copy);
    const db = new Database(copy);
    try {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get();
      return hasTable ? (db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  }

  it('keeps every task whose create_task was acknowledged, with its title, after kill -9 mid-stream', async ({ annotate }) => {
    const TARGET_ACKS = 150;
    const CONCURRENCY = 4;
    const writer = await open('v2-legacy');

    const acked = new Map<string, string>(); // id → title, every result the server sent, even after the kill
    const refused: string[] = [];
    let issued = 0;
    let lostInFlight = 0;
    let mismatched = 0;
    let atKill: { acked: number; inFlight: number; issued: number } | undefined;

    const worker = async () => {
      while (!atKill) {
        const title = `durable write ${++issued}`;
        const result = await writer.client.callTool('create_task', { title, project: PROJECT }).catch(() => undefined);
        if (!result) {
          lostInFlight++; // the connection died under this call: never acknowledged
          continue;
        }
        if (result.isError) {
          refused.push(result.text);
          continue;
        }
        const task = result.structured as { id: string; title: string };
        mismatched += task.title === title ? 0 : 1;
        acked.set(task.id, title);
        if (!atKill && acked.size >= TARGET_ACKS) {
          atKill = { acked: acked.size, issued, inFlight: issued - acked.size - refused.length };
          writer.child.kill('SIGKILL');
        }
      }
    };
    await withTimeout(
      Promise.all(Array.from({ length: CONCURRENCY }, worker)),
      SPAWN_TEST_TIMEOUT_MS - 10_000,
      () => `only ${acked.size} writes acknowledged; stderr:\n${writer.stderr()}`,
    );

    expect(refused).toEqual([]);
    expect(mismatched).toBe(0);
    expect(await writer.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(atKill).toBeDefined();
    const kill = atKill as NonNullable<typeof atKill>;
    // Several calls were in flight when the process died, so the kill landed mid-stream.
    expect(kill.inFlight).toBeGreaterThan(0);
    // Every call issued either came back (ack or lost), nothing hangs.
    expect(acked.size + lostInFlight).toBe(issued);
    // The WAL was not checkpointed away by a clean close: the restart has to recover it.
    expect(statSync(`${sandbox.dir.join('tasks.db')}-wal`).size).toBeGreaterThan(0);
    await writer.client.close();

    const reader = await open('v1');
    const found = await allTasks(reader.client);
    for (const [id, title] of acked) expect(found.get(id), `acknowledged ${id} "${title}"`).toBe(title);
    // Unacknowledged writes may or may not have committed, but nothing appears that was never sent.
    const unacked = [...found].filter(([id]) => !acked.has(id));
    expect(unacked.length).toBeLessThanOrEqual(lostInFlight);
    for (const [, title] of unacked) expect(Number(title.replace('durable write ', ''))).toBeLessThanOrEqual(issued);
    expect(new Set(found.values()).size).toBe(found.size); // no write applied twice

    // The store still takes writes after the crash, and ids keep counting up.
    const next = await reader.client.callTool('create_task', { title: 'after the crash', project: PROJECT });
    expect(next.isError, next.text).toBe(false);
    const nextNumber = Number((next.structured as { id: string }).id.slice(2));
    expect(nextNumber).toBeGreaterThan(Math.max(...[...found.keys()].map((id) => Number(id.slice(2)))));

    reader.child.stdin.end();
    expect(await exitOf(reader.child)).toEqual({ code: 0, signal: null });
    await reader.client.close();

    await annotate(
      `${kill.acked} acknowledged at the kill (${acked.size} in all), ${kill.inFlight} in flight; ` +
        `after restart ${found.size} present, ${unacked.length} of them unacknowledged`,
    );
  });

  it('recovers the data of an orphan WAL left by kill -9', async () => {
    const writer = await open('v2-modern');
    const titles = ['Orphan one', 'Orphan two', 'Orphan three', 'Orphan four', 'Orphan five'];
    for (const title of titles) {
      const result = await writer.client.callTool('create_task', { title, project: PROJECT });
      expect(result.isError, result.text).toBe(false);
    }
    writer.child.kill('SIGKILL');
    expect(await writer.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    await writer.client.close();

    // The acknowledged tasks live only in the WAL the killed process left behind.
    expect(existsSync(`${sandbox.dir.join('tasks.db')}-wal`)).toBe(true);
    expect(statSync(`${sandbox.dir.join('tasks.db')}-wal`).size).toBeGreaterThan(0);
    expect(tasksInMainFileOnly('main-after-kill')).toBe(0);

    const reader = await open('v1');
    const found = await allTasks(reader.client);
    expect([...found.values()].sort()).toEqual([...titles].sort());
    const status = (await reader.client.readResource('project://status')).json() as { total: number; projects: string[] };
    expect(status).toMatchObject({ total: titles.length, projects: [PROJECT] });

    // A clean shutdown folds the recovered WAL into the main file.
    reader.child.stdin.end();
    expect(await exitOf(reader.child)).toEqual({ code: 0, signal: null });
    await reader.client.close();
    expect(tasksInMainFileOnly('main-after-clean-exit')).toBe(titles.length);
  });
});
