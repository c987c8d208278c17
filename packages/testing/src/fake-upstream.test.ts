import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeUpstream } from './fake-upstream.js';
import { startFakeUpstream } from './fake-upstream.js';

const started: FakeUpstream[] = [];

async function fake(...args: Parameters<typeof startFakeUpstream>): Promise<FakeUpstream> {
  const server = await startFakeUpstream(...args);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('startFakeUpstream', () => {
  it('listens on 127.0.0.1 and records method, path, query, headers and body', async () => {
    const server = await fake([{ method: 'POST', path: '/v1/items', respond: { status: 201, json: { id: 1 } } }]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${server.url}/v1/items?a=1&b=x%20y&b=z`, {
      method: 'POST',
      headers: { 'x-test': 'yes', 'content-type': 'application/json' },
      body: '{"title":"t"}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ id: 1 });
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'POST', path: '/v1/items', query: { a: '1', b: 'z' }, body: '{"title":"t"}' });
    expect(seen?.searchParams.getAll('b')).toEqual(['x y', 'z']);
    expect(seen?.url).toBe('/v1/items?a=1&b=x%20y&b=z');
    expect(seen?.headers['x-test']).toBe('yes');
  });

  it('matches method and path (string or pattern) and answers 404 otherwise', async () => {
    const server = await fake([
      { method: 'GET', path: '/only-get', respond: { text: 'got' } },
      { path: /^\/repos\/[^/]+$/, respond: { html: '<p>repo</p>' } },
    ]);

    expect(await (await fetch(`${server.url}/only-get`)).text()).toBe('got');
    expect((await fetch(`${server.url}/only-get`, { method: 'DELETE' })).status).toBe(404);
    const page = await fetch(`${server.url}/repos/mcpkit`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    expect(server.hits()).toBe(4);
    expect(server.hits('/only')).toBe(2);
    expect(server.hits('/repos/')).toBe(1);
  });

  it('plays a sequence (fail N times, then succeed) and repeats its last answer', async () => {
    const server = await fake([{ path: '/x', respond: [{ status: 503 }, { status: 503 }, { json: 'ok' }] }]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fetch(`${server.url}/x`)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it('passes the hit count to handlers, and setHandler swaps the behaviour', async () => {
    const server = await fake((req, { hit }) => ({ json: { hit, path: req.path }, headers: { 'retry-after': '1' } }));
    const first = await fetch(`${server.url}/a`);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toEqual({ hit: 1, path: '/a' });
    expect(await (await fetch(`${server.url}/b`)).json()).toEqual({ hit: 2, path: '/b' });

    server.setHandler([{ path: '/c', respond: { status: 418 } }]);
    expect((await fetch(`${server.url}/c`)).status).toBe(418);
    expect(server.requests.map((r) => r.path)).toEqual(['/a', '/b', '/c']);
  });

  it('turns a throwing handler into a 500', async () => {
    const server = await fake(() => {
      throw new Error('handler bug');
    });
    const response = await fetch(`${server.url}/x`);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('handler bug');
  });

  it('sends chunked bodies without content-length and drips slowly', async () => {
    const server = await fake([
      { path: '/chunked', respond: { text: 'abc', chunked: true } },
      { path: '/drip', respond: { text: 'abcdef', drip: { intervalMs: 40, chunkBytes: 2 } } },
    ]);
    const chunked = await fetch(`${server.url}/chunked`);
    expect(chunked.headers.get('content-length')).toBeNull();
    expect(await chunked.text()).toBe('abc');

    const before = performance.now();
    const drip = await fetch(`${server.url}/drip`);
    expect(await drip.text()).toBe('abcdef');
    // Three chunks with two pauses between them.
    expect(performance.now() - before).toBeGreaterThanOrEqual(70);
  });

  it('delays, and drops the connection on request', async () => {
    const server = await fake([
      { path: '/late', respond: { delayMs: 100, text: 'late' } },
      { path: '/drop', respond: { destroySocket: true } },
    ]);
    const before = performance.now();
    expect(await (await fetch(`${server.url}/late`)).text()).toBe('late');
    expect(performance.now() - before).toBeGreaterThanOrEqual(90);
    await expect(fetch(`${server.url}/drop`)).rejects.toThrow();
  });

  it('close() ends hung requests and keep-alive connections promptly', async () => {
    const server = await startFakeUpstream([
      { path: '/hang', respond: { hang: true } },
      { path: '/ok', respond: { text: 'ok' } },
    ]);
    // A keep-alive connection left idle, and a request that will never be answered.
    const agentResponse = await getWithKeepAlive(`${server.url}/ok`);
    expect(agentResponse).toBe('ok');
    const hung = fetch(`${server.url}/hang`).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => server.hits('/hang') === 1);

    const before = performance.now();
    await server.close();
    expect(performance.now() - before).toBeLessThan(1_000);
    expect(await hung).toBe('failed');
    await server.close(); // idempotent
  });
});

function getWithKeepAlive(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'keep-alive' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
