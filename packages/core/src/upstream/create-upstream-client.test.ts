import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';
import { createUpstreamClient } from './create-upstream-client.js';
import { caught, recordingLogger, recordingSleep, useUpstreamHarness } from './upstream.fixture.js';
import type { UpstreamClientOptions } from './upstream-types.js';

const UA = 'mcpkit-test/1.0 (+https://example.invalid)';
const { fake, client } = useUpstreamHarness({
  name: 'Open-Meteo',
  basePath: '/v1',
  userAgent: UA,
  sleep: recordingSleep().sleep,
});

describe('createUpstreamClient: requests', () => {
  it('GETs JSON under the base path and sends the User-Agent and default headers', async () => {
    const server = await fake([{ method: 'GET', path: '/v1/forecast', respond: { json: { temperature: 21.5 } } }]);
    const api = client(server, { headers: { 'X-Client': 'suite' } });

    await expect(api.getJson('/forecast')).resolves.toEqual({ temperature: 21.5 });

    expect(server.requests).toHaveLength(1);
    const [seen] = server.requests;
    expect(seen?.headers['user-agent']).toBe(UA);
    expect(seen?.headers['x-client']).toBe('suite');
    expect(seen?.headers.accept).toBe('application/json');
    expect(api.stats()).toEqual({ requests: 1, cacheHits: 0, staleHits: 0, sharedCalls: 0, retries: 0, breakerState: 'closed' });
  });

  it('encodes the query: reserved characters, unicode, arrays, and skips null/undefined', async () => {
    const server = await fake(() => ({ json: { ok: true } }));
    const api = client(server);

    await api.getJson('/search?format=json', {
      query: { name: 'São Paulo & Co=1', count: 5, exact: false, lang: ['en', 'fr'], skip: undefined, none: null },
    });

    const [seen] = server.requests;
    expect(seen?.path).toBe('/v1/search');
    expect(seen?.searchParams.get('format')).toBe('json');
    expect(seen?.searchParams.get('name')).toBe('São Paulo & Co=1');
    expect(seen?.searchParams.get('count')).toBe('5');
    expect(seen?.searchParams.get('exact')).toBe('false');
    expect(seen?.searchParams.getAll('lang')).toEqual(['en', 'fr']);
    expect(seen?.searchParams.has('skip')).toBe(false);
    expect(seen?.searchParams.has('none')).toBe(false);
    expect(seen?.url).not.toContain(' ');
  });

  it('sends a JSON body with request() and returns status, headers and a text body', async () => {
    const server = await fake([{ method: 'POST', path: '/v1/items', respond: { status: 201, text: 'created', headers: { 'x-id': '7' } } }]);
    const api = client(server);

    const response = await api.request({ method: 'POST', path: 'items', body: { title: 'a' } });

    expect(response).toMatchObject({ status: 201, body: 'created', fromCache: false });
    expect(response.headers['x-id']).toBe('7');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ title: 'a' });
  });

  it('parses +json media types (GeoJSON) and returns accepted non-2xx statuses', async () => {
    const server = await fake([
      { path: '/v1/points', respond: { json: { type: 'Feature' }, headers: { 'content-type': 'application/geo+json' } } },
      { path: '/v1/missing', respond: { status: 404, json: { message: 'Not Found' } } },
    ]);
    const api = client(server);

    await expect(api.request({ path: '/points' })).resolves.toMatchObject({ body: { type: 'Feature' } });
    await expect(api.request({ path: '/missing', acceptStatus: [404] })).resolves.toMatchObject({
      status: 404,
      body: { message: 'Not Found' },
    });
  });

  it('refuses other origins and dot segments without sending anything', async () => {
    const server = await fake(() => ({ json: {} }));
    const api = client(server, { headers: { authorization: 'Bearer secret-token-value' } });

    expect((await caught(() => api.getJson('http://127.0.0.2:1/steal'))).code).toBe('invalid_input');
    expect((await caught(() => api.getJson('/repos/../user'))).code).toBe('invalid_input');
    expect((await caught(() => api.getJson('/repos/%2E%2E/user'))).code).toBe('invalid_input');
    expect((await caught(() => api.request({ method: 'TRACE' as 'GET', path: '/x' }))).code).toBe('invalid_input');
    expect(server.hits()).toBe(0);
    // The same origin as an absolute URL (a pagination link) is fine.
    await api.getJson(`${server.url}/v1/page?n=2`);
    expect(server.requests[0]?.query).toEqual({ n: '2' });
  });
});

describe('createUpstreamClient: errors', () => {
  it('maps 404 to not_found with the status in details', async () => {
    const server = await fake(() => ({ status: 404, json: { message: 'Not Found' } }));
    const error = await caught(() => client(server).getJson('/repos/a/b'));

    expect(error).toBeInstanceOf(McpKitError);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('GET /v1/repos/a/b');
    expect(error.message).toContain('Not Found');
    expect(error.details).toMatchObject({ upstream: 'Open-Meteo', status: 404 });
    expect(server.hits()).toBe(1);
  });

  it("surfaces a JSON error body's reason (Open-Meteo's 400) and does not retry it", async () => {
    const reason = 'Latitude must be in range of -90 to 90°. Given: 100.0.';
    const server = await fake(() => ({ status: 400, json: { error: true, reason } }));
    const error = await caught(() => client(server).getJson('/forecast', { query: { latitude: 100 } }));

    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('status 400');
    expect(error.message).toContain(reason);
    expect(error.details).toMatchObject({ status: 400, reason });
    expect(error.message).not.toContain('latitude=100'); // the query stays out of messages
    expect(server.hits()).toBe(1);
  });

  it('finds a nested reason ({ error: { message } }) and clips long ones', async () => {
    const server = await fake([
      { path: '/v1/nested', respond: { status: 422, json: { error: { code: 7, message: 'Field "q" is invalid' } } } },
      { path: '/v1/long', respond: { status: 400, json: { message: 'x'.repeat(5_000) } } },
    ]);
    const api = client(server);

    expect((await caught(() => api.getJson('/nested'))).message).toContain('Field "q" is invalid');
    const long = await caught(() => api.getJson('/long'));
    expect(long.message.length).toBeLessThan(600);
    expect(long.message).toContain('…');
  });

  it('summarises an HTML error page instead of dumping it', async () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx internals</h1></body></html>';
    const server = await fake(() => ({ status: 502, html: page }));
    const error = await caught(() => client(server, { retries: 0 }).getJson('/forecast'));

    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('returned an HTML error page (status 502)');
    expect(error.message).not.toMatch(/<|nginx|DOCTYPE/i);
    expect(error.details).toEqual({ upstream: 'Open-Meteo', status: 502 });
  });

  it('says so when a JSON endpoint answers 200 with HTML or malformed JSON', async () => {
    const server = await fake([
      { path: '/v1/portal', respond: { html: '<html><body>Sign in to the Wi-Fi</body></html>' } },
      { path: '/v1/broken', respond: { body: '{"a":', headers: { 'content-type': 'application/json' } } },
    ]);
    const api = client(server);

    const html = await caught(() => api.getJson('/portal'));
    expect(html.code).toBe('upstream_error');
    expect(html.message).toContain('HTML page instead of JSON');
    expect(html.message).not.toContain('Wi-Fi');
    const broken = await caught(() => api.getJson('/broken'));
    expect(broken.code).toBe('upstream_error');
    expect(broken.message).toContain('malformed JSON');
  });

  it('cuts off a body over maxBodyBytes, announced or streamed', async () => {
    const big = { data: 'x'.repeat(4096) };
    const server = await fake([
      { path: '/v1/declared', respond: { json: big } },
      { path: '/v1/streamed', respond: { json: big, chunked: true } },
      { path: '/v1/small', respond: { json: { ok: true }, chunked: true } },
    ]);
    const api = client(server, { maxBodyBytes: 1024 });

    for (const path of ['/declared', '/streamed']) {
      const error = await caught(() => api.getJson(path));
      expect(error.code).toBe('upstream_error');
      expect(error.message).toContain('more than 1024 bytes');
      expect(error.message).toContain('cut off');
    }
    await expect(api.getJson('/small')).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(3); // never retried
  });

  it('never puts default header values in errors or logs, even when the upstream echoes them', async () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const apiKey = 'k3y-not-shaped-like-a-token';
    const server = await fake([
      { path: '/v1/denied', respond: { status: 401, json: { message: `Bad credentials: ${token} / ${apiKey}` } } },
      { path: '/v1/down', respond: { status: 503, text: `upstream saw key ${apiKey}` } },
      { path: '/v1/drop', respond: { destroySocket: true } },
      { path: '/v1/hang', respond: { hang: true } },
    ]);
    const log = recordingLogger();
    const api = client(server, {
      headers: { Authorization: `token ${token}`, 'X-Api-Key': apiKey },
      logger: log.logger,
      timeoutMs: 300,
      breaker: false,
    });

    const errors = [
      await caught(() => api.getJson('/denied')),
      await caught(() => api.getJson('/down')),
      await caught(() => api.getJson('/drop')),
      await caught(() => api.getJson('/hang')),
    ];

    expect(errors.map((e) => e.code)).toEqual(['upstream_error', 'upstream_error', 'upstream_error', 'timeout']);
    expect(errors[0]?.message).toContain('Bad credentials');
    for (const error of errors) {
      const visible = `${error.message} ${JSON.stringify(error.details)} ${String(error.stack)}`;
      expect(visible).not.toContain(token);
      expect(visible).not.toContain(apiKey);
    }
    expect(log.records.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(apiKey);
    // …while they were really sent.
    expect(server.requests[0]?.headers.authorization).toBe(`token ${token}`);
    expect(server.requests[0]?.headers['x-api-key']).toBe(apiKey);
  });

  it('reports an unreachable upstream as upstream_error after its retries', async () => {
    const server = await fake(() => ({}));
    const url = server.url;
    await server.close();
    const sleep = recordingSleep();
    const api = client(server, { name: 'Gone', baseUrl: url, sleep: sleep.sleep });

    const error = await caught(() => api.getJson('/x'));
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/Could not reach Gone \(ECONNREFUSED\).*after 3 attempts/);
    expect(sleep.delays).toHaveLength(2);
    expect(api.stats()).toMatchObject({ requests: 3, retries: 2 });
  });
});

describe('createUpstreamClient: options and lifecycle', () => {
  it('validates options once, naming the field but never a header value', () => {
    const base = { name: 'X', baseUrl: 'https://api.example.invalid', userAgent: UA };
    const bad: Array<[Partial<UpstreamClientOptions>, RegExp]> = [
      [{ userAgent: '' }, /userAgent/],
      [{ baseUrl: 'not a url' }, /baseUrl/],
      [{ baseUrl: 'ftp://example.invalid' }, /http or https/],
      [{ baseUrl: 'https://example.invalid/?key=1' }, /query/],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ retries: 1.5 }, /retries/],
      [{ maxBodyBytes: -1 }, /maxBodyBytes/],
      [{ breaker: { failureThreshold: 0 } }, /failureThreshold/],
      [{ cache: { maxEntries: 0 } }, /maxEntries/],
      [{ headers: { authorization: 'Bearer abc\r\nx: y' } }, /"authorization"/],
    ];
    for (const [override, pattern] of bad) {
      let thrown: unknown;
      try {
        createUpstreamClient({ ...base, ...override } as UpstreamClientOptions);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(override)).toBeInstanceOf(McpKitError);
      expect((thrown as McpKitError).code).toBe('invalid_input');
      expect((thrown as McpKitError).message).toMatch(pattern);
      expect((thrown as McpKitError).message).not.toContain('abc');
    }
    expect(() => createUpstreamClient({ name: '', baseUrl: base.baseUrl, userAgent: UA })).toThrow(/name/);
  });

  it('fails calls after close(), and leaves a caller-supplied dispatcher open', async () => {
    const server = await fake(() => ({ json: { ok: 1 } }));
    const own = client(server);
    await own.getJson('/a');
    await own.close();
    await own.close();
    expect((await caught(() => own.getJson('/a'))).code).toBe('unavailable');

    const agent = new Agent();
    try {
      const shared = client(server, { dispatcher: agent });
      await shared.getJson('/b');
      await shared.close();
      expect(agent.closed).toBe(false);
      const again = client(server, { dispatcher: agent });
      await expect(again.getJson('/c')).resolves.toEqual({ ok: 1 });
    } finally {
      await agent.close();
    }
  });
});
