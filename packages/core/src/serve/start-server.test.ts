import { CLIENT_KINDS, captureLogger, connectClient, linkedTransports, type TestClient, TOOL_ERROR_META_KEY } from '@mcpkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_META_KEY } from '../errors/tool-error-result.js';
import { createLogger } from '../logging/create-logger.js';
import { createDemoServer } from './demo-server.fixture.js';
import { type RunningServer, startServer } from './start-server.js';

/**
 * The whole core chain, in process: a demo server definition served through
 * `startServer` on an in-memory transport, driven by each of the three clients.
 */
async function startDemo(argv: string[] = [], clientOptions = {}) {
  const { definition, app } = createDemoServer();
  const log = captureLogger();
  const logger = createLogger({ name: 'demo', level: 'debug', destination: log.stream });
  const { client: clientSide, server: serverSide } = linkedTransports();
  const server = await startServer(definition, { argv, env: {}, logger, transport: serverSide });
  return { server, app, log, clientSide, clientOptions };
}

it('puts tool errors under the key the test harness reads', () => {
  expect(ERROR_META_KEY).toBe(TOOL_ERROR_META_KEY);
});

describe.each(CLIENT_KINDS)('core server chain with the %s client', (kind) => {
  let client: TestClient | undefined;
  let server: RunningServer<unknown> | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  async function connect(argv: string[] = [], options = {}) {
    const demo = await startDemo(argv);
    server = demo.server;
    client = await connectClient(kind, demo.clientSide, options);
    return { ...demo, client };
  }

  it('lists tools with titles, annotations and output schemas', async () => {
    const { client } = await connect();
    const tools = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['crash', 'echo', 'find_thing', 'hang', 'increment']);
    const echo = tools.find((t) => t.name === 'echo');
    expect(echo?.title).toBe('Echo');
    // Compact on the wire: read-only tools carry no write-only hints, no schema dialect URL,
    // and no schema is marked closed (an unknown argument is refused by name instead).
    expect(echo?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    // Hints equal to the spec's defaults (idempotentHint false, openWorldHint true) are left
    // out; readOnlyHint and, on writes, destructiveHint are always there.
    expect(tools.find((t) => t.name === 'increment')?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      openWorldHint: false,
    });
    expect(echo?.outputSchema).toMatchObject({ type: 'object', properties: { echoed: { type: 'string' } } });
    expect(JSON.stringify(echo?.outputSchema)).not.toMatch(/\$schema|additionalProperties/);
    // Length and range limits and closedness are checked on every call (the refusal names
    // them), not listed; defaults are.
    expect(echo?.inputSchema).toEqual({
      type: 'object',
      properties: { message: { type: 'string' }, times: { type: 'integer', default: 1 } },
      required: ['message'],
    });
    expect(JSON.stringify(echo?.outputSchema)).not.toMatch(/required/);
  });

  it('still enforces the length and range limits it does not list', async () => {
    const { client } = await connect();
    const result = await client.callTool('echo', { message: 'x'.repeat(21) });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/message: .*20/);
    const tooMany = await client.callTool('echo', { message: 'x', times: 4 });
    expect(tooMany.isError).toBe(true);
    expect(tooMany.text).toMatch(/times: .*3/);
  });

  it('returns text plus structured content on success', async () => {
    const { client } = await connect();
    const result = await client.callTool('echo', { message: 'hi', times: 2 });
    expect(result).toMatchObject({ isError: false, text: 'hi hi', structured: { echoed: 'hi hi' } });
  });

  it('answers bad arguments with field-level messages and runs nothing', async () => {
    const { client, app } = await connect();
    const result = await client.callTool('echo', { message: 42, extra: true });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Invalid arguments for echo');
    expect(result.text).toContain('message: expected string');
    expect(result.text).toContain('unknown field "extra"');
    expect(result.meta?.[ERROR_META_KEY]).toMatchObject({ code: 'invalid_input' });
    const tooLong = await client.callTool('echo', { message: 'x'.repeat(21) });
    expect(tooLong.text).toContain('message: too long: at most 20 characters');
    const missing = await client.callTool('increment', { by: 'one' });
    expect(missing.isError).toBe(true);
    expect(app.counter).toBe(0);
  });

  it('maps deliberate errors to their message and code', async () => {
    const { client } = await connect();
    const result = await client.callTool('find_thing', { id: 7 });
    expect(result).toMatchObject({ isError: true, text: 'No thing 7. List things to find the right id.' });
    expect(result.meta?.[ERROR_META_KEY]).toMatchObject({ code: 'not_found' });
  });

  it('hides an unexpected error behind a generic message and logs it redacted', async () => {
    const { client, log } = await connect();
    const result = await client.callTool('crash', {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Internal error \(request [0-9a-f-]+\)/);
    expect(result.text).not.toContain('hunter2');
    expect(result.text).not.toContain('/srv/secret');
    const failure = log.lines().find((line) => line.msg === 'tool call failed');
    expect(failure).toMatchObject({ tool: 'crash', outcome: 'internal', principal: 'local' });
    expect(log.text()).not.toContain('abcdefghijklmnop');
  });

  it('stops a call at its time limit', async () => {
    const { client } = await connect();
    const started = Date.now();
    const result = await client.callTool('hang', {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain('did not finish within');
    expect(result.meta?.[ERROR_META_KEY]).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rate limits per tool with its cost and says when to retry', async () => {
    const { client } = await connect(['--tool-rate-limit', '4/60s']);
    expect((await client.callTool('increment', {})).isError).toBe(false);
    expect((await client.callTool('increment', {})).isError).toBe(false);
    const limited = await client.callTool('increment', {});
    expect(limited.isError).toBe(true);
    expect(limited.text).toMatch(/try again in \d+ s/i);
    expect(limited.meta?.[ERROR_META_KEY]).toMatchObject({ code: 'rate_limited' });
    expect((limited.meta?.[ERROR_META_KEY] as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await client.callTool('echo', { message: 'still fine' })).isError).toBe(false);
  });

  it('filters tools with --read-only and --toolsets', async () => {
    const { client } = await connect(['--read-only']);
    const names = (await client.listTools()).map((t) => t.name);
    expect(names).not.toContain('increment');
    expect(names).toContain('echo');
    const refused = await client.callTool('increment', {}).catch((error: Error) => error);
    const text = refused instanceof Error ? refused.message : refused.text;
    expect(text).toMatch(/increment/);
  });

  it('reads static and template resources, completes and renders prompts', async () => {
    const { client } = await connect();
    expect((await client.readResource('demo://counter')).json()).toEqual({ counter: 0 });
    expect((await client.readResource('demo://things/apple')).text).toBe('thing apple');
    await expect(client.readResource('demo://things/missing')).rejects.toThrow(/No thing "missing"/);
    expect(await client.complete({ type: 'ref/resource', uri: 'demo://things/{name}' }, { name: 'name', value: 'ap' })).toEqual([
      'apple',
      'apricot',
    ]);
    expect(await client.getPrompt('greet', { name: 'ada' })).toBe('Say hello to ada.');
    expect(await client.complete({ type: 'ref/prompt', name: 'greet' }, { name: 'name', value: 'al' })).toEqual(['alan']);
  });

  it('notifies a subscriber when a resource changes', async () => {
    const updates: string[] = [];
    const { client } = await connect([], { onResourceUpdated: (uri: string) => updates.push(uri) });
    const unsubscribe = await client.subscribe('demo://counter');
    await client.callTool('increment', {});
    await expect.poll(() => updates).toContain('demo://counter');
    await unsubscribe();
  });
});

describe('config errors', () => {
  it('lists every bad value at once', async () => {
    const { definition } = createDemoServer();
    await expect(startServer(definition, { argv: ['--port', 'abc', '--bogus', '--transport', 'carrier-pigeon'], env: {} })).rejects.toThrow(
      /--port.*\n.*--bogus|unknown option --bogus[\s\S]*--port/,
    );
  });

  it('refuses an unknown toolset', async () => {
    const { definition } = createDemoServer();
    await expect(startServer(definition, { argv: ['--toolsets', 'basics,nope'], env: {} })).rejects.toThrow(
      /unknown toolset "nope": choose from basics, admin, or all/,
    );
  });
});
