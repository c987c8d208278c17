import { fileURLToPath } from 'node:url';
import {
  binCommand,
  CLIENT_KINDS,
  childOf,
  connectClient,
  drainStderr,
  exitOf,
  type FakeApi,
  type FakeNws,
  fakeWeatherArgs,
  httpTransport,
  SPAWN_TEST_TIMEOUT_MS,
  spawnBin,
  startFakeNws,
  startFakeOpenMeteo,
  startHttpBin,
  stdioTransport,
  useSpawnSandbox,
} from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

let openMeteo: FakeApi;
let nws: FakeNws;
beforeAll(async () => {
  [openMeteo, nws] = await Promise.all([startFakeOpenMeteo(), startFakeNws()]);
});
afterAll(async () => {
  await Promise.all([openMeteo?.close(), nws?.close()]);
});

describe('mcpkit-weather over stdio, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox(BIN, 'mcpkit-weather-stdio-');

  it.each(CLIENT_KINDS)('serves a %s client, logs only to stderr, then exits 0', async (kind) => {
    const transport = stdioTransport(kind, binCommand(BIN, fakeWeatherArgs(openMeteo, nws), sandbox.dir.path));
    const stderr = drainStderr(transport);
    const client = await connectClient(kind, transport);
    const child = childOf(transport);
    sandbox.track(child.pid);

    const names = (await client.listTools()).map((tool) => tool.name).sort();
    expect(names).toEqual([
      'geocode',
      'get_alerts',
      'get_current_conditions',
      'get_forecast',
      'get_forecast_nws',
      'get_historical_weather',
    ]);
    const forecast = await client.callTool('get_forecast', { place: 'Berlin', days: 2 });
    expect(forecast.isError, forecast.text).toBe(false);
    expect(forecast.text).toMatch(/^Forecast for Berlin, /);
    const alerts = await client.callTool('get_alerts', { state: 'FL' });
    expect(alerts.text).toMatch(/Rip Current Statement/);

    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(stderr()).toMatch(/"msg":"no --contact set/);
    await client.close();
  });

  it('refuses bad configuration before serving, naming every problem (exit 2)', async () => {
    const proc = spawnBin(BIN, ['--units', 'kelvin', '--nws-url', 'ftp://example.com', '--forecast-ttl', '-1'], sandbox.dir.path);
    sandbox.track(proc.child.pid);
    expect(await proc.waitForExit()).toEqual({ code: 2, signal: null });
    const stderr = proc.stderr();
    expect(stderr).toMatch(/--units/);
    expect(stderr).toMatch(/--nws-url/);
    expect(stderr).toMatch(/--forecast-ttl/);
  });
});

describe('mcpkit-weather over HTTP, spawned', { timeout: SPAWN_TEST_TIMEOUT_MS }, () => {
  const sandbox = useSpawnSandbox(BIN, 'mcpkit-weather-http-');

  it.each(CLIENT_KINDS)('serves a %s client with the bearer token it printed', async (kind) => {
    const server = await startHttpBin(BIN, fakeWeatherArgs(openMeteo, nws), sandbox.dir.path);
    sandbox.track(server.child.pid);
    try {
      const client = await connectClient(kind, httpTransport(kind, server.url, server.token));
      const current = await client.callTool('get_current_conditions', { place: 'Tokyo' });
      expect(current.isError, current.text).toBe(false);
      expect(current.structured).toMatchObject({ location: { countryCode: 'JP' } });
      await client.close();
    } finally {
      await server.kill();
    }
  });
});
