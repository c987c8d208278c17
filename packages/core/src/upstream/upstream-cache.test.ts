import { describe, expect, it } from 'vitest';
import type { CachedResponse, CacheStore } from './cache-store.js';
import { caught, manualClock, recordingLogger, recordingSleep, useUpstreamHarness } from './upstream.fixture.js';
import type { UpstreamClientOptions } from './upstream-types.js';

const { fake, client } = useUpstreamHarness({
  name: 'Open-Meteo',
  sleep: recordingSleep().sleep,
  cache: { ttlMs: 60_000 },
});

async function setup(options: Partial<UpstreamClientOptions> = {}) {
  // Each answer carries the hit number, so a cached answer is told apart from a fresh one.
  const server = await fake((request, { hit }) => (request.path === '/missing' ? { status: 404 } : { json: { hit, path: request.path } }));
  const clock = manualClock();
  const api = client(server, { now: clock.now, ...options });
  return { server, clock, api };
}

describe('GET cache', () => {
  it('answers a repeated GET from the cache without calling upstream', async () => {
    const { server, api } = await setup();

    const first = await api.request({ path: '/forecast', query: { lat: 1, lon: 2 } });
    const second = await api.request({ path: '/forecast', query: { lon: 2, lat: 1 } });

    expect(first).toMatchObject({ fromCache: false, body: { hit: 1 } });
    expect(second).toMatchObject({ fromCache: true, status: 200, body: { hit: 1 } });
    expect(server.hits()).toBe(1);
    expect(api.stats()).toMatchObject({ requests: 1, cacheHits: 1 });
  });

  it('keys on the query and per-call headers', async () => {
    const { server, api } = await setup();
    await api.getJson('/forecast', { query: { lat: 1 } });
    await api.getJson('/forecast', { query: { lat: 2 } });
    await api.getJson('/forecast', { query: { lat: 1 }, headers: { 'accept-language': 'fr' } });
    expect(server.hits()).toBe(3);
  });

  it('expires entries after their TTL (injected clock)', async () => {
    const { server, clock, api } = await setup();
    await api.getJson('/forecast');
    clock.advance(59_999);
    await expect(api.getJson('/forecast')).resolves.toMatchObject({ hit: 1 });
    clock.advance(1);
    await expect(api.getJson('/forecast')).resolves.toMatchObject({ hit: 2 });
    expect(server.hits()).toBe(2);
  });

  it('lets a call set its own TTL', async () => {
    const { server, clock, api } = await setup({ cache: { ttlMs: 0 } });
    await api.getJson('/a');
    await api.getJson('/a');
    expect(server.hits()).toBe(2); // client default 0: nothing cached

    await api.getJson('/b', { ttlMs: 1_000 });
    await expect(api.getJson('/b', { ttlMs: 1_000 })).resolves.toMatchObject({ hit: 3 });
    clock.advance(1_000);
    await expect(api.getJson('/b', { ttlMs: 1_000 })).resolves.toMatchObject({ hit: 4 });
    expect(server.hits()).toBe(4);
  });

  it('bypasses the cache for a call with cache: false (no read, no write)', async () => {
    const { server, api } = await setup();
    await api.getJson('/forecast');
    await expect(api.getJson('/forecast', { cache: false })).resolves.toMatchObject({ hit: 2 });
    await api.getJson('/other', { cache: false });
    await expect(api.getJson('/other')).resolves.toMatchObject({ hit: 4 });
    expect(server.hits()).toBe(4);
    expect(api.stats().cacheHits).toBe(0);
  });

  it('caches neither errors nor non-GET calls', async () => {
    const { server, api } = await setup();
    await caught(() => api.getJson('/missing'));
    await caught(() => api.getJson('/missing'));
    await api.request({ method: 'POST', path: '/forecast', body: {} });
    await api.request({ method: 'POST', path: '/forecast', body: {} });
    expect(server.hits()).toBe(4);
  });

  it('serves cached answers while the breaker is open', async () => {
    const { server, api } = await setup({ retries: 0, breaker: { failureThreshold: 1, resetAfterMs: 60_000 } });
    await api.getJson('/forecast');
    server.setHandler(() => ({ status: 503 }));
    await caught(() => api.getJson('/alerts'));
    expect(api.stats().breakerState).toBe('open');

    await expect(api.getJson('/forecast')).resolves.toMatchObject({ hit: 1 });
    expect((await caught(() => api.getJson('/alerts'))).code).toBe('unavailable');
  });

  it('is off entirely with cache: false, whatever a call asks', async () => {
    const { server, api } = await setup({ cache: false });
    await api.getJson('/forecast', { ttlMs: 60_000 });
    await api.getJson('/forecast', { ttlMs: 60_000 });
    expect(server.hits()).toBe(2);
  });

  it('uses a plugged-in store, and a failing store does not fail calls', async () => {
    const entries = new Map<string, { value: CachedResponse; ttlMs: number }>();
    const store: CacheStore = {
      get: async (key) => entries.get(key)?.value,
      set: async (key, value, ttlMs) => {
        entries.set(key, { value, ttlMs });
      },
    };
    const { server, api } = await setup({ cache: { ttlMs: 5_000, store } });
    await api.getJson('/forecast');
    await api.getJson('/forecast');
    expect(server.hits()).toBe(1);
    expect(entries.size).toBe(1);
    const [key = ''] = entries.keys();
    const entry = entries.get(key);
    expect(key).toMatch(/^upstream:Open-Meteo:[0-9a-f]{64}$/);
    expect(entry).toMatchObject({ ttlMs: 5_000, value: { status: 200, body: { hit: 1 } } });

    const log = recordingLogger();
    const broken: CacheStore = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
    };
    const second = await setup({ cache: { ttlMs: 5_000, store: broken }, logger: log.logger });
    await expect(second.api.getJson('/forecast')).resolves.toMatchObject({ hit: 1 });
    await expect(second.api.getJson('/forecast')).resolves.toMatchObject({ hit: 2 });
    expect(log.records.filter((r) => r.level === 'warn' && /cache/.test(r.msg ?? ''))).toHaveLength(4);
  });
});

describe('stale-if-error', () => {
  const stale = { ttlMs: 60_000, staleIfErrorMs: 3_600_000 };

  it('answers from a stale entry, marked as such, while the upstream fails, and refreshes when it is back', async () => {
    const { server, clock, api } = await setup({ retries: 0, cache: stale });
    await api.request({ path: '/forecast' });
    clock.advance(120_000);
    server.setHandler(() => ({ status: 503, html: '<html><body>Bad gateway</body></html>' }));

    const during = await api.request({ path: '/forecast' });
    expect(during).toMatchObject({ fromCache: true, stale: true, ageMs: 120_000, body: { hit: 1 } });
    expect(api.stats()).toMatchObject({ staleHits: 1, cacheHits: 0 });

    server.setHandler((_request, { hit }) => ({ json: { hit: hit + 100 } }));
    const after = await api.request({ path: '/forecast' });
    expect(after).toMatchObject({ fromCache: false, body: { hit: 101 } });
    const fresh = await api.request({ path: '/forecast' });
    expect(fresh).toMatchObject({ fromCache: true, stale: false, ageMs: 0, body: { hit: 101 } });
  });

  it('covers timeouts, 429s and an open breaker, but not a request the upstream refuses', async () => {
    const { server, clock, api } = await setup({ retries: 0, timeoutMs: 100, cache: stale, breaker: { failureThreshold: 2 } });
    await api.request({ path: '/forecast' });
    await api.getJson('/missing-later');
    clock.advance(61_000);

    server.setHandler(() => ({ status: 429, headers: { 'retry-after': '120' }, json: { reason: 'slow down' } }));
    await expect(api.request({ path: '/forecast' })).resolves.toMatchObject({ stale: true });
    server.setHandler(() => ({ hang: true }));
    await expect(api.request({ path: '/forecast' })).resolves.toMatchObject({ stale: true });
    await expect(api.request({ path: '/forecast' })).resolves.toMatchObject({ stale: true });
    expect(api.stats().breakerState).toBe('open');
    await expect(api.request({ path: '/forecast' })).resolves.toMatchObject({ stale: true });

    // A 4xx says the request itself is wrong now: the old answer would hide that.
    const second = await setup({ retries: 0, cache: stale });
    await second.api.getJson('/missing-later');
    second.clock.advance(61_000);
    second.server.setHandler(() => ({ status: 400, json: { error: true, reason: 'Parameter invalid' } }));
    expect((await caught(() => second.api.getJson('/missing-later'))).message).toContain('Parameter invalid');
  });

  it('lets a call narrow its own stale window', async () => {
    const { server, clock, api } = await setup({ retries: 0, cache: stale });
    await api.request({ path: '/alerts', staleIfErrorMs: 60_000 });
    clock.advance(90_000);
    server.setHandler(() => ({ status: 503 }));
    await expect(api.request({ path: '/alerts', staleIfErrorMs: 60_000 })).resolves.toMatchObject({ stale: true });
    clock.advance(60_000);
    expect((await caught(() => api.request({ path: '/alerts', staleIfErrorMs: 60_000 }))).code).toBe('upstream_error');
  });

  it('fails once the stale window is over too', async () => {
    const { server, clock, api } = await setup({ retries: 0, cache: stale });
    await api.getJson('/forecast');
    clock.advance(60_000 + 3_600_000);
    server.setHandler(() => ({ status: 503 }));
    expect((await caught(() => api.getJson('/forecast'))).code).toBe('upstream_error');
  });

  it('keeps no stale entries unless asked (the store holds an entry for its TTL only)', async () => {
    const { server, clock, api } = await setup({ retries: 0 });
    await api.getJson('/forecast');
    clock.advance(60_000);
    server.setHandler(() => ({ status: 503 }));
    expect((await caught(() => api.getJson('/forecast'))).code).toBe('upstream_error');
  });
});

describe('shared in-flight calls', () => {
  it('sends one upstream request for identical GETs made at the same time', async () => {
    const { server, api } = await setup();
    server.setHandler((_request, { hit }) => ({ delayMs: 50, json: { hit } }));
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.getJson('/forecast', { query: { lat: 1 } })));
    expect(answers).toEqual(Array.from({ length: 10 }, () => ({ hit: 1 })));
    expect(server.hits()).toBe(1);
    expect(api.stats()).toMatchObject({ requests: 1, sharedCalls: 9 });
  });

  it('shares failures too, without caching them', async () => {
    const { server, api } = await setup({ retries: 0 });
    server.setHandler((_request, { hit }) => (hit === 1 ? { delayMs: 30, status: 404 } : { json: { hit } }));
    const results = await Promise.allSettled([api.getJson('/forecast'), api.getJson('/forecast')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(api.getJson('/forecast')).resolves.toEqual({ hit: 2 });
  });

  it("one caller's cancel leaves the others their answer; the call stops when every caller has gone", async () => {
    const { server, api } = await setup();
    server.setHandler((_request, { hit }) => ({ delayMs: 80, json: { hit } }));
    const quitter = new AbortController();
    const first = api.getJson('/forecast', { signal: quitter.signal });
    const second = api.getJson('/forecast');
    await new Promise((resolve) => setTimeout(resolve, 10));
    quitter.abort();
    expect((await caught(() => first)).code).toBe('cancelled');
    await expect(second).resolves.toEqual({ hit: 1 });
    expect(server.hits()).toBe(1);

    server.setHandler(() => ({ hang: true }));
    const a = new AbortController();
    const b = new AbortController();
    const calls = [api.getJson('/hangs', { signal: a.signal }), api.getJson('/hangs', { signal: b.signal })];
    await new Promise((resolve) => setTimeout(resolve, 10));
    a.abort();
    b.abort();
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // The abandoned call was aborted, so a new caller starts a fresh request rather than joining it.
    server.setHandler(() => ({ json: { fresh: true } }));
    await expect(api.getJson('/hangs')).resolves.toEqual({ fresh: true });
    expect(server.hits('/hangs')).toBe(2);
  });

  it('keeps calls that accept different statuses apart', async () => {
    const { server, api } = await setup();
    server.setHandler(() => ({ delayMs: 30, status: 404, json: { reason: 'no such point' } }));
    const [lenient, strict] = await Promise.allSettled([
      api.request({ path: '/points/1,2', acceptStatus: [404] }),
      api.request({ path: '/points/1,2' }),
    ]);
    expect(lenient).toMatchObject({ status: 'fulfilled', value: { status: 404 } });
    expect(strict).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    expect(server.hits()).toBe(2);
  });
});

describe('validated answers', () => {
  const isForecast = (body: unknown) => {
    if (typeof body !== 'object' || body === null || !('hit' in body)) throw new Error('no hit field');
    return { checked: true, ...body };
  };

  it('returns what the check returns, and caches it', async () => {
    const { server, api } = await setup();
    await expect(api.request({ path: '/forecast', validate: isForecast })).resolves.toMatchObject({ body: { checked: true, hit: 1 } });
    await expect(api.request({ path: '/forecast', validate: isForecast })).resolves.toMatchObject({
      fromCache: true,
      body: { checked: true },
    });
    expect(server.hits()).toBe(1);
  });

  it('never caches a 2xx in the wrong shape, counts it against the upstream, and falls back to a stale answer', async () => {
    const { server, clock, api } = await setup({
      retries: 0,
      breaker: { failureThreshold: 2 },
      cache: { ttlMs: 60_000, staleIfErrorMs: 600_000 },
    });
    await api.request({ path: '/forecast', validate: isForecast });
    clock.advance(61_000);
    server.setHandler((request) =>
      request.path === '/other' ? { json: { nothing: true } } : { html: '<html><body>Down for maintenance</body></html>' },
    );

    const stale = await api.request({ path: '/forecast', validate: isForecast });
    expect(stale).toMatchObject({ stale: true, body: { hit: 1 } });
    const fresh = await caught(() => api.request({ path: '/other', validate: isForecast }));
    expect(fresh.message).toMatch(/^Open-Meteo answered GET \/other in an unexpected shape \(no hit field\)/);
    expect(api.stats().breakerState).toBe('open');

    // Back to normal: the bad answers were never cached, so the next call goes upstream.
    server.setHandler((_request, { hit }) => ({ json: { hit: hit + 10 } }));
    clock.advance(30_000);
    await expect(api.request({ path: '/other', validate: isForecast })).resolves.toMatchObject({ fromCache: false, body: { hit: 11 } });
  });

  it('names an HTML page where JSON should be, before the check sees it', async () => {
    const { server, api } = await setup({ retries: 0 });
    server.setHandler(() => ({ html: '<html><body>Down for maintenance</body></html>' }));
    const error = await caught(() => api.request({ path: '/forecast', validate: isForecast }));
    expect(error.message).toMatch(
      /^Open-Meteo answered GET \/forecast with an HTML page instead of JSON \(status 200\)\. It may be down for maintenance/,
    );
    expect(server.hits()).toBe(1);
  });
});
