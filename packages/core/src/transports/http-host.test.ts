import { request } from 'node:http';
import { CLIENT_KINDS, captureLogger, connectClient, httpTransport, type TestClient } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { createDemoServer } from '../serve/demo-server.fixture.js';
import { type RunningServer, startServer } from '../serve/start-server.js';

/** The Streamable HTTP host end to end: real sockets, real clients, the generated key. */
let server: RunningServer<unknown>;
let url: string;
let token: string;
const log = captureLogger();

beforeAll(async () => {
  const { definition } = createDemoServer();
  server = await startServer(definition, {
    argv: ['--http', '--port', '0', '--max-body-bytes', '20000'],
    env: {},
    logger: createLogger({ name: 'demo', level: 'debug', destination: log.stream }),
  });
  url = server.url as string;
  token = server.generatedKey as string;
});
afterAll(() => server.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe.each(CLIENT_KINDS)('HTTP with the %s client', (kind) => {
  let client: TestClient;
  beforeAll(async () => {
    client = await connectClient(kind, httpTransport(kind, url, token));
  });
  afterAll(() => client.close());

  it('calls tools and reads resources with the generated key', async () => {
    expect(await client.callTool('echo', { message: 'over http' })).toMatchObject({
      isError: false,
      structured: { echoed: 'over http' },
    });
    expect((await client.readResource('demo://counter')).json()).toMatchObject({ counter: expect.any(Number) });
  });

  it('maps errors the same way as stdio', async () => {
    const result = await client.callTool('find_thing', { id: 2 });
    expect(result).toMatchObject({ isError: true, text: 'No thing 2. List things to find the right id.' });
  });
});

describe('HTTP host protections', () => {
  it('refuses a request without a token with a Bearer challenge', async () => {
    const response = await post(initialize, { authorization: '' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a wrong token and never echoes it', async () => {
    const response = await post(initialize, { authorization: 'Bearer mcpk_wrongwrongwrongwrongwrong' });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).not.toContain('mcpk_wrong');
    expect(log.text()).not.toContain('mcpk_wrong');
    expect(log.text()).not.toContain(token);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    // fetch cannot set Host; a raw request can, as a rebinding attacker's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(initialize);
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            host: 'evil.example',
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${token}`,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    const response = await post(initialize, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('accepts a loopback Origin', async () => {
    const response = await post(initialize, { origin: 'http://localhost:5173' });
    expect(response.status).toBe(200);
  });

  it('cuts off an oversize body with 413', async () => {
    const response = await post({ ...initialize, params: { ...initialize.params, pad: 'x'.repeat(30_000) } });
    expect(response.status).toBe(413);
  });

  it('answers malformed JSON with a JSON-RPC parse error', async () => {
    const response = await post('{"jsonrpc":"2.0",');
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as { error: { code: number } };
    expect(body.error.code).toBe(-32700);
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    const base = new URL(url);
    const health = await fetch(new URL('/healthz', base));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(new URL('/metrics', base))).text();
    expect(metrics).toMatch(/mcp_tool_calls_total\{[^}]*tool="echo"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(metrics).toContain('mcp_http_requests_total');
  });
});

describe('HTTP subscriptions', () => {
  it('delivers a change made by one client to a 2026-07-28 listener on another', async () => {
    const updates: string[] = [];
    const listener = await connectClient('v2-modern', httpTransport('v2-modern', url, token), {
      onResourceUpdated: (uri) => updates.push(uri),
    });
    const writer = await connectClient('v1', httpTransport('v1', url, token));
    const close = await listener.subscribe('demo://counter');
    await writer.callTool('increment', {});
    await expect.poll(() => updates, { timeout: 5_000 }).toContain('demo://counter');
    await close();
    await listener.close();
    await writer.close();
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight call, then refuses new ones', async () => {
    const { definition } = createDemoServer();
    const local = await startServer(definition, {
      argv: ['--http', '--port', '0', '--auth', 'none'],
      env: {},
      logger: createLogger({ name: 'demo', level: 'silent' }),
    });
    const client = await connectClient('v2-modern', httpTransport('v2-modern', local.url as string));
    const inFlight = client.callTool('hang', {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = local.close();
    const result = await inFlight;
    expect(result.text).toContain('did not finish');
    await closing;
    await expect(fetch(local.url as string, { method: 'POST', body: '{}' })).rejects.toThrow();
    await client.close().catch(() => {});
  });
});
