import { randomUUID } from 'node:crypto';
import type { FakeResponse, RecordedRequest } from '../fake-upstream.js';
import type { FakeApi, FakeApiOptions } from './fake-api.js';
import { startFakeApi } from './fake-api.js';
import { bearingDegrees, distanceMetres, nearestPlace } from './gazetteer.js';
import type { AlertQuery, FakeAlert } from './nws-alerts.js';
import { ALERT_AREAS, activeAlerts, DEFAULT_ALERTS, matchesQuery } from './nws-alerts.js';
import type { ForecastUnits } from './nws-forecast.js';
import { forecastFeature } from './nws-forecast.js';
import type { GridCell } from './nws-grid.js';
import { coverageOf, gridCell, gridCellAt, zonesOf } from './nws-grid.js';
import { terrainElevation } from './synthetic-weather.js';

/**
 * A fake api.weather.gov on 127.0.0.1: `/points/{lat},{lon}`, the 12-hour and hourly forecasts
 * under `/gridpoints/{wfo}/{x},{y}`, and `/alerts/active` (by `area`, `point`, `zone`, …), with
 * the real content types (GeoJSON, problem+json), the precision redirect, the refusal of
 * requests without a User-Agent, and links that point back at the fake.
 */

export interface FakeNws extends FakeApi {
  /** Replaces the alerts the fake reports (it starts with `DEFAULT_ALERTS`). */
  setAlerts(alerts: FakeAlert[]): void;
}

const GEO_JSON = { 'content-type': 'application/geo+json' };
const PROBLEM_JSON = 'application/problem+json';
const PROBLEMS = 'https://api.weather.gov/problems';
const POINT_PATTERN = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/;
const ALERT_PARAMETERS = new Set([
  'area',
  'point',
  'region',
  'region_type',
  'zone',
  'status',
  'message_type',
  'event',
  'code',
  'urgency',
  'severity',
  'certainty',
]);

interface ProblemOptions {
  /** @default a fresh UUID, as every real answer carries */
  correlationId?: string;
  parameterErrors?: { parameter: string; message: string }[];
  headers?: Record<string, string>;
}

/** An RFC 7807 problem document the way api.weather.gov writes them. */
function problem(status: number, title: string, type: string, detail: string, options: ProblemOptions = {}): FakeResponse {
  const { correlationId = randomUUID(), parameterErrors, headers = {} } = options;
  return {
    status,
    headers: { 'content-type': PROBLEM_JSON, ...headers },
    json: {
      correlationId,
      ...(parameterErrors ? { parameterErrors } : {}),
      title,
      type: `${PROBLEMS}/${type}`,
      status,
      detail,
      instance: `https://api.weather.gov/requests/${correlationId}`,
    },
  };
}

function badRequest(parameter: string, message: string): FakeResponse {
  return problem(400, 'Bad Request', 'BadRequest', 'Bad Request', { parameterErrors: [{ parameter, message }] });
}

const notFound = (path: string) => problem(404, 'Not Found', 'NotFound', `'${path}' is not a valid resource path`);

/** Ready-made failures as api.weather.gov and its CDN send them, for `inject` and `outage`. */
export const nwsErrors = {
  /** HTTP 500, the API's catch-all. */
  unexpected: problem(500, 'Unexpected Problem', 'UnexpectedProblem', 'An unexpected problem has occurred.', {
    correlationId: 'c56cf3e1-7b55-4b4a-a3f4-0b4e1a3f9c21',
  }),
  /** HTTP 503: the office's forecast grid is stale, so the forecast endpoints refuse to serve it. */
  gridExpired: problem(
    503,
    'Forecast Grid Expired',
    'ForecastGridExpired',
    'The requested forecast grid was issued 2026-11-20T02:50:40+00:00 and has expired.',
    { correlationId: 'ba8277d6-de87-41fd-9ce5-dfb1868c1ced' },
  ),
  /** HTTP 503: the backend behind an endpoint is down. */
  unavailable: problem(
    503,
    'Unavailable Resource',
    'UnavailableWebService',
    'The resource you requested is currently unavailable.  Please try again later.',
    { correlationId: '574b53f3-6f15-4a17-9008-08627ceb80f0' },
  ),
  /** HTTP 429 with Retry-After. */
  rateLimited: problem(429, 'Too Many Requests', 'TooManyRequests', 'Rate limit exceeded. Please wait before making more requests.', {
    correlationId: '3f0c9d2e-8a41-4c6b-9e57-2d1b6a8f4e30',
    headers: { 'retry-after': '5' },
  }),
  /** HTTP 403 from the CDN in front of the API (an HTML page, not a problem document). */
  accessDenied: {
    status: 403,
    html: '<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \nYou don\'t have permission to access "http&#58;&#47;&#47;api&#46;weather&#46;gov&#47;" on this server.<P>\nReference&#32;&#35;18&#46;9632c717&#46;1612481418&#46;150882fd\n</BODY>\n</HTML>\n',
  },
} as const satisfies Record<string, FakeResponse>;

/** Starts the fake; `options.now` sets the clock forecasts start from and alerts are timed against. */
export async function startFakeNws(options: FakeApiOptions = {}): Promise<FakeNws> {
  const clock = options.now ?? (() => new Date());
  let alerts: FakeAlert[] = [...DEFAULT_ALERTS];
  let alertsSetAt = clock().getTime();
  let base = '';
  const api = await startFakeApi((request, now) => route(request, now.getTime()), options);
  base = api.url;

  function route(request: RecordedRequest, nowMs: number): FakeResponse {
    if (!request.headers['user-agent']) {
      return problem(
        403,
        'Forbidden',
        'Forbidden',
        'Access denied: requests must send a User-Agent header that identifies the application.',
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(request.path);
    let path: string;
    try {
      path = decodeURIComponent(request.path);
    } catch {
      return notFound(request.path);
    }
    if (path === '/') return { json: { status: 'OK' }, headers: { 'content-type': 'application/json' } };
    const point = /^\/points\/([^/]+)$/.exec(path);
    if (point) return points(point[1] ?? '');
    const grid = /^\/gridpoints\/([A-Z]{3})\/(\d+),(\d+)\/forecast(\/hourly)?$/.exec(path);
    if (grid) return forecast(path, request.searchParams, grid, nowMs);
    if (path === '/alerts/active') return alertList(request.searchParams, nowMs);
    const byArea = /^\/alerts\/active\/area\/([A-Z]{2})$/.exec(path);
    if (byArea) return alertList(new URLSearchParams({ area: byArea[1] ?? '' }), nowMs);
    const single = /^\/alerts\/(urn:oid:[\w.]+)$/.exec(path);
    if (single) return oneAlert(single[1] ?? '', nowMs);
    return notFound(path);
  }

  function points(raw: string): FakeResponse {
    const match = POINT_PATTERN.exec(raw);
    const latitude = Number(match?.[1]);
    const longitude = Number(match?.[2]);
    if (!match || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return problem(
        400,
        'Invalid Parameter',
        'InvalidParameter',
        `Parameter "point" is invalid: '${raw}' does not appear to be a valid coordinate`,
      );
    }
    const normalised = `${Number(latitude.toFixed(4))},${Number(longitude.toFixed(4))}`;
    if (normalised !== raw) {
      return problem(
        301,
        'Adjusting Precision',
        'AdjustingPrecision',
        'The precision of latitude/longitude points is limited to 4 decimal digits for efficiency. The location attribute contains your request mapped to the nearest supported point. If your client supports it, you will be redirected.',
        { headers: { location: `${base}/points/${normalised}` } },
      );
    }
    const cell = gridCellAt(latitude, longitude);
    if (!cell)
      return problem(404, 'Data Unavailable For Requested Point', 'InvalidPoint', `Unable to provide data for requested point ${raw}`);
    return { json: pointFeature(raw, latitude, longitude, cell), headers: GEO_JSON };
  }

  function pointFeature(raw: string, latitude: number, longitude: number, cell: GridCell): Record<string, unknown> {
    const { office, x, y } = cell;
    const grid = `${base}/gridpoints/${office.id}/${x},${y}`;
    const zones = zonesOf(cell);
    const near = nearestPlace(latitude, longitude, (place) => place.usState !== undefined);
    const relativeLocation = near && {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [near.place.longitude, near.place.latitude] },
      properties: {
        city: near.place.name,
        state: near.place.usState,
        distance: { unitCode: 'wmoUnit:m', value: distanceMetres(near.place.latitude, near.place.longitude, latitude, longitude) },
        bearing: {
          unitCode: 'wmoUnit:degree_(angle)',
          value: bearingDegrees(near.place.latitude, near.place.longitude, latitude, longitude),
        },
      },
    };
    return {
      '@context': [
        'https://geojson.org/geojson-ld/geojson-context.jsonld',
        {
          '@version': '1.1',
          wx: 'https://api.weather.gov/ontology#',
          s: 'https://schema.org/',
          geo: 'http://www.opengis.net/ont/geosparql#',
          unit: 'http://codes.wmo.int/common/unit/',
          '@vocab': 'https://api.weather.gov/ontology#',
        },
      ],
      id: `${base}/points/${raw}`,
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [longitude, latitude] },
      properties: {
        '@id': `${base}/points/${raw}`,
        '@type': 'wx:Point',
        cwa: office.id,
        forecastOffice: `${base}/offices/${office.id}`,
        gridId: office.id,
        gridX: x,
        gridY: y,
        forecast: `${grid}/forecast`,
        forecastHourly: `${grid}/forecast/hourly`,
        forecastGridData: grid,
        observationStations: `${grid}/stations`,
        relativeLocation,
        forecastZone: `${base}/zones/forecast/${zones.forecastZone}`,
        county: `${base}/zones/county/${zones.county}`,
        fireWeatherZone: `${base}/zones/fire/${zones.fireZone}`,
        timeZone: office.timeZone,
        radarStation: office.radarStation,
      },
    };
  }

  function forecast(path: string, query: URLSearchParams, match: RegExpExecArray, nowMs: number): FakeResponse {
    const units = query.get('units') ?? 'us';
    if (units !== 'us' && units !== 'si') return badRequest('query.units', 'Does not have a value in the enumeration ["us","si"]');
    const [, officeId = '', x = '0', y = '0', hourly] = match;
    const cell = gridCell(officeId, Number(x), Number(y));
    if (!cell) {
      return gridCell(officeId, 1, 1)
        ? problem(
            404,
            'Data Unavailable For Requested Point',
            'InvalidPoint',
            `Unable to provide data for requested point ${officeId}/${x},${y}`,
          )
        : notFound(path);
    }
    const near = nearestPlace(cell.latitude, cell.longitude);
    const elevation = near && near.metres < 15_000 ? near.place.elevation : terrainElevation(cell.latitude, cell.longitude);
    const context = { base, cell, elevation, timeZone: cell.office.timeZone, units: units as ForecastUnits, nowMs };
    return { json: forecastFeature(context, hourly !== undefined), headers: GEO_JSON };
  }

  function alertList(query: URLSearchParams, nowMs: number): FakeResponse {
    for (const key of query.keys()) {
      if (!ALERT_PARAMETERS.has(key)) return badRequest(`query.${key}`, `Query parameter "${key}" is not recognized`);
    }
    const list = (key: string) =>
      query
        .get(key)
        ?.split(',')
        .filter((item) => item !== '') ?? [];
    const areas = list('area');
    const badArea = areas.findIndex((area) => !ALERT_AREAS.has(area));
    if (badArea >= 0) {
      return badRequest(`query.area[${badArea}]`, `Does not have a value in the enumeration ${JSON.stringify([...ALERT_AREAS.keys()])}`);
    }
    let at: { latitude: number; longitude: number } | undefined;
    const pointText = query.get('point');
    if (pointText !== null) {
      const match = POINT_PATTERN.exec(pointText);
      if (!match) return badRequest('query.point', `Does not match pattern '${POINT_PATTERN.source}'`);
      at = { latitude: Number(match[1]), longitude: Number(match[2]) };
      if (!coverageOf(at.latitude, at.longitude)) {
        return problem(
          400,
          'Invalid Parameter',
          'InvalidParameter',
          `Parameter "point" is invalid: '${pointText}' is outside the area the National Weather Service serves`,
        );
      }
    }
    const properties = Object.fromEntries(
      [
        ['status', 'status'],
        ['message_type', 'messageType'],
        ['event', 'event'],
        ['urgency', 'urgency'],
        ['severity', 'severity'],
        ['certainty', 'certainty'],
      ].map(([parameter = '', property = '']) => [property, list(parameter)]),
    );
    const wanted: AlertQuery = { areas, point: at, zones: list('zone'), properties };
    const features = activeAlerts(alerts, alertsSetAt, base, nowMs)
      .filter((active) => matchesQuery(active, wanted))
      .map(({ feature }) => feature);
    const where =
      areas.length === 1
        ? ` for ${ALERT_AREAS.get(areas[0] ?? '')?.name}`
        : at
          ? ` for ${Math.abs(at.latitude)} ${at.latitude < 0 ? 'S' : 'N'}, ${Math.abs(at.longitude)} ${at.longitude < 0 ? 'W' : 'E'}`
          : '';
    return {
      json: {
        '@context': [
          'https://geojson.org/geojson-ld/geojson-context.jsonld',
          { '@version': '1.1', wx: 'https://api.weather.gov/ontology#', '@vocab': 'https://api.weather.gov/ontology#' },
        ],
        type: 'FeatureCollection',
        features,
        title: `Current watches, warnings, and advisories${where}`,
        updated: `${new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString().slice(0, 19)}+00:00`,
      },
      headers: GEO_JSON,
    };
  }

  function oneAlert(id: string, nowMs: number): FakeResponse {
    const found = activeAlerts(alerts, alertsSetAt, base, nowMs).find(({ feature }) => (feature.properties as { id: string }).id === id);
    if (!found) return problem(404, 'Not Found', 'NotFound', `Alert with identifier "${id}" not found`);
    return {
      json: { '@context': ['https://geojson.org/geojson-ld/geojson-context.jsonld', { '@version': '1.1' }], ...found.feature },
      headers: GEO_JSON,
    };
  }

  return {
    ...api,
    setAlerts: (next) => {
      alerts = [...next];
      alertsSetAt = clock().getTime();
    },
  };
}
