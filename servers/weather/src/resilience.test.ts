import { expectToolError, openMeteoErrors } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useWeather } from './weather-server.fixture.js';

/**
 * The upstream safety net, end to end through a real client: the cache, shared in-flight
 * calls, retries that honour Retry-After, the per-attempt timeout, the circuit breaker and
 * stale answers during an outage. Upstream calls are counted on the fakes.
 */
const startWeather = useWeather();
const BERLIN = { latitude: 52.52, longitude: 13.41 };

describe('cache', () => {
  it('answers repeated calls from the cache: one geocode and one forecast upstream for five calls', async () => {
    const h = await startWeather('v2-modern');
    for (let i = 0; i < 5; i += 1) {
      const result = await h.client.callTool('get_forecast', { place: 'Berlin', days: 3 });
      expect(result.isError, result.text).toBe(false);
      expect((result.structured as { freshness: { cached: boolean } }).freshness.cached).toBe(i > 0);
    }
    expect(h.openMeteo.hits('/v1/search')).toBe(1);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(1);
    // A different question is a different entry; the same place spelt differently is not.
    await h.client.callTool('get_forecast', { place: 'Berlin', days: 4 });
    await h.client.callTool('get_current_conditions', { ...BERLIN });
    await h.client.callTool('get_current_conditions', { latitude: 52.520001, longitude: 13.409999 });
    expect(h.openMeteo.hits('/v1/forecast')).toBe(3);
    expect(h.server.app.upstreams.stats().forecast).toMatchObject({ cacheHits: 5 });
  });

  it('keeps nothing with a TTL of 0', async () => {
    const h = await startWeather('v2-modern', { argv: ['--forecast-ttl', '0'] });
    await h.client.callTool('get_current_conditions', BERLIN);
    await h.client.callTool('get_current_conditions', BERLIN);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(2);
  });

  it('sends one upstream request for identical calls made at the same time', async () => {
    const h = await startWeather('v2-modern', { fakes: { latencyMs: 100 } });
    const results = await Promise.all(Array.from({ length: 8 }, () => h.client.callTool('get_current_conditions', BERLIN)));
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(1);
    expect(h.server.app.upstreams.stats().forecast.sharedCalls).toBe(7);
  });
});

describe('retries and timeouts', () => {
  it('retries a 429 after the Retry-After it names, and succeeds', async () => {
    const h = await startWeather('v2-modern');
    h.openMeteo.inject('/v1/forecast', {
      ...openMeteoErrors.rateLimited,
      headers: { ...openMeteoErrors.rateLimited.headers, 'retry-after': '1' },
    });
    const started = performance.now();
    const result = await h.client.callTool('get_current_conditions', BERLIN);
    expect(result.isError, result.text).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(2);
  });

  it('gives up after the retries with a message naming the service and what to do', async () => {
    const h = await startWeather('v2-modern', { argv: ['--upstream-retries', '1'] });
    h.openMeteo.outage('/v1/forecast', openMeteoErrors.serverError);
    const result = await h.client.callTool('get_current_conditions', BERLIN);
    expectToolError(
      result,
      'upstream_error',
      /Open-Meteo returned an HTML error page \(status 50\d\) for GET \/v1\/forecast after 2 attempts.*try again/,
    );
    expect(result.text).not.toMatch(/<html|<body/i);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(2);
  });

  it('refuses to wait out a long Retry-After, and says when to come back', async () => {
    const h = await startWeather('v2-modern');
    h.openMeteo.inject('/v1/forecast', {
      ...openMeteoErrors.rateLimited,
      headers: { ...openMeteoErrors.rateLimited.headers, 'retry-after': '3600' },
    });
    const result = await h.client.callTool('get_current_conditions', BERLIN);
    expectToolError(result, 'rate_limited', /Open-Meteo is rate limiting.*Try again in 3600 s/);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(1);
  });

  it('ends an attempt at the upstream timeout', async () => {
    const h = await startWeather('v2-modern', { argv: ['--upstream-timeout-ms', '300', '--upstream-retries', '0'] });
    h.openMeteo.inject('/v1/forecast', { hang: true });
    const started = performance.now();
    const result = await h.client.callTool('get_current_conditions', BERLIN);
    expectToolError(result, 'timeout', /Open-Meteo did not answer GET \/v1\/forecast within 300 ms/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('turns a malformed or reshaped answer into an upstream error, not a wrong forecast', async () => {
    const h = await startWeather('v2-modern', { argv: ['--upstream-retries', '0'] });
    h.openMeteo.inject('/v1/forecast', { body: '{"latitude": 52.5, "longit', headers: { 'content-type': 'application/json' } });
    expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'upstream_error', /malformed JSON/);
    h.openMeteo.inject('/v1/forecast', { json: { latitude: 52.5, longitude: 13.4, hourly: 'none' } });
    expectToolError(
      await h.client.callTool('get_current_conditions', BERLIN),
      'upstream_error',
      /unexpected shape at (timezone|utc_offset_seconds|hourly)/,
    );
  });

  it('never caches an answer in the wrong shape: a maintenance page served with 200 costs one call, not a week', async () => {
    const h = await startWeather('v2-modern', { argv: ['--upstream-retries', '0'] });
    h.openMeteo.inject('/v1/search', { html: '<!doctype html><html><body>Down for maintenance</body></html>' });
    expectToolError(
      await h.client.callTool('geocode', { name: 'Berlin' }),
      'upstream_error',
      /Open-Meteo geocoding answered GET \/v1\/search with an HTML page instead of JSON \(status 200\)/,
    );
    const next = await h.client.callTool('geocode', { name: 'Berlin' });
    expect(next.isError, next.text).toBe(false);
    expect(h.openMeteo.hits('/v1/search')).toBe(2);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast while open, and closes once the upstream is back', async () => {
    const h = await startWeather('v2-modern', {
      argv: [
        '--upstream-retries',
        '0',
        '--breaker-threshold',
        '3',
        '--breaker-reset-ms',
        '400',
        '--forecast-ttl',
        '0',
        '--stale-if-error',
        '0',
      ],
    });
    h.openMeteo.outage('/v1/forecast', { status: 503, json: { error: true, reason: 'Service unavailable' } });
    for (let i = 0; i < 3; i += 1) {
      expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'upstream_error', /status 503/);
    }
    expect(h.openMeteo.hits('/v1/forecast')).toBe(3);

    const open = await h.client.callTool('get_current_conditions', BERLIN);
    expectToolError(open, 'unavailable', /Open-Meteo is unavailable: its last 3 calls failed.*tried again in 1 s/);
    expect(h.openMeteo.hits('/v1/forecast')).toBe(3);
    expect(h.server.app.upstreams.stats().forecast.breakerState).toBe('open');
    // The breaker is per upstream: geocoding and the NWS are unaffected.
    expect((await h.client.callTool('geocode', { name: 'Berlin' })).isError).toBe(false);

    h.openMeteo.outage('/v1/forecast', undefined);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await h.client.callTool('get_current_conditions', BERLIN);
    expect(recovered.isError, recovered.text).toBe(false);
    expect(h.server.app.upstreams.stats().forecast.breakerState).toBe('closed');
    expect(h.openMeteo.hits('/v1/forecast')).toBe(4);
  });

  it('reopens when the probe fails', async () => {
    const h = await startWeather('v2-modern', {
      argv: ['--upstream-retries', '0', '--breaker-threshold', '1', '--breaker-reset-ms', '200', '--forecast-ttl', '0'],
    });
    h.openMeteo.outage('/v1/forecast', { destroySocket: true });
    expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'upstream_error', /Could not reach Open-Meteo/);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'upstream_error', /Could not reach/);
    expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'unavailable');
    expect(h.openMeteo.hits('/v1/forecast')).toBe(2);
  });
});

describe('stale answers during an outage', () => {
  it('gives the last answer, marked stale, while Open-Meteo is down', async () => {
    const h = await startWeather('v2-legacy', { argv: ['--forecast-ttl', '1', '--upstream-retries', '0'] });
    const fresh = await h.client.callTool('get_current_conditions', BERLIN);
    expect(fresh.isError).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    h.openMeteo.outage('/v1/forecast', openMeteoErrors.serverError);

    const stale = await h.client.callTool('get_current_conditions', BERLIN);
    expect(stale.isError, stale.text).toBe(false);
    expect(stale.structured).toMatchObject({
      freshness: { cached: true, stale: true },
      current: (fresh.structured as { current: unknown }).current,
    });
    expect(stale.text).toMatch(/^Note: Open-Meteo is not answering; this is its last answer, from [12] s ago\./);
  });

  it('gives no stale answer with --stale-if-error 0', async () => {
    const h = await startWeather('v2-legacy', { argv: ['--forecast-ttl', '1', '--upstream-retries', '0', '--stale-if-error', '0'] });
    await h.client.callTool('get_current_conditions', BERLIN);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    h.openMeteo.outage('/v1/forecast', openMeteoErrors.serverError);
    expectToolError(await h.client.callTool('get_current_conditions', BERLIN), 'upstream_error');
  });
});
