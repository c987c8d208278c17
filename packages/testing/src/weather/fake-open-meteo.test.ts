import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApi } from './fake-api.js';
import { openMeteoErrors, startFakeOpenMeteo } from './fake-open-meteo.js';

// Monday 23 November 2026, 15:07 in Berlin.
const NOW = new Date('2026-11-23T14:07:00Z');
const WMO_CODES = new Set([0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 71, 73, 75, 77, 80, 81, 82, 85, 86, 95, 96, 99]);

const started: FakeApi[] = [];

async function fake(options: Parameters<typeof startFakeOpenMeteo>[0] = {}): Promise<FakeApi> {
  const server = await startFakeOpenMeteo({ now: () => NOW, ...options });
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Json = any;

async function get(server: FakeApi, path: string): Promise<{ status: number; type: string | null; body: Json }> {
  const response = await fetch(`${server.url}${path}`, { headers: { 'user-agent': 'mcpkit-tests' } });
  const type = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, type, body: type?.includes('json') ? JSON.parse(text) : text };
}

describe('geocoding /v1/search', () => {
  it('finds every place of a name, most populous first, with the real result fields in order', async () => {
    const server = await fake();
    const { status, type, body } = await get(server, '/v1/search?name=Paris&count=10&language=en&format=json');
    expect(status).toBe(200);
    expect(type).toBe('application/json; charset=utf-8');
    expect(body.results.map((r: Json) => [r.id, r.country_code, r.admin1])).toEqual([
      [2988507, 'FR', 'Île-de-France'],
      [4717560, 'US', 'Texas'],
      [4647963, 'US', 'Tennessee'],
    ]);
    expect(Object.keys(body)).toEqual(['results', 'generationtime_ms']);
    expect(Object.keys(body.results[1])).toEqual([
      'id',
      'name',
      'latitude',
      'longitude',
      'elevation',
      'feature_code',
      'country_code',
      'admin1_id',
      'admin2_id',
      'timezone',
      'population',
      'postcodes',
      'country_id',
      'country',
      'admin1',
      'admin2',
    ]);
    expect(body.results[1]).toMatchObject({
      latitude: 33.66094,
      longitude: -95.55551,
      timezone: 'America/Chicago',
      country: 'United States',
    });
  });

  it('matches prefixes without regard to case or accents, postcodes, and narrows by country or region', async () => {
    const server = await fake();
    expect((await get(server, '/v1/search?name=zurich')).body.results[0]).toMatchObject({ id: 2657896, name: 'Zürich' });
    expect((await get(server, '/v1/search?name=S%C3%83O%20P')).body.results[0].name).toBe('São Paulo');
    expect((await get(server, '/v1/search?name=sao%20pa')).body.results[0].name).toBe('São Paulo');
    expect((await get(server, '/v1/search?name=REYK')).body.results[0].name).toBe('Reykjavík');
    expect((await get(server, '/v1/search?name=75001')).body.results[0].id).toBe(2988507);
    expect((await get(server, '/v1/search?name=New%20York%20City')).body.results[0].id).toBe(5128581);

    const springfields = (await get(server, '/v1/search?name=springfield')).body.results;
    expect(springfields.map((r: Json) => r.admin1)).toEqual(['Missouri', 'Massachusetts', 'Illinois']);
    const illinois = (await get(server, '/v1/search?name=Springfield,%20Illinois')).body.results;
    expect(illinois.map((r: Json) => r.id)).toEqual([4250542]);

    const canadian = (await get(server, '/v1/search?name=London&countryCode=CA')).body.results;
    expect(canadian).toHaveLength(1);
    expect(canadian[0]).toMatchObject({ id: 6058560, admin1: 'Ontario', timezone: 'America/Toronto' });
    // Empty fields are left out, as the real API does.
    expect(canadian[0]).not.toHaveProperty('admin2');
    expect(canadian[0]).not.toHaveProperty('postcodes');
    expect((await get(server, '/v1/search?name=Berlin&count=1')).body.results).toHaveLength(1);
  });

  it('answers no match, one character and two-character prefixes with no results key at all', async () => {
    const server = await fake();
    for (const name of ['Atlantis', 'P', '', 'Pa']) {
      const { status, body } = await get(server, `/v1/search?name=${name}`);
      expect(status).toBe(200);
      expect(Object.keys(body)).toEqual(['generationtime_ms']);
    }
  });

  it('rejects a count outside 1..100 and a missing name with the real 400 body', async () => {
    const server = await fake();
    for (const count of ['0', '101', '-3']) {
      const { status, body } = await get(server, `/v1/search?name=Berlin&count=${count}`);
      expect(status).toBe(400);
      expect(body).toEqual({ error: true, reason: 'Parameter count must be between 1 and 100.' });
    }
    expect((await get(server, '/v1/search?name=Berlin&count=ten')).status).toBe(400);
    expect((await get(server, '/v1/search')).body).toEqual({ error: true, reason: "Value required for key 'name'." });
  });
});

describe('forecast /v1/forecast', () => {
  const everyHourly =
    'temperature_2m,relative_humidity_2m,dew_point_2m,apparent_temperature,precipitation_probability,precipitation,rain,showers,snowfall,snow_depth,weather_code,pressure_msl,surface_pressure,cloud_cover,visibility,wind_speed_10m,wind_direction_10m,wind_gusts_10m,uv_index,sunshine_duration,is_day';
  const everyDaily =
    'weather_code,temperature_2m_max,temperature_2m_min,apparent_temperature_max,apparent_temperature_min,sunrise,sunset,daylight_duration,sunshine_duration,uv_index_max,precipitation_sum,rain_sum,showers_sum,snowfall_sum,precipitation_hours,precipitation_probability_max,wind_speed_10m_max,wind_gusts_10m_max,wind_direction_10m_dominant';
  const everyCurrent =
    'temperature_2m,relative_humidity_2m,apparent_temperature,is_day,precipitation,rain,showers,snowfall,weather_code,cloud_cover,pressure_msl,surface_pressure,wind_speed_10m,wind_direction_10m,wind_gusts_10m';

  it('answers in the real layout: grid-snapped float32 coordinates, local time axis, columnar blocks with units', async () => {
    const server = await fake();
    const { status, type, body } = await get(
      server,
      `/v1/forecast?latitude=52.52&longitude=13.41&current=${everyCurrent}&hourly=${everyHourly}&daily=${everyDaily}&timezone=auto`,
    );
    expect(status).toBe(200);
    expect(type).toBe('application/json; charset=utf-8');
    expect(Object.keys(body)).toEqual([
      'latitude',
      'longitude',
      'generationtime_ms',
      'utc_offset_seconds',
      'timezone',
      'timezone_abbreviation',
      'elevation',
      'current_units',
      'current',
      'hourly_units',
      'hourly',
      'daily_units',
      'daily',
    ]);
    expect(body).toMatchObject({
      latitude: 52.5,
      longitude: 13.400009,
      utc_offset_seconds: 3600,
      timezone: 'Europe/Berlin',
      elevation: 74,
    });
    expect(body.current).toMatchObject({ time: '2026-11-23T15:00', interval: 900 });
    expect(body.current_units).toMatchObject({
      time: 'iso8601',
      interval: 'seconds',
      temperature_2m: '°C',
      wind_speed_10m: 'km/h',
      weather_code: 'wmo code',
      is_day: '',
    });

    expect(body.hourly.time).toHaveLength(7 * 24);
    expect(body.hourly.time.slice(0, 2)).toEqual(['2026-11-23T00:00', '2026-11-23T01:00']);
    for (const name of everyHourly.split(',')) expect(body.hourly[name]).toHaveLength(7 * 24);
    expect(body.hourly_units).toMatchObject({
      relative_humidity_2m: '%',
      precipitation: 'mm',
      snowfall: 'cm',
      snow_depth: 'm',
      visibility: 'm',
      pressure_msl: 'hPa',
      wind_direction_10m: '°',
      uv_index: '',
      sunshine_duration: 's',
    });
    expect(body.daily.time).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(body.daily_units).toMatchObject({
      sunrise: 'iso8601',
      daylight_duration: 's',
      precipitation_hours: 'h',
      precipitation_probability_max: '%',
    });
  });

  it('serves plausible, self-consistent values', async () => {
    const server = await fake();
    const { body } = await get(
      server,
      `/v1/forecast?latitude=52.52&longitude=13.41&hourly=${everyHourly}&daily=${everyDaily}&timezone=Europe/Berlin&forecast_days=16`,
    );
    const { hourly, daily } = body;
    for (const code of [...hourly.weather_code, ...daily.weather_code]) expect(WMO_CODES.has(code)).toBe(true);
    for (const t of hourly.temperature_2m) expect(t).toBeGreaterThan(-30);
    for (const t of hourly.temperature_2m) expect(t).toBeLessThan(30);
    hourly.relative_humidity_2m.forEach((rh: number, i: number) => {
      expect(rh).toBeGreaterThanOrEqual(0);
      expect(rh).toBeLessThanOrEqual(100);
      expect(hourly.dew_point_2m[i]).toBeLessThanOrEqual(hourly.temperature_2m[i] + 0.1);
      // No precipitation without a precipitation code, and none under a clear sky.
      if (hourly.precipitation[i] > 0) expect(hourly.weather_code[i]).toBeGreaterThanOrEqual(51);
      if (hourly.weather_code[i] <= 3) expect(hourly.precipitation[i]).toBe(0);
      expect(hourly.is_day[i] === 0 ? hourly.uv_index[i] : 0).toBe(0);
    });
    for (let day = 0; day < 16; day += 1) {
      const temperatures = hourly.temperature_2m.slice(day * 24, day * 24 + 24);
      expect(daily.temperature_2m_max[day]).toBe(Math.max(...temperatures));
      expect(daily.temperature_2m_min[day]).toBe(Math.min(...temperatures));
      // Late November to early December in Berlin: sunrise 7:38 to 8:05, sunset about 15:55.
      expect(daily.sunrise[day]).toMatch(new RegExp(`^${daily.time[day]}T(07:[3-5]\\d|08:0\\d)$`));
      expect(daily.sunset[day]).toMatch(new RegExp(`^${daily.time[day]}T(15:[45]\\d|16:0\\d)$`));
      expect(daily.daylight_duration[day]).toBeGreaterThan(7.5 * 3600);
      expect(daily.daylight_duration[day]).toBeLessThan(8.5 * 3600);
    }
    // Deterministic: the same question gets the same answer.
    expect(
      (
        await get(
          server,
          `/v1/forecast?latitude=52.52&longitude=13.41&hourly=${everyHourly}&daily=${everyDaily}&timezone=Europe/Berlin&forecast_days=16`,
        )
      ).body,
    ).toEqual(body);
  });

  it('converts units and reports them as the real API spells them', async () => {
    const server = await fake();
    const query =
      '/v1/forecast?latitude=39.05&longitude=-95.68&hourly=temperature_2m,wind_speed_10m,precipitation,snowfall,visibility&forecast_days=1';
    const metric = (await get(server, query)).body;
    const imperial = (await get(server, `${query}&temperature_unit=fahrenheit&wind_speed_unit=mph&precipitation_unit=inch`)).body;
    expect(imperial.hourly_units).toEqual({
      time: 'iso8601',
      temperature_2m: '°F',
      wind_speed_10m: 'mp/h',
      precipitation: 'inch',
      snowfall: 'inch',
      visibility: 'ft',
    });
    metric.hourly.temperature_2m.forEach((celsius: number, i: number) => {
      expect(imperial.hourly.temperature_2m[i]).toBeCloseTo((celsius * 9) / 5 + 32, 0);
      expect(imperial.hourly.wind_speed_10m[i]).toBeCloseTo(metric.hourly.wind_speed_10m[i] / 1.609344, 0);
    });
    expect((await get(server, `${query}&wind_speed_unit=ms`)).body.hourly_units.wind_speed_10m).toBe('m/s');
    expect((await get(server, `${query}&wind_speed_unit=kn`)).body.hourly_units.wind_speed_10m).toBe('kn');

    const unix = (await get(server, `${query}&timeformat=unixtime&daily=sunrise&timezone=America/Chicago`)).body;
    expect(unix.hourly_units.time).toBe('unixtime');
    // Local midnight in Topeka is 06:00 UTC in November.
    expect(unix.hourly.time[0]).toBe(Date.UTC(2026, 10, 23, 6) / 1000);
    expect(typeof unix.daily.sunrise[0]).toBe('number');
  });

  it('uses GMT unless told otherwise, resolves auto from the nearest place, and falls back to GMT at sea', async () => {
    const server = await fake();
    const plain = (await get(server, '/v1/forecast?latitude=35.69&longitude=139.69&current=temperature_2m')).body;
    expect(plain).toMatchObject({ timezone: 'GMT', timezone_abbreviation: 'GMT', utc_offset_seconds: 0 });
    expect(plain.current.time).toBe('2026-11-23T14:00');
    const tokyo = (await get(server, '/v1/forecast?latitude=35.69&longitude=139.69&current=temperature_2m&timezone=auto')).body;
    expect(tokyo).toMatchObject({ timezone: 'Asia/Tokyo', utc_offset_seconds: 32400 });
    expect(tokyo.current.time).toBe('2026-11-23T23:00');
    const kolkata = (await get(server, '/v1/forecast?latitude=19.07&longitude=72.88&current=temperature_2m&timezone=auto')).body;
    expect(kolkata).toMatchObject({ timezone: 'Asia/Kolkata', utc_offset_seconds: 19800 });
    expect(kolkata.current.time).toBe('2026-11-23T19:30');
    const atSea = (await get(server, '/v1/forecast?latitude=-40&longitude=-140&timezone=auto')).body;
    expect(atSea).toMatchObject({ timezone: 'GMT', utc_offset_seconds: 0 });
  });

  it('honours forecast_days, past_days and forecast_hours', async () => {
    const server = await fake();
    const short = (
      await get(
        server,
        '/v1/forecast?latitude=40.71&longitude=-74.01&daily=weather_code&hourly=temperature_2m&forecast_days=1&past_days=2&timezone=America/New_York',
      )
    ).body;
    expect(short.daily.time).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    expect(short.hourly.time).toHaveLength(72);
    const hours = (
      await get(server, '/v1/forecast?latitude=40.71&longitude=-74.01&hourly=temperature_2m&forecast_hours=5&timezone=America/New_York')
    ).body;
    expect(hours.hourly.time).toEqual(['2026-11-23T09:00', '2026-11-23T10:00', '2026-11-23T11:00', '2026-11-23T12:00', '2026-11-23T13:00']);
    const none = (await get(server, '/v1/forecast?latitude=40.71&longitude=-74.01&daily=weather_code&forecast_days=0')).body;
    expect(none.daily.time).toEqual([]);
  });

  it('rejects bad parameters with HTTP 400 and the real reasons', async () => {
    const server = await fake();
    const cases: [string, string][] = [
      ['latitude=91&longitude=13.41', 'Latitude must be in range of -90 to 90°. Given: 91.0.'],
      ['latitude=52.5&longitude=-181.5', 'Longitude must be in range of -180 to 180°. Given: -181.5.'],
      ['longitude=13.41', "Value of type 'Float' required for key 'latitude'."],
      ['latitude=north&longitude=13.41', "Value of type 'Float' required for key 'latitude'."],
      [
        'latitude=52&longitude=13&hourly=temperature_2m,foo',
        'Cannot initialize WeatherVariable from invalid String value foo for key hourly',
      ],
      [
        'latitude=52&longitude=13&daily=temperature_max',
        'Cannot initialize WeatherVariable from invalid String value temperature_max for key daily',
      ],
      ['latitude=52&longitude=13&current=bar', 'Cannot initialize WeatherVariable from invalid String value bar for key current'],
      ['latitude=52&longitude=13&forecast_days=17', 'Forecast days is invalid. Allowed range 0 to 16. Given 17.'],
      ['latitude=52&longitude=13&past_days=93', 'Past days is invalid. Allowed range 0 to 92. Given 93.'],
      ['latitude=52&longitude=13&forecast_days=seven', "Value of type 'Int' required for key 'forecast_days'."],
      ['latitude=52&longitude=13&timezone=Mars/Olympus_Mons', 'Invalid timezone'],
      [
        'latitude=52&longitude=13&temperature_unit=kelvin',
        'Cannot initialize TemperatureUnit from invalid String value kelvin for key temperature_unit',
      ],
    ];
    for (const [query, reason] of cases) {
      const { status, type, body } = await get(server, `/v1/forecast?${query}`);
      expect({ query, status, type, body }).toEqual({
        query,
        status: 400,
        type: 'application/json; charset=utf-8',
        body: { error: true, reason },
      });
    }
  });

  it('returns a list for several coordinates and answers unknown paths with 404', async () => {
    const server = await fake();
    const { body } = await get(server, '/v1/forecast?latitude=52.52,48.85&longitude=13.41,2.35&current=temperature_2m&timezone=auto');
    expect(body.map((location: Json) => location.timezone)).toEqual(['Europe/Berlin', 'Europe/Paris']);
    expect(await get(server, '/v1/nowhere')).toMatchObject({ status: 404, body: { error: true, reason: 'Not Found' } });
  });
});

describe('archive /v1/archive', () => {
  it('serves past days with ERA5 delay nulls and astronomy still filled in', async () => {
    const server = await fake();
    const { status, body } = await get(
      server,
      '/v1/archive?latitude=52.52&longitude=13.41&start_date=2026-11-15&end_date=2026-11-20&daily=temperature_2m_max,temperature_2m_mean,sunrise,precipitation_sum&hourly=temperature_2m,snow_depth&timezone=Europe/Berlin',
    );
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('current');
    expect(body).toMatchObject({ latitude: 52.5, longitude: 13.5, timezone: 'Europe/Berlin' });
    expect(body.daily.time).toEqual(['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    // Today is the 23rd: the five days before it are not in the reanalysis yet.
    expect(body.daily.temperature_2m_max.slice(0, 3).every((value: unknown) => typeof value === 'number')).toBe(true);
    expect(body.daily.temperature_2m_max.slice(3)).toEqual([null, null, null]);
    expect(body.daily.sunrise.every((value: unknown) => typeof value === 'string')).toBe(true);
    expect(body.hourly.time).toHaveLength(6 * 24);
    expect(body.hourly.temperature_2m.slice(3 * 24)).toEqual(Array(3 * 24).fill(null));
  });

  it('covers history back to 1940 and refuses dates outside it the way the real API does', async () => {
    const server = await fake();
    const old = await get(
      server,
      '/v1/archive?latitude=40.71&longitude=-74.01&start_date=1940-01-01&end_date=1940-01-02&daily=temperature_2m_min',
    );
    expect(old.status).toBe(200);
    expect(old.body.daily.temperature_2m_min).toHaveLength(2);

    const cases: [string, string][] = [
      ['start_date=1939-12-31&end_date=1940-01-05', "Parameter 'start_date' is out of allowed range from 1940-01-01 to 2026-11-23"],
      ['start_date=2026-11-01&end_date=2026-11-24', "Parameter 'end_date' is out of allowed range from 1940-01-01 to 2026-11-23"],
      ['start_date=2026-11-10&end_date=2026-11-01', 'End-date must be larger or equals than start-date'],
      ['', "Both 'start_date' and 'end_date' must be set in the url"],
      ['start_date=2026-11-10', "Parameter 'start_date' and 'end_date' must have the same number of elements"],
      ['start_date=10.11.2026&end_date=2026-11-12', "Invalid date format. Make sure to use 'YYYY-MM-DD'"],
      ['start_date=2026-02-30&end_date=2026-03-02', 'Invalid date'],
      [
        'start_date=2026-11-01&end_date=2026-11-02&daily=uv_index_max',
        'Cannot initialize WeatherVariable from invalid String value uv_index_max for key daily',
      ],
    ];
    for (const [query, reason] of cases) {
      const { status, body } = await get(server, `/v1/archive?latitude=52.52&longitude=13.41&${query}`);
      expect({ query, status, body }).toEqual({ query, status: 400, body: { error: true, reason } });
    }
  });
});

describe('control surface', () => {
  it('plays injected answers once, in order, before the normal behaviour', async () => {
    const server = await fake();
    server.inject('/v1/forecast', openMeteoErrors.rateLimited, openMeteoErrors.serverError);
    const limited = await fetch(`${server.url}/v1/forecast?latitude=1&longitude=1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toEqual({ error: true, reason: 'Minutely API request limit exceeded. Please try again in one minute.' });
    const proxy = await fetch(`${server.url}/v1/forecast?latitude=1&longitude=1`);
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('content-type')).toContain('text/html');
    expect(await proxy.text()).toContain('<center>nginx</center>');
    // The geocoder shares the server but not the forecast's queue.
    expect((await fetch(`${server.url}/v1/search?name=Berlin`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/forecast?latitude=1&longitude=1`)).status).toBe(200);
    expect(server.hits('/v1/forecast')).toBe(3);
  });

  it('keeps an outage up until it is cleared, and can drop connections', async () => {
    const server = await fake();
    server.outage('/v1/archive', openMeteoErrors.serviceUnavailable);
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${server.url}/v1/archive`)).status).toBe(503);
    server.outage('/v1/archive', undefined);
    expect((await fetch(`${server.url}/v1/archive`)).status).toBe(400);
    server.inject('/v1/search', { destroySocket: true });
    await expect(fetch(`${server.url}/v1/search?name=Berlin`)).rejects.toThrow();
  });

  it('adds latency to every answer and records the user agent', async () => {
    const server = await fake({ latencyMs: 120 });
    const before = performance.now();
    await get(server, '/v1/search?name=Tokyo');
    expect(performance.now() - before).toBeGreaterThanOrEqual(110);
    expect(server.requests[0]?.headers['user-agent']).toBe('mcpkit-tests');
    expect(server.requests[0]?.query).toMatchObject({ name: 'Tokyo' });
  });
});
