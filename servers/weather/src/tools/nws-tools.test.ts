import { CLIENT_KINDS, DEFAULT_ALERTS, expectToolError, nwsErrors } from '@mcpkit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWeather, type WeatherHarness } from '../weather-server.fixture.js';

type Alert = {
  event: string;
  severity: string;
  areas: string;
  description: string | null;
  instruction: string | null;
  ends: string | null;
};
type Alerts = { area: string; total: number; alerts: Alert[] };
type Period = { name: string; temperature: number; temperatureUnit: string; wind: string; detailedForecast: string; startTime: string };

describe.each(CLIENT_KINDS)('NWS tools (%s)', (kind) => {
  let h: WeatherHarness;
  beforeAll(async () => {
    h = await startWeather(kind, {
      argv: ['--alerts-ttl', '0', '--forecast-ttl', '0', '--geocoding-ttl', '0', '--upstream-retries', '0', '--contact', 'ops@example.com'],
    });
  });
  afterAll(async () => {
    await h.close();
  });
  let before: { nws: number; openMeteo: number };
  beforeEach(() => {
    before = { nws: h.nws.hits(), openMeteo: h.openMeteo.hits() };
  });
  const nwsCalls = () => h.nws.hits() - before.nws;
  const lastNws = () => h.nws.requests[h.nws.requests.length - 1];

  describe('get_alerts', () => {
    it('lists a state’s active alerts, most severe first, with what to do', async () => {
      const result = await h.client.callTool('get_alerts', { state: 'ks' });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Alerts;
      expect(data.area).toBe('Kansas (KS)');
      expect(data.alerts.map((a) => a.event)).toEqual(['Winter Storm Warning', 'Wind Advisory']);
      expect(data.total).toBe(2);
      expect(data.alerts[0]).toMatchObject({
        severity: 'Moderate',
        instruction: expect.stringMatching(/flashlight/),
        ends: expect.any(String),
      });
      expect(data.alerts[0]?.description).not.toContain('\n');
      expect(result.text).toMatch(/^2 active alerts for Kansas \(KS\):\n\n1\. Winter Storm Warning \(Moderate, Expected, Likely\) until /);
      expect(result.text).toMatch(/What to do: If you must travel/);
      const request = lastNws();
      expect(request?.path).toBe('/alerts/active');
      expect(request?.query).toEqual({ area: 'KS', status: 'actual', message_type: 'alert,update' });
      expect(request?.headers.accept).toBe('application/geo+json');
      expect(request?.headers['user-agent']).toMatch(
        /^mcpkit-weather\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/mcpkit\/mcpkit; ops@example\.com\)$/,
      );
    });

    it('takes a state name, filters by severity and limits', async () => {
      const severe = await h.client.callTool('get_alerts', { state: 'Kansas', minSeverity: 'Moderate' });
      expect((severe.structured as Alerts).alerts.map((a) => a.event)).toEqual(['Winter Storm Warning']);
      const one = await h.client.callTool('get_alerts', { state: 'KS', limit: 1 });
      expect(one.structured).toMatchObject({ total: 2, alerts: [{ event: 'Winter Storm Warning' }] });
      expect(one.text).toMatch(/2 active alerts for Kansas \(KS\) \(showing 1\)/);
    });

    it('says so when a state has none', async () => {
      const result = await h.client.callTool('get_alerts', { state: 'VT' });
      expect(result.isError).toBe(false);
      expect(result.structured).toMatchObject({ total: 0, alerts: [] });
      expect(result.text).toBe('No active weather alerts for Vermont (VT).');
    });

    it('finds the alerts at a place or point', async () => {
      const topeka = await h.client.callTool('get_alerts', { place: 'Topeka' });
      expect(topeka.isError, topeka.text).toBe(false);
      expect((topeka.structured as Alerts).alerts.map((a) => a.event)).toEqual(['Winter Storm Warning']);
      expect(lastNws()?.query).toMatchObject({ point: expect.stringMatching(/^39\.0\d*,-95\.6\d*$/) });
      const point = await h.client.callTool('get_alerts', { latitude: 25.7617, longitude: -80.1918 });
      expect((point.structured as Alerts).alerts.map((a) => a.event)).toEqual(['Rip Current Statement']);
      expect(lastNws()?.query).toMatchObject({ point: '25.7617,-80.1918' });
    });

    it('refuses bad areas and places outside the US before asking the NWS', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ state: 'XX' }, /state.*not a US state or territory/],
        [{ state: 'Bavaria' }, /not a US state/],
        [{ state: 'KS', place: 'Topeka' }, /either state or a place/],
        [{}, /give a place name or latitude and longitude/],
        [{ latitude: 39 }, /go together/],
        [{ state: 'KS', limit: 0 }, /limit/],
      ];
      for (const [args, message] of cases) expectToolError(await h.client.callTool('get_alerts', args), 'invalid_input', message);
      expectToolError(
        await h.client.callTool('get_alerts', { place: 'London, England' }),
        'invalid_input',
        /No "London" in the United States or its territories.*London, England, United Kingdom is elsewhere.*get_forecast/,
      );
      expectToolError(await h.client.callTool('get_alerts', { place: ', Kansas' }), 'invalid_input', /name the place.*before any comma/);
      expect(nwsCalls()).toBe(0);
    });

    it('leaves out test messages and cancellations, which the feed also carries', async () => {
      h.nws.setAlerts([
        { event: 'Tsunami Warning', areas: ['OR'], severity: 'Extreme', status: 'Test', description: 'THIS IS A TEST MESSAGE.' },
        { event: 'Winter Storm Warning', areas: ['OR'], messageType: 'Cancel' },
        { event: 'Flood Watch', areas: ['OR'], messageType: 'Update' },
      ]);
      try {
        const result = await h.client.callTool('get_alerts', { state: 'OR' });
        expect((result.structured as Alerts).alerts.map((a) => a.event)).toEqual(['Flood Watch']);
        // Filtered on our side too, should the query parameters be ignored upstream.
        h.nws.inject('/alerts', {
          headers: { 'content-type': 'application/geo+json' },
          json: {
            type: 'FeatureCollection',
            features: [
              {
                properties: {
                  id: 'a',
                  event: 'Tsunami Warning',
                  severity: 'Extreme',
                  urgency: 'Immediate',
                  certainty: 'Observed',
                  areaDesc: 'Coast',
                  status: 'Test',
                  messageType: 'Alert',
                },
              },
              {
                properties: {
                  id: 'b',
                  event: 'Winter Storm Warning',
                  severity: 'Severe',
                  urgency: 'Expected',
                  certainty: 'Likely',
                  areaDesc: 'Cascades',
                  status: 'Actual',
                  messageType: 'Cancel',
                },
              },
            ],
          },
        });
        expect((await h.client.callTool('get_alerts', { state: 'WA' })).text).toBe('No active weather alerts for Washington (WA).');
      } finally {
        h.nws.setAlerts([...DEFAULT_ALERTS]);
      }
    });

    it('says plainly that coordinates outside the US have no NWS alerts', async () => {
      expectToolError(
        await h.client.callTool('get_alerts', { latitude: 48.85, longitude: 2.35 }),
        'invalid_input',
        /no alerts for 48\.85,2\.35: it covers only the United States/,
      );
    });

    it('passes the NWS’s own reason through on a server error', async () => {
      h.nws.inject('/alerts', nwsErrors.unexpected);
      expectToolError(
        await h.client.callTool('get_alerts', { state: 'KS' }),
        'upstream_error',
        /National Weather Service answered GET \/alerts\/active with status 500: An unexpected problem has occurred/,
      );
    });
  });

  describe('get_forecast_nws', () => {
    it('gives the worded twelve-hour periods for a US place, in the units asked', async () => {
      const result = await h.client.callTool('get_forecast_nws', { place: 'Topeka, Kansas', units: 'imperial' });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as { office: string; periods: Period[]; location: Record<string, unknown> };
      expect(data.office).toMatch(/^TOP \d+,\d+$/);
      expect(data.periods).toHaveLength(14);
      expect(data.periods[0]).toMatchObject({
        temperatureUnit: 'F',
        name: expect.any(String),
        detailedForecast: expect.stringMatching(/\w/),
      });
      expect(data.periods[0]?.wind).toMatch(/mph/);
      expect(data.location).toMatchObject({ name: 'Topeka, Kansas, United States', timezone: 'America/Chicago' });
      expect(result.text).toMatch(/^National Weather Service forecast for Topeka, Kansas, United States \(office TOP\):\n[^:]+: /);
      const [pointRequest, forecastRequest] = h.nws.requests.slice(-2);
      expect(pointRequest?.path).toMatch(/^\/points\/39\.\d{1,4},-95\.\d{1,4}$/);
      expect(forecastRequest?.path).toMatch(/^\/gridpoints\/TOP\/\d+,\d+\/forecast$/);
      expect(forecastRequest?.query).toEqual({ units: 'us' });
    });

    it('gives hourly periods in metric from coordinates, with the nearest city named', async () => {
      const result = await h.client.callTool('get_forecast_nws', { latitude: 47.60621, longitude: -122.33207, hourly: true, periods: 6 });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as { periods: Period[]; location: { name: string } };
      expect(data.periods).toHaveLength(6);
      expect(data.periods[0]?.temperatureUnit).toBe('C');
      expect(data.location.name).toMatch(/^near Seattle, WA$/);
      // Four decimals at most, no trailing zeros: the NWS would redirect anything else.
      expect(h.nws.requests.at(-2)?.path).toBe('/points/47.6062,-122.3321');
      expect(h.nws.requests.at(-1)?.path).toMatch(/\/forecast\/hourly$/);
    });

    it('turns the NWS 404 for a point outside its area into advice', async () => {
      const result = await h.client.callTool('get_forecast_nws', { latitude: 51.5, longitude: -0.12 });
      expectToolError(result, 'not_found', /no forecast for 51\.5,-0\.12: it covers only the United States.*get_forecast/);
      expect(nwsCalls()).toBe(1);
    });

    it('resolves an ambiguous name among US places only', async () => {
      const result = await h.client.callTool('get_forecast_nws', { place: 'Paris' });
      expect(result.isError, result.text).toBe(false);
      expect((result.structured as { location: { name: string } }).location.name).toMatch(/^Paris, (Texas|Tennessee), United States$/);
    });

    it('refuses a geocoded place outside the US before asking the NWS', async () => {
      expectToolError(
        await h.client.callTool('get_forecast_nws', { place: 'Berlin' }),
        'invalid_input',
        /No "Berlin" in the United States or its territories/,
      );
      expect(nwsCalls()).toBe(0);
    });

    it('reports a grid the NWS cannot forecast right now', async () => {
      h.nws.inject('/gridpoints', nwsErrors.gridExpired);
      const result = await h.client.callTool('get_forecast_nws', { place: 'Denver' });
      expectToolError(
        result,
        'upstream_error',
        /National Weather Service answered GET \/gridpoints\/\w+\/\d+,\d+\/forecast with status 5\d\d/,
      );
    });
  });
});
