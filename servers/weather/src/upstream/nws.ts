import { invalidInput, notFound } from '@mcpkit/core';
import type { UpstreamClient } from '@mcpkit/core/upstream';
import { z } from 'zod';
import { type Freshness, freshnessOf, parseUpstream } from './freshness.js';

const pointBody = z.looseObject({
  properties: z.looseObject({
    gridId: z.string(),
    gridX: z.number(),
    gridY: z.number(),
    forecast: z.string(),
    forecastHourly: z.string(),
    timeZone: z.string().optional(),
    relativeLocation: z
      .looseObject({ properties: z.looseObject({ city: z.string().optional(), state: z.string().optional() }) })
      .optional(),
  }),
});

const nullableNumber = z.looseObject({ value: z.number().nullable().optional() }).nullable().optional();
const periodSchema = z.looseObject({
  number: z.number(),
  name: z.string().optional().default(''),
  startTime: z.string(),
  endTime: z.string(),
  isDaytime: z.boolean(),
  temperature: z.number().nullable(),
  temperatureUnit: z.string(),
  probabilityOfPrecipitation: nullableNumber,
  relativeHumidity: nullableNumber,
  windSpeed: z.string().nullable().optional(),
  windDirection: z.string().nullable().optional(),
  shortForecast: z.string(),
  detailedForecast: z.string().optional().default(''),
});
const forecastBody = z.looseObject({
  properties: z.looseObject({
    updateTime: z.string().optional(),
    generatedAt: z.string().optional(),
    periods: z.array(periodSchema),
  }),
});
export type NwsPeriod = z.infer<typeof periodSchema>;

const alertProperties = z.looseObject({
  id: z.string(),
  event: z.string(),
  severity: z.string(),
  urgency: z.string(),
  certainty: z.string(),
  headline: z.string().nullable().optional(),
  areaDesc: z.string(),
  sent: z.string().optional(),
  effective: z.string().optional(),
  onset: z.string().nullable().optional(),
  expires: z.string().nullable().optional(),
  ends: z.string().nullable().optional(),
  status: z.string().optional(),
  messageType: z.string().optional(),
  senderName: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  instruction: z.string().nullable().optional(),
  response: z.string().nullable().optional(),
});
const alertsBody = z.looseObject({
  features: z.array(z.looseObject({ properties: alertProperties })),
  title: z.string().optional(),
  updated: z.string().optional(),
});
export type NwsAlert = z.infer<typeof alertProperties>;

/** The forecast office grid a point falls in, and where its forecasts are. */
export interface NwsPoint {
  gridId: string;
  gridX: number;
  gridY: number;
  forecastPath: string;
  forecastHourlyPath: string;
  city?: string;
  state?: string;
  timeZone?: string;
}

export interface NwsTtls {
  forecastMs: number;
  alertsMs: number;
  /** A point's grid changes only when the NWS redraws its grids. */
  pointMs: number;
  alertsStaleMs: number;
}

export interface NwsApi {
  point(latitude: number, longitude: number, signal: AbortSignal): Promise<{ point: NwsPoint; freshness: Freshness }>;
  forecast(
    point: NwsPoint,
    options: { hourly: boolean; units: 'us' | 'si' },
    signal: AbortSignal,
  ): Promise<{
    periods: NwsPeriod[];
    updated: string | undefined;
    freshness: Freshness;
  }>;
  alerts(
    area: { state: string } | { latitude: number; longitude: number },
    signal: AbortSignal,
  ): Promise<{
    alerts: NwsAlert[];
    title: string | undefined;
    freshness: Freshness;
  }>;
}

const GEOJSON = { accept: 'application/geo+json' };

/** The National Weather Service API (api.weather.gov): points, forecasts, active alerts. */
export function createNwsApi(client: UpstreamClient, ttl: NwsTtls): NwsApi {
  return {
    async point(latitude, longitude, signal) {
      // The NWS redirects a point with more than four decimals or trailing zeros; String()
      // of a rounded number has neither, so the first request is already the final one.
      const where = `${pointCoordinate(latitude)},${pointCoordinate(longitude)}`;
      const response = await client.request({
        path: `/points/${where}`,
        headers: GEOJSON,
        signal,
        ttlMs: ttl.pointMs,
        acceptStatus: [404],
        validate: (body) => parseUpstream(client.name, pointBody, body),
      });
      if (response.status === 404) {
        throw notFound(
          `The National Weather Service has no forecast for ${where}: it covers only the United States and its territories. Use get_forecast (Open-Meteo) for places elsewhere.`,
          { details: { upstream: client.name, status: 404 } },
        );
      }
      const { properties } = response.body as z.infer<typeof pointBody>;
      const relative = properties.relativeLocation?.properties;
      return {
        point: {
          gridId: properties.gridId,
          gridX: properties.gridX,
          gridY: properties.gridY,
          forecastPath: pathOf(properties.forecast),
          forecastHourlyPath: pathOf(properties.forecastHourly),
          ...(relative?.city !== undefined && { city: relative.city }),
          ...(relative?.state !== undefined && { state: relative.state }),
          ...(properties.timeZone !== undefined && { timeZone: properties.timeZone }),
        },
        freshness: freshnessOf(client.name, response),
      };
    },

    async forecast(point, { hourly, units }, signal) {
      const response = await client.request({
        path: hourly ? point.forecastHourlyPath : point.forecastPath,
        query: { units },
        headers: GEOJSON,
        signal,
        ttlMs: ttl.forecastMs,
        validate: (body) => parseUpstream(client.name, forecastBody, body),
      });
      const { properties } = response.body as z.infer<typeof forecastBody>;
      return {
        periods: properties.periods,
        updated: properties.updateTime ?? properties.generatedAt,
        freshness: freshnessOf(client.name, response),
      };
    },

    async alerts(area, signal) {
      const where =
        'state' in area ? { area: area.state } : { point: `${pointCoordinate(area.latitude)},${pointCoordinate(area.longitude)}` };
      const response = await client.request({
        path: '/alerts/active',
        // Real alerts and their updates only: the feed also carries test and exercise
        // messages ("THIS IS A TEST" tsunami warnings) and cancellations.
        query: { ...where, status: 'actual', message_type: 'alert,update' },
        headers: GEOJSON,
        signal,
        ttlMs: ttl.alertsMs,
        // An old alert list can miss a new warning: give it only briefly when the NWS is down.
        staleIfErrorMs: ttl.alertsStaleMs,
        // A point outside its area is refused with 400 (or 404): said plainly below.
        acceptStatus: 'point' in where ? [400, 404] : [],
        validate: (body) => parseUpstream(client.name, alertsBody, body),
      });
      if (response.status !== 200 && 'point' in where) {
        throw invalidInput(
          `The National Weather Service has no alerts for ${where.point}: it covers only the United States and its territories.`,
          { details: { upstream: client.name, status: response.status } },
        );
      }
      const body = response.body as z.infer<typeof alertsBody>;
      const alerts = body.features
        .map((feature) => feature.properties)
        .filter((alert) => (alert.status ?? 'Actual') === 'Actual' && alert.messageType !== 'Cancel');
      return { alerts, title: body.title, freshness: freshnessOf(client.name, response) };
    },
  };
}

function pointCoordinate(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * The path of a URL the NWS handed back. Requests go to the configured base rather than the
 * host in the link, so a proxy or mirror set as the base URL keeps serving the follow-ups.
 */
function pathOf(link: string): string {
  try {
    return new URL(link).pathname;
  } catch {
    return link;
  }
}
