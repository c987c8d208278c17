import { existsSync } from 'node:fs';
import { CLIENT_KINDS, connectClient, httpTransport, makeTempDir, stdioTransport, type TempDir, type TestClient } from '@mcpkit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  childOf,
  drainStderr,
  exitOf,
  type HttpTasks,
  NO_RATE_LIMITS,
  PROCESS_TIMEOUT_MS,
  poll,
  SPAWN_TEST_TIMEOUT_MS,
  spawnTasks,
  startHttpTasks,
  type TasksProcess,
  tasksCommand,
  useSpawnSandbox,
} from './spawn-tasks.fixture.js';

type TaskData = { id: string; title: string; createdBy: string; project: string };

/** create_task, list_tasks, get_task and project://status through one client: the everyday path. */
async function exerciseCore(client: TestClient, title: string, project: string): Promise<TaskData> {
  const created = await client.callTool('create_task', { title, project });
  expect(created.isError, created.text).toBe(false);
  const task = created.structured as TaskData;
  expect(task).toMatchObject({ id: expect.stringMatching(/^T-\d+$/), title, project });

  const listed = await client.callTool('list_tasks', { project, limit: 100 });
  expect(listed.isError, listed.text).toBe(false);
  const page = listed.structured as { items: TaskData[]; total: number };
  expect(page.items.map((t) => t.id)).toContain(task.id);
  expect(page.total).toBe(page.items.length);

  const got = await client.callTool('get_task', { id: task.id });
  expect(got.isError, got.text).toBe(false);
  expect((got.structured as { task: TaskData }).task).toMatchObject({ id: task.id, title });
  expect(got.text).toContain(title);

  const status = (await client.readResource('project://status')).json() as { total: number; projects: string[] };
  expect(status.projects).toContain(project);
  expect(status.total).toBeGreaterThanOrEqual(1);
  return task;
}

describe('mcpkit-tasks over stdio, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox('mcpkit-tasks-stdio-');

  it.each(CLIENT_KINDS)('serves a %s client, then exits 0 by itself once its stdin closes', async (kind) => {
    const transport = stdioTransport(kind, tasksCommand(['--db', sandbox.dir.join('tasks.db'), '--actor', 'ada'], sandbox.dir.path));
    const stderr = drainStderr(transport);
    const client = await connectClient(kind, transport);
    const child = childOf(transport);
    sandbox.track(child.pid);

    const task = await exerciseCore(client, `Ship it via ${kind}`, 'launch');
    expect(task).toMatchObject({ id: 'T-1', createdBy: 'ada' });

    // What the client's close does first; ending stdin ourselves keeps the SDK's SIGTERM
    // fallback (2 s later) from masking a server that would not exit on its own.
    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    await expect.poll(stderr, { timeout: PROCESS_TIMEOUT_MS }).toContain('"msg":"server stopped"');
    await client.close();
  });
});

/** The HTTP status a client's connect error carries: v2 puts it in `data.status`, v1 in `code`. */
function httpStatusOf(error: unknown): unknown {
  const e = error as { code?: unknown; data?: { status?: unknown } };
  return e.data?.status ?? e.code;
}

describe('mcpkit-tasks over HTTP, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  let dir: TempDir;
  let server: HttpTasks;
  beforeAll(async () => {
    assertBuilt();
    dir = await makeTempDir('mcpkit-tasks-http-');
    server = await startHttpTasks(['--db', dir.join('tasks.db'), ...NO_RATE_LIMITS], dir.path);
  }, SPAWN_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await server?.kill();
    await dir?.remove();
  }, SPAWN_TEST_TIMEOUT_MS);

  it('prints its URL and a token for this run to stderr, and nothing to stdout', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.token).toMatch(/^mcpk_[A-Za-z0-9_-]{20,}$/);
    expect(server.stdout()).toBe('');
  });

  it.each(CLIENT_KINDS)('serves a %s client that sends the bearer token', async (kind) => {
    const client = await connectClient(kind, httpTransport(kind, server.url, server.token));
    try {
      await exerciseCore(client, `Hosted via ${kind}`, `http-${kind}`);
    } finally {
      await client.close();
    }
  });

  it.each(CLIENT_KINDS)('refuses a %s client with no token or a wrong one (401)', async (kind) => {
    for (const token of [undefined, 'mcpk_wrong', server.token?.slice(0, -1)]) {
      const failure = await connectClient(kind, httpTransport(kind, server.url, token)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, `connect with token ${String(token)}`).toBeInstanceOf(Error);
      expect(httpStatusOf(failure)).toBe(401);
      expect((failure as Error).message).not.toContain(server.token as string);
    }
    const probe = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(probe.status).toBe(401);
    expect(probe.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await probe.json()) as { error: { message: string } }).error.message).toMatch(
      /^Authentication required: send 'Authorization: Bearer/,
    );
    // The server is still serving a client that does authenticate.
    const client = await connectClient(kind, httpTransport(kind, server.url, server.token));
    await client.close();
  });

  it('with --auth none serves a client that sends no token', async () => {
    const open = await startHttpTasks(['--db', dir.join('open.db'), '--auth', 'none'], dir.path);
    try {
      expect(open.token).toBeUndefined();
      const client = await connectClient('v2-legacy', httpTransport('v2-legacy', open.url));
      await exerciseCore(client, 'No auth needed', 'open');
      await client.close();
    } finally {
      await open.kill();
    }
  });
});

/** A JSON-RPC line client over a raw child process, to see exactly what the server writes. */
function rawSession(proc: TasksProcess) {
  const messages = () =>
    proc
      .stdout()
      .split('\n')
      .slice(0, -1) // the last element is an unfinished line (or '' after the final newline)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const send = (line: string) => proc.child.stdin.write(`${line}\n`);
  const response = (id: unknown) =>
    poll(
      () => messages().find((m) => m.id === id && ('result' in m || 'error' in m)),
      PROCESS_TIMEOUT_MS,
      () => `no response to id ${String(id).slice(0, 40)}; stdout:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`,
    );
  const request = (id: number | string, method: string, params?: unknown) => {
    send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) }));
    return response(id);
  };
  return { messages, send, response, request };
}

/** Every line is one JSON-RPC 2.0 message: a response with exactly one of result/error, or a request/notification. */
function expectWellFormed(line: string) {
  const message = JSON.parse(line) as Record<string, unknown>;
  expect(message.jsonrpc, line).toBe('2.0');
  if ('method' in message) {
    expect(typeof message.method, line).toBe('string');
    return;
  }
  expect('id' in message, line).toBe(true);
  expect(('result' in message ? 1 : 0) + ('error' in message ? 1 : 0), line).toBe(1);
  if ('error' in message) {
    const error = message.error as { code: unknown; message: unknown };
    expect(Number.isInteger(error.code), line).toBe(true);
    expect(typeof error.message, line).toBe('string');
  }
}

function expectJsonLogLines(stderr: string) {
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
    expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal'], line).toContain(entry.level);
  }
}

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'raw-line-client', version: '1.0.0' },
};

describe('the stdio channel stays pure JSON-RPC', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  let dir: TempDir;
  let proc: TasksProcess | undefined;
  beforeAll(assertBuilt);
  beforeEach(async () => {
    dir = await makeTempDir('mcpkit-tasks-raw-');
  });
  afterEach(async () => {
    await proc?.kill();
    proc = undefined;
    await dir.remove();
  }, SPAWN_TEST_TIMEOUT_MS);

  it('answers good, bad and garbled lines with JSON-RPC only, and logs JSON lines to stderr', async () => {
    proc = spawnTasks(['--db', dir.join('tasks.db'), '--actor', 'ada'], dir.path);
    const rpc = rawSession(proc);
    await proc.waitForStderr(/"msg":"server started"/);
    expect(proc.stdout()).toBe('');

    const init = await rpc.request(1, 'initialize', INITIALIZE);
    expect(init.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'mcpkit-tasks' } });
    expect(JSON.parse(proc.stdout().split('\n')[0] as string)).toMatchObject({ id: 1 });
    rpc.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));

    const tools = (await rpc.request(2, 'tools/list')).result as { tools: Array<{ name: string }> };
    expect(tools.tools.map((t) => t.name)).toContain('create_task');

    const created = (await rpc.request(3, 'tools/call', { name: 'create_task', arguments: { title: 'Raw line task' } })).result as {
      isError?: boolean;
      structuredContent: { id: string; title: string; createdBy: string };
    };
    expect(created.isError).not.toBe(true);
    expect(created.structuredContent).toMatchObject({ id: 'T-1', title: 'Raw line task', createdBy: 'ada' });

    const badArgs = (await rpc.request(4, 'tools/call', { name: 'create_task', arguments: { title: 42, bogus: true } })).result as {
      isError: boolean;
      content: Array<{ text: string }>;
    };
    expect(badArgs.isError).toBe(true);
    expect(badArgs.content[0]?.text).toMatch(/title/);

    const unknownTool = await rpc.request(5, 'tools/call', { name: 'no_such_tool', arguments: {} });
    const unknownText = JSON.stringify(unknownTool.error ?? unknownTool.result);
    expect(unknownText).toContain('no_such_tool');
    expect(unknownTool.error ?? (unknownTool.result as { isError?: boolean }).isError).toBeTruthy();

    expect((await rpc.request(6, 'no/such/method')).error).toMatchObject({ code: -32601 });

    // Garbage of several kinds; the server may answer with a JSON-RPC error or drop it,
    // but must stay up and keep stdout clean.
    rpc.send('{"jsonrpc":');
    rpc.send('not json at all');
    rpc.send('');
    rpc.send('{"hello":"world"}');
    rpc.send('[{"jsonrpc":"2.0","id":70,"method":"ping"}]');
    rpc.send('{"jsonrpc":"2.0","id":99999999999999999999999,"method":"ping"}');
    rpc.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/no_such_notification' }));
    expect((await rpc.request(7, 'ping')).result).toEqual({});

    // Ids at the edges of what JSON-RPC allows come back exactly as sent.
    expect((await rpc.request(Number.MAX_SAFE_INTEGER, 'ping')).result).toEqual({});
    const longId = `id-${'x'.repeat(5000)}`;
    expect((await rpc.request(longId, 'ping')).result).toEqual({});
    expect((await rpc.request(0, 'ping')).result).toEqual({});

    // A request in flight when stdin closes is still answered before the exit.
    rpc.send(JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'list_tasks', arguments: {} } }));
    proc.child.stdin.end();
    expect(await proc.waitForExit()).toEqual({ code: 0, signal: null });

    const stdout = proc.stdout();
    expect(stdout.endsWith('\n')).toBe(true);
    const lines = stdout.split('\n').slice(0, -1);
    for (const line of lines) expectWellFormed(line);
    const responses = lines.map((line) => JSON.parse(line) as { id?: unknown; error?: { code: number }; method?: string });
    const answered = responses.filter((m) => m.method === undefined).map((m) => m.id);
    // Every request answered exactly once; nothing answered that was not asked.
    const asked = [1, 2, 3, 4, 5, 6, 7, Number.MAX_SAFE_INTEGER, longId, 0, 8];
    for (const id of asked)
      expect(
        answered.filter((a) => a === id),
        String(id).slice(0, 20),
      ).toHaveLength(1);
    const unexpected = answered.filter((id) => !asked.includes(id as never));
    for (const m of responses.filter((r) => unexpected.includes(r.id))) {
      // Allowed extras: a parse/invalid-request error (id null), or an answer to the batched
      // or the huge-id ping that some SDK versions give.
      expect([null, 70, 1e23]).toContain(m.id);
      if (m.id === null) expect([-32700, -32600]).toContain(m.error?.code);
    }
    const listed = responses.find((m) => m.id === 8) as { result?: { structuredContent?: { total: number } } };
    expect(listed.result?.structuredContent?.total).toBe(1);
    expectJsonLogLines(proc.stderr());
    expect(proc.stderr()).toMatch(/"tool":"create_task".*"outcome":"invalid_input"/);
  });

  it('answers a request sent before initialize and then initializes normally', async () => {
    proc = spawnTasks(['--db', dir.join('tasks.db')], dir.path);
    const rpc = rawSession(proc);
    const early = await rpc.request(1, 'tools/list');
    expect(JSON.parse(proc.stdout().split('\n')[0] as string)).toMatchObject({ id: 1 });
    // Either the tool list or an error that says what to do; never silence.
    if (early.error) expect(typeof (early.error as { message: unknown }).message).toBe('string');
    else expect((early.result as { tools: unknown[] }).tools.length).toBeGreaterThan(0);

    const init = await rpc.request(2, 'initialize', INITIALIZE);
    expect(init.result ?? init.error).toBeDefined();
    expect((await rpc.request(3, 'ping')).result).toEqual({});
    proc.child.stdin.end();
    expect(await proc.waitForExit()).toEqual({ code: 0, signal: null });
    for (const line of proc.stdout().split('\n').slice(0, -1)) expectWellFormed(line);
    expectJsonLogLines(proc.stderr());
  });
});

describe('command line', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  let dir: TempDir;
  beforeAll(assertBuilt);
  beforeEach(async () => {
    dir = await makeTempDir('mcpkit-tasks-cli-');
  });
  afterEach(() => dir.remove());

  it('--help prints usage with the tasks options to stdout and exits 0', async () => {
    const proc = spawnTasks(['--help'], dir.path);
    expect(await proc.waitForExit()).toEqual({ code: 0, signal: null });
    expect(proc.stdout()).toMatch(/^mcpkit-tasks \d+\.\d+\.\d+/);
    expect(proc.stdout()).toContain('Usage: mcpkit-tasks [options]');
    for (const option of ['--db <value>', 'TASKS_DB_PATH', '--actor <value>', '--http', '--port <value>', '--auth <value>']) {
      expect(proc.stdout()).toContain(option);
    }
    expect(proc.stderr()).toBe('');
  });

  it('a bad value and an unknown flag exit 2 with both problems in one message and nothing on stdout', async () => {
    const proc = spawnTasks(['--port', 'abc', '--bogus', '--db', dir.join('never.db')], dir.path);
    expect(await proc.waitForExit()).toEqual({ code: 2, signal: null });
    expect(proc.stdout()).toBe('');
    const stderr = proc.stderr();
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
    expect(stderr).toMatch(/unknown option --bogus/);
    expect(stderr).toMatch(/--port: expected number/);
    expect(stderr).toContain('--help');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Refused before opening anything.
    expect(existsSync(dir.join('never.db'))).toBe(false);
  });
});
