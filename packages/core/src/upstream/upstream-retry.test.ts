import type { FakeResponse } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { caught, manualClock, recordingSleep, useUpstreamHarness } from './upstream.fixture.js';

const { fake, client } = useUpstreamHarness({ name: 'Weather API', breaker: false });

const ok: FakeResponse = { json: { ok: true } };
const unavailable: FakeResponse = { status: 503, json: { message: 'maintenance' } };

describe('retries', () => {
  it('retries a 503 and then succeeds, with jittered exponential backoff', async () => {
    const sleep = recordingSleep();
    const server = await fake([{ path: '/data', respond: [unavailable, { status: 500 }, ok] }]);
    const api = client(server, { sleep: sleep.sleep, random: () => 0.999, baseDelayMs: 100, maxDelayMs: 150 });

    await expect(api.getJson('/data')).resolves.toEqual({ ok: true });

    expect(server.hits('/data')).toBe(3);
    expect(api.stats()).toMatchObject({ requests: 3, retries: 2 });
    // Full jitter below the ceiling: 100 · 2^0, then capped by maxDelayMs.
    expect(sleep.delays).toEqual([99, 149]);
  });

  it('retries a dropped connection on GET', async () => {
    const sleep = recordingSleep();
    const server = await fake([{ path: '/data', respond: [{ destroySocket: true }, ok] }]);
    const api = client(server, { sleep: sleep.sleep });

    await expect(api.getJson('/data')).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(2);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const sleep = recordingSleep();
    const clock = manualClock(Date.parse('2026-03-01T10:00:00Z'));
    const server = await fake([
      { path: '/seconds', respond: [{ status: 429, headers: { 'retry-after': '2' } }, ok] },
      { path: '/date', respond: [{ status: 503, headers: { 'retry-after': 'Sun, 01 Mar 2026 10:00:05 GMT' } }, ok] },
    ]);
    const api = client(server, { sleep: sleep.sleep, now: clock.now });

    await expect(api.getJson('/seconds')).resolves.toEqual({ ok: true });
    await expect(api.getJson('/date')).resolves.toEqual({ ok: true });

    expect(sleep.delays).toEqual([2000, 5000]);
    expect(server.hits()).toBe(4);
  });

  it('really waits a small Retry-After with the default sleep', async () => {
    const server = await fake([{ path: '/slow', respond: [{ status: 429, headers: { 'retry-after': '1' } }, ok] }]);
    const api = client(server);

    const started = performance.now();
    await expect(api.getJson('/slow')).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.hits()).toBe(2);
  });

  it('fails at once with rate_limited when Retry-After exceeds maxRetryAfterMs', async () => {
    const sleep = recordingSleep();
    const server = await fake(() => ({ status: 429, headers: { 'retry-after': '120' }, json: { message: 'slow down' } }));
    const api = client(server, { sleep: sleep.sleep, maxRetryAfterMs: 30_000 });

    const error = await caught(() => api.getJson('/data'));

    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toContain('120 s');
    expect(server.hits()).toBe(1);
    expect(sleep.delays).toEqual([]);
  });

  it('fails at once with unavailable when a 503 asks for a longer wait than allowed', async () => {
    const sleep = recordingSleep();
    const server = await fake(() => ({ status: 503, headers: { 'retry-after': '600' } }));
    const error = await caught(() => client(server, { sleep: sleep.sleep }).getJson('/data'));

    expect(error.code).toBe('unavailable');
    expect(error.retryAfterMs).toBe(600_000);
    expect(server.hits()).toBe(1);
  });

  it('gives up on a 429 burst with rate_limited and the last Retry-After', async () => {
    const sleep = recordingSleep();
    const server = await fake(() => ({ status: 429, headers: { 'retry-after': '3' } }));
    const error = await caught(() => client(server, { sleep: sleep.sleep }).getJson('/data'));

    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(3000);
    expect(server.hits()).toBe(3);
    expect(sleep.delays).toEqual([3000, 3000]);
  });

  it('exhausts its retries on a 5xx burst and reports the status and attempts', async () => {
    const sleep = recordingSleep();
    const server = await fake(() => unavailable);
    const api = client(server, { sleep: sleep.sleep, retries: 3 });

    const error = await caught(() => api.getJson('/data'));

    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('status 503 after 4 attempts: maintenance');
    expect(error.details).toMatchObject({ status: 503, reason: 'maintenance' });
    expect(server.hits()).toBe(4);
    expect(api.stats()).toMatchObject({ requests: 4, retries: 3 });
  });

  it('does not retry client errors', async () => {
    const sleep = recordingSleep();
    const server = await fake(() => ({ status: 400, json: { reason: 'bad' } }));
    await caught(() => client(server, { sleep: sleep.sleep }).getJson('/data'));
    expect(server.hits()).toBe(1);
  });

  it('never retries a POST, on a 503 or a dropped connection', async () => {
    const sleep = recordingSleep();
    const server = await fake([
      { method: 'POST', path: '/busy', respond: unavailable },
      { method: 'POST', path: '/drop', respond: { destroySocket: true } },
    ]);
    const api = client(server, { sleep: sleep.sleep });

    expect((await caught(() => api.request({ method: 'POST', path: '/busy', body: { a: 1 } }))).code).toBe('upstream_error');
    expect((await caught(() => api.request({ method: 'POST', path: '/drop', body: { a: 1 } }))).code).toBe('upstream_error');
    expect(server.hits('/busy')).toBe(1);
    expect(server.hits('/drop')).toBe(1);
    expect(api.stats().retries).toBe(0);
  });
});

describe('time limits and cancellation', () => {
  it('ends a hung upstream at timeoutMs with a timeout error, without retrying it', async () => {
    const server = await fake(() => ({ hang: true }));
    const api = client(server, { timeoutMs: 300 });

    const started = performance.now();
    const error = await caught(() => api.getJson('/hang'));

    expect(error.code).toBe('timeout');
    expect(error.message).toContain('did not answer GET /hang within 300 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.hits()).toBe(1);
  });

  it('times out a body that drips slower than the limit', async () => {
    const server = await fake(() => ({ json: { data: 'x'.repeat(64) }, drip: { intervalMs: 50, chunkBytes: 4 } }));
    const error = await caught(() => client(server, { timeoutMs: 300 }).getJson('/drip'));
    expect(error.code).toBe('timeout');
  });

  it("cancels an in-flight attempt as soon as the caller's signal aborts", async () => {
    const server = await fake(() => ({ hang: true }));
    const api = client(server, { timeoutMs: 20_000 });
    const controller = new AbortController();

    const pending = caught(() => api.getJson('/hang', { signal: controller.signal }));
    await waitFor(() => server.hits() === 1);
    const started = performance.now();
    controller.abort();
    const error = await pending;

    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('cancels a backoff wait as soon as the caller aborts', async () => {
    const server = await fake(() => ({ status: 503, headers: { 'retry-after': '20' } }));
    const api = client(server); // real sleep: 20 s is within maxRetryAfterMs
    const controller = new AbortController();

    const pending = caught(() => api.getJson('/data', { signal: controller.signal }));
    await waitFor(() => server.hits() === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    controller.abort();
    const error = await pending;

    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.hits()).toBe(1);
  });

  it('does not send anything for an already aborted signal', async () => {
    const server = await fake(() => ok);
    const error = await caught(() => client(server).getJson('/data', { signal: AbortSignal.abort() }));
    expect(error.code).toBe('cancelled');
    expect(server.hits()).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
