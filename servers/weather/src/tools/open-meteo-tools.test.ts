import { CLIENT_KINDS, expectToolError } from '@mcpkit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWeather, type WeatherHarness } from '../weather-server.fixture.js';

type Row = Record<string, unknown> & { time: string };
type Series = { location: Record<string, unknown>; timezone: string; units: Record<string, string>; freshness: Record<string, unknown> };

/** Today as the server sees it, for history ranges. */
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe.each(CLIENT_KINDS)('Open-Meteo tools (%s)', (kind) => {
  let h: WeatherHarness;
  // Caching is off so each call reaches the fake and hit counts say what was asked.
  beforeAll(async () => {
    h = await startWeather(kind, {
      argv: ['--forecast-ttl', '0', '--geocoding-ttl', '0', '--history-ttl', '0', '--upstream-retries', '0'],
    });
  });
  afterAll(async () => {
    await h.close();
  });
  let before: number;
  beforeEach(() => {
    before = h.openMeteo.hits();
  });
  const upstreamCalls = () => h.openMeteo.hits() - before;
  const lastQuery = (path: string) => [...h.openMeteo.requests].reverse().find((r) => r.path === path)?.searchParams;

  describe('geocode', () => {
    it('finds places best first, with coordinates, region, country and time zone', async () => {
      const result = await h.client.callTool('geocode', { name: 'Paris' });
      expect(result.isError, result.text).toBe(false);
      const { places } = result.structured as { places: Array<Record<string, unknown>> };
      expect(places.length).toBeGreaterThanOrEqual(3);
      expect(places[0]).toMatchObject({ name: 'Paris, Île-de-France, France', countryCode: 'FR', timezone: 'Europe/Paris' });
      expect(places.map((p) => p.name)).toContain('Paris, Texas, United States');
      expect(result.text).toMatch(/^1\. Paris, Île-de-France, France \(48\.85\d*, 2\.3\d*\), Europe\/Paris, population/);
      expect(lastQuery('/v1/search')?.get('name')).toBe('Paris');
    });

    it('narrows by region or state code after a comma, and by country code', async () => {
      const texas = await h.client.callTool('geocode', { name: 'Paris, TX' });
      expect((texas.structured as { places: Array<{ name: string }> }).places.map((p) => p.name)).toEqual(['Paris, Texas, United States']);
      const ontario = await h.client.callTool('geocode', { name: 'London', countryCode: 'ca' });
      expect(lastQuery('/v1/search')?.get('countryCode')).toBe('CA');
      expect((ontario.structured as { places: Array<{ admin1: string }> }).places[0]?.admin1).toBe('Ontario');
    });

    it('says plainly when nothing matches', async () => {
      const result = await h.client.callTool('geocode', { name: 'Qwxzyville' });
      expect(result.isError).toBe(false);
      expect(result.structured).toMatchObject({ places: [] });
      expect(result.text).toMatch(/No place matches "Qwxzyville"/);
    });

    it('refuses a bad country code before any upstream call', async () => {
      expectToolError(
        await h.client.callTool('geocode', { name: 'Paris', countryCode: 'FRA' }),
        'invalid_input',
        /countryCode.*two-letter/,
      );
      expectToolError(await h.client.callTool('geocode', { name: 'P' }), 'invalid_input', /name.*at least 2/);
      expect(upstreamCalls()).toBe(0);
    });
  });

  describe('get_current_conditions', () => {
    it('geocodes a place and returns one record with the weather in words and units', async () => {
      const result = await h.client.callTool('get_current_conditions', { place: 'Berlin' });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { current: Row };
      expect(data.location).toMatchObject({ name: expect.stringMatching(/^Berlin, /), countryCode: 'DE', timezone: 'Europe/Berlin' });
      expect(data.current.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      expect(typeof data.current.temperature_2m).toBe('number');
      expect(typeof data.current.weather).toBe('string');
      expect(data.units.temperature_2m).toBe('°C');
      expect(data.freshness).toMatchObject({ source: expect.stringContaining('Open-Meteo'), cached: false, stale: false });
      expect(result.text).toMatch(/^Current weather in Berlin, .*\(Europe\/Berlin\):\n\d{4}-\d{2}-\d{2} \d{2}:\d{2}: /);
      const query = lastQuery('/v1/forecast');
      expect(query?.get('current')?.split(',')).toContain('weather_code');
      expect(query?.get('timezone')).toBe('auto');
      expect(upstreamCalls()).toBe(2);
    });

    it('takes coordinates without geocoding, imperial units and chosen variables', async () => {
      const result = await h.client.callTool('get_current_conditions', {
        latitude: 39.0473,
        longitude: -95.6752,
        units: 'imperial',
        variables: ['temperature_2m', 'wind_speed_10m'],
      });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { current: Row };
      expect(Object.keys(data.current).sort()).toEqual(['temperature_2m', 'time', 'wind_speed_10m']);
      expect(data.units).toEqual({ temperature_2m: '°F', wind_speed_10m: 'mp/h' });
      expect(data.location).toMatchObject({ name: '39.0473, -95.6752', latitude: 39.0473 });
      expect(lastQuery('/v1/forecast')?.get('temperature_unit')).toBe('fahrenheit');
      expect(upstreamCalls()).toBe(1);
    });

    it('names the other places a bare name could mean', async () => {
      const result = await h.client.callTool('get_current_conditions', { place: 'Springfield' });
      expect(result.text).toMatch(/Other places with this name: Springfield, \w+, United States/);
    });

    it('refuses bad locations and variables before any upstream call', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{}, /place.*give a place name or latitude and longitude/],
        [{ place: 'Berlin', latitude: 1, longitude: 2 }, /either place or latitude\/longitude/],
        [{ latitude: 52 }, /longitude.*go together/],
        [{ latitude: 91, longitude: 0 }, /latitude/],
        [{ latitude: 0, longitude: -181 }, /longitude/],
        [{ place: 'Berlin', variables: ['temperature'] }, /variables/],
        [{ place: 'Berlin', variables: ['rain', 'rain'] }, /each variable once/],
        [{ place: 'Berlin', timezone: 'Mars/Olympus' }, /unknown time zone/],
        [{ place: 'Berlin', units: 'kelvin' }, /units/],
      ];
      for (const [args, message] of cases) {
        expectToolError(await h.client.callTool('get_current_conditions', args), 'invalid_input', message);
      }
      expect(upstreamCalls()).toBe(0);
    });

    it('reports an unknown place as not found, with what to do', async () => {
      expectToolError(
        await h.client.callTool('get_current_conditions', { place: 'Qwxzyville' }),
        'not_found',
        /No place called "Qwxzyville".*latitude and longitude/,
      );
      expectToolError(
        await h.client.callTool('get_current_conditions', { place: 'Paris, Bavaria' }),
        'not_found',
        /No "Paris" in "Bavaria".*Paris, Île-de-France, France; Paris, Texas/,
      );
      // Only the geocoder was asked: no forecast is fetched for a place that was not found.
      expect(upstreamCalls()).toBe(2);
      expect(lastQuery('/v1/search')?.get('count')).toBe('50');
    });

    it("passes Open-Meteo's own reason through when it refuses a request", async () => {
      h.openMeteo.inject('/v1/forecast', {
        status: 400,
        json: { error: true, reason: 'Cannot initialize WeatherVariable from invalid String value' },
      });
      const result = await h.client.callTool('get_current_conditions', { latitude: 1, longitude: 2 });
      expectToolError(
        result,
        'upstream_error',
        /Open-Meteo answered GET \/v1\/forecast with status 400: Cannot initialize WeatherVariable/,
      );
    });
  });

  describe('get_forecast', () => {
    it('returns daily rows for the days asked, today first', async () => {
      const result = await h.client.callTool('get_forecast', { place: 'Tokyo', days: 3 });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { daily: Row[]; hourly: Row[] };
      expect(data.daily).toHaveLength(3);
      expect(data.hourly).toEqual([]);
      const [first] = data.daily;
      expect(first?.time).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(first).toMatchObject({
        weather: expect.any(String),
        temperature_2m_max: expect.any(Number),
        sunrise: expect.stringMatching(/T/),
      });
      expect(Number(first?.temperature_2m_max)).toBeGreaterThanOrEqual(Number(first?.temperature_2m_min));
      expect(data.units.temperature_2m_max).toBe('°C');
      expect(result.text.split('\n')).toHaveLength(4);
      expect(lastQuery('/v1/forecast')?.get('forecast_days')).toBe('3');
      expect(lastQuery('/v1/forecast')?.has('hourly')).toBe(false);
    });

    it('adds hourly rows from the current hour, and past days', async () => {
      const result = await h.client.callTool('get_forecast', {
        latitude: 40.7143,
        longitude: -74.006,
        days: 1,
        hours: 30,
        pastDays: 2,
        hourlyVariables: ['temperature_2m', 'precipitation_probability'],
        timezone: 'America/New_York',
      });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { daily: Row[]; hourly: Row[] };
      expect(data.timezone).toBe('America/New_York');
      expect(data.hourly).toHaveLength(30);
      expect(Object.keys(data.hourly[0] ?? {}).sort()).toEqual(['precipitation_probability', 'temperature_2m', 'time']);
      expect(data.daily).toHaveLength(3);
      const query = lastQuery('/v1/forecast');
      expect(query?.get('forecast_hours')).toBe('30');
      expect(query?.get('forecast_days')).toBe('2');
      expect(query?.get('past_days')).toBe('2');
      expect(result.text).toMatch(/Next 30 hours:/);
    });

    it('refuses out-of-range days and hours before any upstream call', async () => {
      for (const args of [{ days: 17 }, { days: 0 }, { hours: 385 }, { pastDays: 93 }, { dailyVariables: ['uv_index'] }]) {
        expectToolError(await h.client.callTool('get_forecast', { place: 'Berlin', ...args }), 'invalid_input');
      }
      expect(upstreamCalls()).toBe(0);
    });
  });

  describe('get_historical_weather', () => {
    it('returns daily rows for a past range from the archive', async () => {
      const result = await h.client.callTool('get_historical_weather', {
        place: 'Reykjavik',
        startDate: '1990-07-01',
        endDate: '1990-07-10',
      });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { daily: Row[]; hourly: Row[]; missingFrom?: string };
      expect(data.daily.map((row) => row.time)).toEqual(Array.from({ length: 10 }, (_, i) => `1990-07-${String(i + 1).padStart(2, '0')}`));
      expect(data.daily[0]).toMatchObject({ temperature_2m_mean: expect.any(Number), weather: expect.any(String) });
      expect(data.missingFrom).toBeUndefined();
      const query = lastQuery('/v1/archive');
      expect(query?.get('start_date')).toBe('1990-07-01');
      expect(query?.get('end_date')).toBe('1990-07-10');
    });

    it('returns hourly rows, and says which recent days the archive has no data for yet', async () => {
      const result = await h.client.callTool('get_historical_weather', {
        latitude: 52.52,
        longitude: 13.41,
        startDate: day(-9),
        endDate: day(0),
        granularity: 'hourly',
        hourlyVariables: ['temperature_2m'],
        timezone: 'UTC',
      });
      expect(result.isError, result.text).toBe(false);
      const data = result.structured as Series & { hourly: Row[]; missingFrom?: string };
      expect(data.hourly).toHaveLength(240);
      expect(data.missingFrom).toBeDefined();
      expect(data.missingFrom! > day(-9)).toBe(true);
      expect(result.text).toMatch(/No data yet from .*the archive lags about 5 days/);
    });

    it('refuses bad ranges before any upstream call', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ startDate: '2020-02-30', endDate: '2020-03-01' }, /startDate.*not a real calendar day/],
        [{ startDate: '2020-03-01', endDate: '2020-02-01' }, /after endDate/],
        [{ startDate: '1939-12-01', endDate: '1940-01-02' }, /starts on 1940-01-01/],
        [{ startDate: day(-1), endDate: day(5) }, /past today.*get_forecast/],
        [{ startDate: day(0), endDate: day(1) }, /past today/],
        [{ startDate: '2000-01-01', endDate: '2001-12-31' }, /731 days; one call returns at most 366/],
        [{ startDate: '2000-01-01', endDate: '2000-03-01', granularity: 'hourly' }, /at most 31 days/],
        [{ startDate: '2000-01-01', endDate: '2000-01-02', dailyVariables: ['precipitation_probability_max'] }, /dailyVariables/],
      ];
      for (const [args, message] of cases) {
        expectToolError(await h.client.callTool('get_historical_weather', { place: 'Berlin', ...args }), 'invalid_input', message);
      }
      expect(upstreamCalls()).toBe(0);
    });
  });
});
