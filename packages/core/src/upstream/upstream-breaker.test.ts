import type { FakeResponse } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { caught, manualClock, recordingSleep, useUpstreamHarness } from './upstream.fixture.js';
import type { UpstreamClientOptions } from './upstream-types.js';

const ok: FakeResponse = { json: { ok: true } };
const broken: FakeResponse = { status: 500, json: { message: 'boom' } };
const { fake, client } = useUpstreamHarness({
  name: 'GitHub',
  retries: 0,
  breaker: { failureThreshold: 3, resetAfterMs: 30_000 },
  sleep: recordingSleep().sleep,
});

async function setup(options: Partial<UpstreamClientOptions> = {}) {
  const server = await fake(() => broken);
  const clock = manualClock();
  const api = client(server, { now: clock.now, ...options });
  return { server, clock, api };
}

describe('circuit breaker', () => {
  it('opens after N consecutive failed calls and then fails fast without calling upstream', async () => {
    const { server, clock, api } = await setup();

    for (let i = 0; i < 3; i += 1) expect((await caught(() => api.getJson('/x'))).code).toBe('upstream_error');
    expect(api.stats().breakerState).toBe('open');
    clock.advance(10_000);

    const error = await caught(() => api.getJson('/x'));
    expect(error.code).toBe('unavailable');
    expect(error.retryAfterMs).toBe(20_000);
    expect(error.message).toContain('GitHub is unavailable');
    expect(error.message).toContain('tried again in 20 s');
    expect(server.hits()).toBe(3);
  });

  it('counts calls, not attempts: one call with retries is one failure', async () => {
    const { server, api } = await setup({ retries: 2 });
    await caught(() => api.getJson('/x'));
    await caught(() => api.getJson('/x'));
    expect(server.hits()).toBe(6);
    expect(api.stats().breakerState).toBe('closed');
  });

  it('lets one probe through when half-open and closes on its success', async () => {
    const { server, clock, api } = await setup();
    for (let i = 0; i < 3; i += 1) await caught(() => api.getJson('/x'));
    clock.advance(30_000);
    expect(api.stats().breakerState).toBe('half_open');

    server.setHandler(() => ok);
    await expect(api.getJson('/x')).resolves.toEqual({ ok: true });
    expect(api.stats().breakerState).toBe('closed');
    await expect(api.getJson('/x')).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(5);
  });

  it('reopens when the probe fails, and the probe gets a single attempt', async () => {
    const { server, clock, api } = await setup({ retries: 2, breaker: { failureThreshold: 1, resetAfterMs: 5_000 } });
    await caught(() => api.getJson('/x'));
    expect(server.hits()).toBe(3);
    clock.advance(5_000);

    expect((await caught(() => api.getJson('/x'))).code).toBe('upstream_error');
    expect(server.hits()).toBe(4);
    expect(api.stats().breakerState).toBe('open');
    const error = await caught(() => api.getJson('/x'));
    expect(error.code).toBe('unavailable');
    expect(error.retryAfterMs).toBe(5_000);
    expect(server.hits()).toBe(4);
  });

  it('fails other calls fast while the probe is out', async () => {
    const { server, clock, api } = await setup();
    for (let i = 0; i < 3; i += 1) await caught(() => api.getJson('/x'));
    clock.advance(30_000);
    server.setHandler(() => ({ ...ok, delayMs: 200 }));

    const probe = api.getJson('/x');
    const other = await caught(() => api.getJson('/x'));
    expect(other.code).toBe('unavailable');
    await expect(probe).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(4);
  });

  it('counts timeouts and dropped connections, not client errors or cancellations', async () => {
    const { server, api } = await setup({ timeoutMs: 200 });
    server.setHandler(() => ({ status: 404 }));
    for (let i = 0; i < 4; i += 1) await caught(() => api.getJson('/x'));
    server.setHandler(() => ({ hang: true }));
    for (let i = 0; i < 4; i += 1) {
      const controller = new AbortController();
      const pending = caught(() => api.getJson('/x', { signal: controller.signal }));
      setTimeout(() => controller.abort(), 20);
      expect((await pending).code).toBe('cancelled');
    }
    expect(api.stats().breakerState).toBe('closed');

    expect((await caught(() => api.getJson('/x'))).code).toBe('timeout');
    server.setHandler(() => ({ destroySocket: true }));
    await caught(() => api.getJson('/x'));
    await caught(() => api.getJson('/x'));
    expect(api.stats().breakerState).toBe('open');
  });

  it('a success resets the count of consecutive failures', async () => {
    const { server, api } = await setup();
    await caught(() => api.getJson('/x'));
    await caught(() => api.getJson('/x'));
    server.setHandler(() => ok);
    await api.getJson('/x');
    server.setHandler(() => broken);
    await caught(() => api.getJson('/x'));
    await caught(() => api.getJson('/x'));
    expect(api.stats().breakerState).toBe('closed');
  });

  it('can be turned off', async () => {
    const { server, api } = await setup({ breaker: false });
    for (let i = 0; i < 6; i += 1) expect((await caught(() => api.getJson('/x'))).code).toBe('upstream_error');
    expect(server.hits()).toBe(6);
  });
});
