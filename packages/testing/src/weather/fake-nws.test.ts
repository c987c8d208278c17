import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeNws } from './fake-nws.js';
import { nwsErrors, startFakeNws } from './fake-nws.js';

// Monday 23 November 2026, 14:07 in Topeka (CST, UTC-6).
const AFTERNOON = new Date('2026-11-23T20:07:00Z');

const started: FakeNws[] = [];

async function fake(options: Parameters<typeof startFakeNws>[0] = {}): Promise<FakeNws> {
  const server = await startFakeNws({ now: () => AFTERNOON, ...options });
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Json = any;

const USER_AGENT = { 'user-agent': '(mcpkit tests, ops@example.com)' };

async function get(
  url: string,
  redirect: 'follow' | 'manual' = 'follow',
): Promise<{ status: number; type: string | null; headers: Headers; body: Json }> {
  const response = await fetch(url, { headers: USER_AGENT, redirect });
  const type = response.headers.get('content-type');
  return { status: response.status, type, headers: response.headers, body: await response.json() };
}

function expectProblem(body: Json, status: number, title: string, type: string): void {
  expect(body).toMatchObject({ title, type: `https://api.weather.gov/problems/${type}`, status });
  expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.instance).toBe(`https://api.weather.gov/requests/${body.correlationId}`);
  expect(typeof body.detail).toBe('string');
}

describe('/points', () => {
  it('maps a US point to its office, grid cell and forecast links on the fake', async () => {
    const server = await fake();
    const { status, type, body } = await get(`${server.url}/points/39.0483,-95.678`);
    expect(status).toBe(200);
    expect(type).toBe('application/geo+json');
    expect(body).toMatchObject({
      id: `${server.url}/points/39.0483,-95.678`,
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-95.678, 39.0483] },
    });
    const properties = body.properties;
    expect(properties).toMatchObject({ '@type': 'wx:Point', cwa: 'TOP', gridId: 'TOP', timeZone: 'America/Chicago', radarStation: 'KTWX' });
    const grid = `${server.url}/gridpoints/TOP/${properties.gridX},${properties.gridY}`;
    expect(properties).toMatchObject({
      forecastOffice: `${server.url}/offices/TOP`,
      forecast: `${grid}/forecast`,
      forecastHourly: `${grid}/forecast/hourly`,
      forecastGridData: grid,
      observationStations: `${grid}/stations`,
    });
    expect(properties.forecastZone).toMatch(new RegExp(`^${server.url}/zones/forecast/KSZ\\d{3}$`));
    expect(properties.county).toMatch(new RegExp(`^${server.url}/zones/county/KSC\\d{3}$`));
    expect(properties.fireWeatherZone).toMatch(new RegExp(`^${server.url}/zones/fire/KSZ\\d{3}$`));
    expect(properties.relativeLocation).toMatchObject({
      type: 'Feature',
      properties: { city: 'Topeka', state: 'KS', distance: { unitCode: 'wmoUnit:m' }, bearing: { unitCode: 'wmoUnit:degree_(angle)' } },
    });
    expect(properties.relativeLocation.properties.distance.value).toBeLessThan(100);

    // The link is live: the forecast it names is served.
    const forecast = await get(properties.forecast);
    expect(forecast.status).toBe(200);
    expect(forecast.body.properties.periods).toHaveLength(14);
  });

  it('covers Alaska, Hawaii and Puerto Rico, and nowhere outside the US', async () => {
    const server = await fake();
    const offices: [string, string, string][] = [
      ['61.2181,-149.9003', 'AFC', 'America/Anchorage'],
      ['21.3069,-157.8583', 'HFO', 'Pacific/Honolulu'],
      ['18.4663,-66.1057', 'SJU', 'America/Puerto_Rico'],
      ['47.6062,-122.3321', 'SEW', 'America/Los_Angeles'],
      ['25.7743,-80.1937', 'MFL', 'America/New_York'],
      ['42.3314,-83.0458', 'DTX', 'America/Detroit'],
      ['40.7143,-74.006', 'OKX', 'America/New_York'],
    ];
    for (const [point, office, timeZone] of offices) {
      const { body } = await get(`${server.url}/points/${point}`);
      expect({ point, gridId: body.properties.gridId, timeZone: body.properties.timeZone }).toEqual({ point, gridId: office, timeZone });
    }
    for (const point of ['51.5085,-0.1257', '42.9834,-81.233', '43.6532,-79.3832', '19.4326,-99.1332', '35.6895,139.6917']) {
      const { status, type, body } = await get(`${server.url}/points/${point}`);
      expect(status).toBe(404);
      expect(type).toBe('application/problem+json');
      expectProblem(body, 404, 'Data Unavailable For Requested Point', 'InvalidPoint');
      expect(body.detail).toBe(`Unable to provide data for requested point ${point}`);
    }
  });

  it('redirects to four decimals without trailing zeros, and rejects what is not a coordinate', async () => {
    const server = await fake();
    for (const [asked, normalised] of [
      ['39.04833,-95.67804', '39.0483,-95.678'],
      ['39.0400,-95.6000', '39.04,-95.6'],
      ['40.0,-105.0', '40,-105'],
    ]) {
      const { status, type, headers, body } = await get(`${server.url}/points/${asked}`, 'manual');
      expect(status).toBe(301);
      expect(type).toBe('application/problem+json');
      expect(headers.get('location')).toBe(`${server.url}/points/${normalised}`);
      expectProblem(body, 301, 'Adjusting Precision', 'AdjustingPrecision');
    }
    const followed = await get(`${server.url}/points/39.04833,-95.67804`);
    expect(followed.status).toBe(200);
    expect(followed.body.id).toBe(`${server.url}/points/39.0483,-95.678`);

    for (const point of ['abc', '39.1;-95.6', '91,0', '45,-181']) {
      const { status, body } = await get(`${server.url}/points/${point}`);
      expect(status).toBe(400);
      expectProblem(body, 400, 'Invalid Parameter', 'InvalidParameter');
    }
  });

  it('refuses requests without a User-Agent with 403 problem+json', async () => {
    const server = await fake();
    const { status, type, body } = await new Promise<{ status: number; type: string | undefined; body: Json }>((resolve, reject) => {
      const req = request(`${server.url}/points/39.0483,-95.678`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(type).toBe('application/problem+json');
    expectProblem(body, 403, 'Forbidden', 'Forbidden');
    expect(server.requests[0]?.headers['user-agent']).toBeUndefined();
  });
});

describe('/gridpoints forecasts', () => {
  it('gives fourteen named day and night periods in the office time zone', async () => {
    const server = await fake();
    const { status, type, body } = await get(`${server.url}/gridpoints/TOP/172,176/forecast`);
    expect(status).toBe(200);
    expect(type).toBe('application/geo+json');
    expect(body.geometry.type).toBe('Polygon');
    expect(body.properties).toMatchObject({
      units: 'us',
      forecastGenerator: 'BaselineForecastGenerator',
      generatedAt: '2026-11-23T20:07:00+00:00',
      elevation: { unitCode: 'wmoUnit:m' },
    });
    const periods = body.properties.periods;
    expect(periods.map((period: Json) => period.name).slice(0, 6)).toEqual([
      'This Afternoon',
      'Tonight',
      'Tuesday',
      'Tuesday Night',
      'Wednesday',
      'Wednesday Night',
    ]);
    expect(periods[0]).toMatchObject({
      number: 1,
      startTime: '2026-11-23T14:00:00-06:00',
      endTime: '2026-11-23T18:00:00-06:00',
      isDaytime: true,
    });
    periods.forEach((period: Json, i: number) => {
      expect(period.isDaytime).toBe(i % 2 === 0);
      if (i > 0) expect(period.startTime).toBe(periods[i - 1].endTime);
      expect(period.temperatureUnit).toBe('F');
      expect(Number.isInteger(period.temperature)).toBe(true);
      expect(period.probabilityOfPrecipitation.unitCode).toBe('wmoUnit:percent');
      expect(period.windSpeed).toMatch(/^\d+( to \d+)? mph$/);
      expect(period.windDirection).toMatch(/^(N|NNE|NE|ENE|E|ESE|SE|SSE|S|SSW|SW|WSW|W|WNW|NW|NNW)$/);
      expect(period.icon).toMatch(new RegExp(`^${server.url}/icons/land/(day|night)/[a-z_]+(,\\d+)?\\?size=medium$`));
      expect(period.shortForecast.length).toBeGreaterThan(0);
      expect(period.detailedForecast).toMatch(period.isDaytime ? /with a high near -?\d+\./ : /with a low around -?\d+\./);
    });
    // Highs above the neighbouring lows.
    expect(periods[2].temperature).toBeGreaterThan(periods[1].temperature);
  });

  it('names the small hours "Overnight" and the day after "Today"', async () => {
    const server = await fake({ now: () => new Date('2026-11-23T10:30:00Z') });
    const { body } = await get(`${server.url}/gridpoints/TOP/172,176/forecast`);
    expect(body.properties.periods.slice(0, 4).map((period: Json) => period.name)).toEqual(['Overnight', 'Today', 'Tonight', 'Tuesday']);
  });

  it('gives 156 hourly periods, and SI units on request', async () => {
    const server = await fake();
    const hourly = (await get(`${server.url}/gridpoints/TOP/172,176/forecast/hourly`)).body;
    expect(hourly.properties.forecastGenerator).toBe('HourlyForecastGenerator');
    const periods = hourly.properties.periods;
    expect(periods).toHaveLength(156);
    expect(periods[0]).toMatchObject({
      number: 1,
      name: '',
      startTime: '2026-11-23T14:00:00-06:00',
      endTime: '2026-11-23T15:00:00-06:00',
      detailedForecast: '',
    });
    expect(periods[0].dewpoint.unitCode).toBe('wmoUnit:degC');
    expect(periods[0].relativeHumidity.unitCode).toBe('wmoUnit:percent');
    expect(periods[0].icon).toMatch(/\?size=small$/);

    const si = (await get(`${server.url}/gridpoints/TOP/172,176/forecast/hourly?units=si`)).body;
    expect(si.properties.units).toBe('si');
    expect(si.properties.periods[0].temperatureUnit).toBe('C');
    expect(si.properties.periods[0].windSpeed).toMatch(/^\d+ km\/h$/);
    // Each system rounds its own units, so the two agree to within a degree.
    expect(Math.abs(si.properties.periods[0].temperature - ((periods[0].temperature - 32) * 5) / 9)).toBeLessThanOrEqual(1);
  });

  it('answers unknown grids and bad units with problems', async () => {
    const server = await fake();
    const unknownOffice = await get(`${server.url}/gridpoints/XYZ/10,10/forecast`);
    expect(unknownOffice.status).toBe(404);
    expectProblem(unknownOffice.body, 404, 'Not Found', 'NotFound');
    const offGrid = await get(`${server.url}/gridpoints/TOP/900,900/forecast`);
    expect(offGrid.status).toBe(404);
    expectProblem(offGrid.body, 404, 'Data Unavailable For Requested Point', 'InvalidPoint');
    const units = await get(`${server.url}/gridpoints/TOP/172,176/forecast?units=metric`);
    expect(units.status).toBe(400);
    expectProblem(units.body, 400, 'Bad Request', 'BadRequest');
    expect(units.body.parameterErrors).toEqual([
      { parameter: 'query.units', message: 'Does not have a value in the enumeration ["us","si"]' },
    ]);
  });
});

describe('/alerts/active', () => {
  it('lists a state’s alerts as full CAP features, and none for a quiet state', async () => {
    const server = await fake();
    const { status, type, body } = await get(`${server.url}/alerts/active?area=KS`);
    expect(status).toBe(200);
    expect(type).toBe('application/geo+json');
    expect(body).toMatchObject({
      type: 'FeatureCollection',
      title: 'Current watches, warnings, and advisories for Kansas',
      updated: '2026-11-23T20:07:00+00:00',
    });
    expect(body.features.map((feature: Json) => feature.properties.event)).toEqual(['Wind Advisory', 'Winter Storm Warning']);
    const warning = body.features[1];
    expect(warning).toMatchObject({ type: 'Feature', geometry: null });
    expect(warning.id).toBe(`${server.url}/alerts/${warning.properties.id}`);
    expect(warning.properties.id).toMatch(/^urn:oid:2\.49\.0\.1\.840\.0\.[0-9a-f]{40}\.001\.1$/);
    expect(warning.properties).toMatchObject({
      '@type': 'wx:Alert',
      areaDesc: 'Jackson; Jefferson; Shawnee; Douglas; Osage',
      status: 'Actual',
      messageType: 'Alert',
      category: 'Met',
      severity: 'Moderate',
      certainty: 'Likely',
      urgency: 'Expected',
      sender: 'w-nws.webmaster@noaa.gov',
      senderName: 'NWS Topeka KS',
      response: 'Prepare',
      references: [],
    });
    expect(warning.properties.geocode.UGC).toContain('KSZ026');
    expect(warning.properties.geocode.SAME.every((code: string) => /^020\d{3}$/.test(code))).toBe(true);
    expect(warning.properties.affectedZones[0]).toBe(`${server.url}/zones/forecast/KSZ024`);
    for (const key of ['sent', 'effective', 'onset', 'expires', 'ends'])
      expect(warning.properties[key]).toMatch(/^2026-11-2\dT\d\d:\d\d:00-06:00$/);
    expect(warning.properties.headline).toMatch(
      /^Winter Storm Warning issued November 23 at \d{1,2}:\d\d[AP]M CST until November 2\d at \d{1,2}:\d\d[AP]M CST by NWS Topeka KS$/,
    );
    expect(warning.properties.parameters.VTEC[0]).toMatch(/^\/O\.NEW\.KTOP\.WS\.W\.\d{4}\.\d{6}T\d{4}Z-\d{6}T\d{4}Z\/$/);
    expect(warning.properties.parameters.AWIPSidentifier).toEqual(['WSWTOP']);

    for (const [area, count] of [
      ['FL', 1],
      ['AK', 1],
      ['NV', 0],
    ] as const) {
      expect((await get(`${server.url}/alerts/active?area=${area}`)).body.features).toHaveLength(count);
    }
    expect((await get(`${server.url}/alerts/active?area=NV`)).body.title).toBe('Current watches, warnings, and advisories for Nevada');
    expect((await get(`${server.url}/alerts/active`)).body.features).toHaveLength(4);
    expect((await get(`${server.url}/alerts/active?severity=Minor`)).body.features).toHaveLength(1);
  });

  it('finds alerts by point inside their area, and serves each alert by id', async () => {
    const server = await fake();
    const topeka = (await get(`${server.url}/alerts/active?point=39.0483,-95.678`)).body;
    expect(topeka.title).toBe('Current watches, warnings, and advisories for 39.0483 N, 95.678 W');
    expect(topeka.features.map((feature: Json) => feature.properties.event)).toEqual(['Winter Storm Warning']);
    expect((await get(`${server.url}/alerts/active?point=25.7743,-80.1937`)).body.features[0].properties.event).toBe(
      'Rip Current Statement',
    );
    expect((await get(`${server.url}/alerts/active?point=36.17,-115.14`)).body.features).toEqual([]);
    const one = await get(topeka.features[0].id);
    expect(one.status).toBe(200);
    expect(one.body.properties.id).toBe(topeka.features[0].properties.id);
  });

  it('rejects unknown areas, malformed or foreign points and unknown parameters', async () => {
    const server = await fake();
    const area = await get(`${server.url}/alerts/active?area=XX`);
    expect(area.status).toBe(400);
    expect(area.type).toBe('application/problem+json');
    expectProblem(area.body, 400, 'Bad Request', 'BadRequest');
    expect(area.body.parameterErrors[0].parameter).toBe('query.area[0]');
    expect(area.body.parameterErrors[0].message).toMatch(/^Does not have a value in the enumeration \["AL","AK",/);
    const malformed = await get(`${server.url}/alerts/active?point=somewhere`);
    expect(malformed.body.parameterErrors[0].parameter).toBe('query.point');
    const foreign = await get(`${server.url}/alerts/active?point=51.5,-0.12`);
    expect(foreign.status).toBe(400);
    expectProblem(foreign.body, 400, 'Invalid Parameter', 'InvalidParameter');
    const limit = await get(`${server.url}/alerts/active?limit=5`);
    expect(limit.body.parameterErrors).toEqual([{ parameter: 'query.limit', message: 'Query parameter "limit" is not recognized' }]);
  });

  it('replaces its alerts on setAlerts and lets them expire with the clock', async () => {
    let now = AFTERNOON;
    const server = await fake({ now: () => now });
    server.setAlerts([
      {
        event: 'Tornado Warning',
        areas: ['OK'],
        box: { south: 35, west: -98, north: 36, east: -97 },
        severity: 'Extreme',
        urgency: 'Immediate',
        onsetInMinutes: -5,
        durationMinutes: 45,
      },
    ]);
    expect((await get(`${server.url}/alerts/active?area=KS`)).body.features).toEqual([]);
    const tornado = (await get(`${server.url}/alerts/active?point=35.4676,-97.5164`)).body.features;
    expect(tornado).toHaveLength(1);
    expect(tornado[0].properties).toMatchObject({
      severity: 'Extreme',
      senderName: 'NWS Norman OK',
      eventCode: { SAME: ['TOR'], NationalWeatherService: ['TOR'] },
    });
    now = new Date(AFTERNOON.getTime() + 60 * 60_000);
    expect((await get(`${server.url}/alerts/active?area=OK`)).body.features).toEqual([]);
  });
});

describe('control surface', () => {
  it('plays injected failures once, then serves normally', async () => {
    const server = await fake();
    server.inject('/gridpoints', nwsErrors.unexpected, nwsErrors.rateLimited);
    const unexpected = await get(`${server.url}/gridpoints/TOP/172,176/forecast`);
    expect(unexpected.status).toBe(500);
    expect(unexpected.type).toBe('application/problem+json');
    expect(unexpected.body).toMatchObject({
      title: 'Unexpected Problem',
      type: 'https://api.weather.gov/problems/UnexpectedProblem',
      status: 500,
      detail: 'An unexpected problem has occurred.',
    });
    const limited = await get(`${server.url}/gridpoints/TOP/172,176/forecast`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    expect((await get(`${server.url}/gridpoints/TOP/172,176/forecast`)).status).toBe(200);
  });

  it('holds an outage until cleared and adds latency everywhere', async () => {
    const server = await fake({ latencyMs: 100 });
    server.outage('/gridpoints', nwsErrors.gridExpired);
    const expired = await get(`${server.url}/gridpoints/TOP/172,176/forecast/hourly`);
    expect(expired.status).toBe(503);
    expect(expired.body.title).toBe('Forecast Grid Expired');
    expect((await get(`${server.url}/points/39.0483,-95.678`)).status).toBe(200);
    server.outage('/gridpoints', undefined);
    const before = performance.now();
    expect((await get(`${server.url}/gridpoints/TOP/172,176/forecast/hourly`)).status).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(90);
    expect(server.hits('/gridpoints')).toBe(2);
  });
});
