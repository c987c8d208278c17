import { CLIENT_KINDS } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeather, type WeatherHarness } from '../weather-server.fixture.js';

describe.each(CLIENT_KINDS)('weather resources (%s)', (kind) => {
  let h: WeatherHarness;
  beforeAll(async () => {
    h = await startWeather(kind, { argv: ['--units', 'imperial'] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('offers the alerts and forecast templates', async () => {
    const templates = (await h.client.listResourceTemplates()).map((t) => t.uriTemplate).sort();
    expect(templates).toEqual(['weather://alerts/{state}', 'weather://forecast/{place}']);
  });

  it('completes state codes by code or name', async () => {
    const ref = { type: 'ref/resource' as const, uri: 'weather://alerts/{state}' };
    expect(await h.client.complete(ref, { name: 'state', value: 'K' })).toEqual(['KS', 'KY']);
    expect(await h.client.complete(ref, { name: 'state', value: 'new' })).toEqual(['NH', 'NJ', 'NM', 'NY']);
    expect(await h.client.complete(ref, { name: 'state', value: 'zz' })).toEqual([]);
  });

  it("reads a state's alerts", async () => {
    const body = (await h.client.readResource('weather://alerts/AK')).json() as { area: string; alerts: Array<{ event: string }> };
    expect(body.area).toBe('Alaska (AK)');
    expect(body.alerts.map((a) => a.event)).toEqual(['Winter Weather Advisory']);
    const lower = (await h.client.readResource('weather://alerts/ks')).json() as { total: number };
    expect(lower.total).toBe(2);
  });

  it("reads a place's seven-day forecast in the server's units", async () => {
    const body = (await h.client.readResource('weather://forecast/Paris%2C%20Texas')).json() as {
      location: { name: string };
      units: Record<string, string>;
      daily: Array<{ time: string }>;
      summary: string[];
    };
    expect(body.location.name).toBe('Paris, Texas, United States');
    expect(body.daily).toHaveLength(7);
    expect(body.units.temperature_2m_max).toBe('°F');
    expect(body.summary[0]).toMatch(/^\d{4}-\d{2}-\d{2}: /);
  });

  it('answers a bad state or unknown place with an error that says what to use', async () => {
    await expect(h.client.readResource('weather://alerts/XX')).rejects.toThrow(/not a US state or territory code.*weather:\/\/alerts\/KS/);
    await expect(h.client.readResource('weather://forecast/Qwxzyville')).rejects.toThrow(/No place called "Qwxzyville"/);
    await expect(h.client.readResource('weather://forecast/50%')).rejects.toThrow(/not a valid URI component: escape "%" as %25/);
  });
});

describe('weather over Streamable HTTP, in process', () => {
  it('serves the tools over HTTP with the generated key', async () => {
    const h = await startWeather('v2-modern', { via: 'http' });
    try {
      const result = await h.client.callTool('get_forecast', { place: 'Sydney', days: 2 });
      expect(result.isError, result.text).toBe(false);
      expect(result.structured).toMatchObject({ location: { countryCode: 'AU' } });
    } finally {
      await h.close();
    }
  });
});
