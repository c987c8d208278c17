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
