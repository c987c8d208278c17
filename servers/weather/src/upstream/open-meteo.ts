import type { UpstreamClient } from '@mcpkit/core/upstream';
import { z } from 'zod';
import { openMeteoUnits, type UnitSystem } from '../weather/units.js';
import { type Freshness, freshnessOf, parseUpstream } from './freshness.js';

const cell = z.union([z.number(), z.string(), z.null()]);
/** Open-Meteo's columnar block: `time[]` and one array per variable. */
const series = z.looseObject({ time: z.array(z.union([z.string(), z.number()])) }).catchall(z.array(cell));

const forecastBody = z.looseObject({
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().optional(),
  timezone: z.string(),
  timezone_abbreviation: z.string().optional(),
  utc_offset_seconds: z.number(),
  current_units: z.record(z.string(), z.string()).optional(),
  current: z.record(z.string(), cell).optional(),
  hourly_units: z.record(z.string(), z.string()).optional(),
  hourly: series.optional(),
  daily_units: z.record(z.string(), z.string()).optional(),
  daily: series.optional(),
});
export type OpenMeteoData = z.infer<typeof forecastBody>;
export type OpenMeteoSeries = NonNullable<OpenMeteoData['hourly']>;

const geocodingResult = z.looseObject({
  id: z.number(),
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().optional(),
  feature_code: z.string().optional(),
  country_code: z.string().optional(),
  country: z.string().optional(),
  admin1: z.string().optional(),
  admin2: z.string().optional(),
  admin3: z.string().optional(),
  admin4: z.string().optional(),
  timezone: z.string().optional(),
  population: z.number().optional(),
  postcodes: z.array(z.string()).optional(),
});
// No match is `{ generationtime_ms }` with no `results` key at all.
const geocodingBody = z.looseObject({ results: z.array(geocodingResult).optional() });
export type GeocodingResult = z.infer<typeof geocodingResult>;

export interface Ttls {
  forecastMs: number;
  geocodingMs: number;
  historyMs: number;
}

interface PointQuery {
  latitude: number;
  longitude: number;
  units: UnitSystem;
  timezone: string;
  hourly?: readonly string[];
  daily?: readonly string[];
}

export interface ForecastQuery extends PointQuery {
  current?: readonly string[];
  forecastDays?: number;
  forecastHours?: number;
  pastDays?: number;
}

export interface ArchiveQuery extends PointQuery {
  startDate: string;
  endDate: string;
}

export interface OpenMeteoAnswer {
  data: OpenMeteoData;
  freshness: Freshness;
}

/** Forecast, archive and geocoding calls on Open-Meteo, with their cache lifetimes. */
export interface OpenMeteoApi {
  search(
    query: { name: string; count: number; countryCode?: string; language: string },
    signal: AbortSignal,
  ): Promise<{ results: GeocodingResult[]; freshness: Freshness }>;
  forecast(query: ForecastQuery, signal: AbortSignal): Promise<OpenMeteoAnswer>;
  archive(query: ArchiveQuery, signal: AbortSignal, ttlMs: number): Promise<OpenMeteoAnswer>;
}

export function createOpenMeteoApi(
  clients: { forecast: UpstreamClient; archive: UpstreamClient; geocoding: UpstreamClient },
  ttl: Ttls,
): OpenMeteoApi {
  const get = async <T>(
    client: UpstreamClient,
    path: string,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal,
    ttlMs: number,
    schema: z.ZodType<T>,
  ) => {
    const response = await client.request<T>({
      path,
      query,
      signal,
      ttlMs,
      headers: { accept: 'application/json' },
      // Checked before it is cached, so one broken answer is not served for days.
      validate: (body) => parseUpstream(client.name, schema, body),
    });
    return { body: response.body, freshness: freshnessOf(client.name, response) };
  };

  const pointQuery = (query: PointQuery) => ({
    // Four decimals is 11 m: finer changes no answer, and equal points then share a cache entry.
    latitude: round4(query.latitude),
    longitude: round4(query.longitude),
    hourly: join(query.hourly),
    daily: join(query.daily),
    timezone: query.timezone,
    ...openMeteoUnits(query.units),
  });

  return {
    async search({ name, count, countryCode, language }, signal) {
      const { body, freshness } = await get(
        clients.geocoding,
        '/search',
        { name, count, language, format: 'json', countryCode },
        signal,
        ttl.geocodingMs,
        geocodingBody,
      );
      return { results: body.results ?? [], freshness };
    },
    async forecast(query, signal) {
      const { body, freshness } = await get(
        clients.forecast,
        '/forecast',
        {
          ...pointQuery(query),
          current: join(query.current),
          forecast_days: query.forecastDays,
          forecast_hours: query.forecastHours,
          past_days: query.pastDays,
        },
        signal,
        ttl.forecastMs,
        forecastBody,
      );
      return { data: body, freshness };
    },
    async archive(query, signal, ttlMs) {
      const { body, freshness } = await get(
        clients.archive,
        '/archive',
        { ...pointQuery(query), start_date: query.startDate, end_date: query.endDate },
        signal,
        ttlMs,
        forecastBody,
      );
      return { data: body, freshness };
    },
  };
}

function join(list: readonly string[] | undefined): string | undefined {
  return list && list.length > 0 ? list.join(',') : undefined;
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
