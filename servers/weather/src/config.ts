import type { ConfigSpec } from '@mcpkit/core';
import { z } from 'zod';
import { unitSystemSchema } from './weather/units.js';

const baseUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);
/** A cache lifetime in seconds; 0 turns caching off for that kind of data. */
const ttlSeconds = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(fallback);

/** The weather server's own options, next to core's. */
export const weatherOptions = {
  units: {
    schema: unitSystemSchema.default('metric'),
    flag: 'units',
    env: 'WEATHER_UNITS',
    description: 'Default units when a call names none: metric (°C, km/h, mm) or imperial (°F, mph, inch).',
  },
  openMeteoUrl: {
    schema: baseUrl('https://api.open-meteo.com/v1'),
    flag: 'open-meteo-url',
    env: 'OPEN_METEO_URL',
    description: 'Open-Meteo forecast API base (a self-hosted or commercial instance works too).',
  },
  archiveUrl: {
    schema: baseUrl('https://archive-api.open-meteo.com/v1'),
    flag: 'archive-url',
    env: 'OPEN_METEO_ARCHIVE_URL',
    description: 'Open-Meteo historical weather (archive) API base.',
  },
  geocodingUrl: {
    schema: baseUrl('https://geocoding-api.open-meteo.com/v1'),
    flag: 'geocoding-url',
    env: 'OPEN_METEO_GEOCODING_URL',
    description: 'Open-Meteo geocoding API base.',
  },
  nwsUrl: {
    schema: baseUrl('https://api.weather.gov'),
    flag: 'nws-url',
    env: 'NWS_URL',
    description: 'National Weather Service API base (US alerts and forecasts).',
  },
  contact: {
    schema: z.string().trim().min(3).max(200).optional(),
    flag: 'contact',
    env: 'WEATHER_CONTACT',
    description:
      'Contact (email or URL) added to the User-Agent sent to the National Weather Service, which asks every client for one so it can reach you instead of blocking you.',
  },
  userAgent: {
    schema: z.string().trim().min(3).max(300).optional(),
    flag: 'user-agent',
    env: 'WEATHER_USER_AGENT',
    description: 'Replaces the whole User-Agent (default "mcpkit-weather/<version> (+project URL; <contact>)").',
  },
  forecastTtl: {
    schema: ttlSeconds(600),
    flag: 'forecast-ttl',
    env: 'WEATHER_FORECAST_TTL',
    description: 'Seconds a forecast or current-conditions answer is reused (Open-Meteo updates current values every 15 min).',
  },
  alertsTtl: {
    schema: ttlSeconds(120),
    flag: 'alerts-ttl',
    env: 'WEATHER_ALERTS_TTL',
    description: 'Seconds an alerts answer is reused. Keep it short: alerts are issued at any time.',
  },
  geocodingTtl: {
    schema: ttlSeconds(7 * 86_400),
    flag: 'geocoding-ttl',
    env: 'WEATHER_GEOCODING_TTL',
    description: 'Seconds a place-name lookup (and the NWS grid of a point) is reused.',
  },
  historyTtl: {
    schema: ttlSeconds(86_400),
    flag: 'history-ttl',
    env: 'WEATHER_HISTORY_TTL',
    description: 'Seconds history that ended over a week ago is reused; recent history, still being revised, is kept at most an hour.',
  },
  staleIfError: {
    schema: ttlSeconds(3_600),
    flag: 'stale-if-error',
    env: 'WEATHER_STALE_IF_ERROR',
    description:
      'Seconds past its lifetime a cached answer may still be given, marked stale, while the upstream is down (alerts: at most 10 minutes). 0 never.',
  },
  cacheEntries: {
    schema: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
    flag: 'cache-entries',
    env: 'WEATHER_CACHE_ENTRIES',
    description: 'Answers kept in memory per upstream (least recently used go first).',
  },
  upstreamTimeoutMs: {
    schema: z.coerce.number().int().min(100).max(120_000).default(10_000),
    flag: 'upstream-timeout-ms',
    env: 'WEATHER_UPSTREAM_TIMEOUT_MS',
    description: 'Time limit of one upstream attempt.',
  },
  upstreamRetries: {
    schema: z.coerce.number().int().min(0).max(5).default(2),
    flag: 'upstream-retries',
    env: 'WEATHER_UPSTREAM_RETRIES',
    description: 'Extra attempts after a network error, 429 or 5xx (with backoff, honouring Retry-After).',
  },
  breakerThreshold: {
    schema: z.coerce.number().int().min(1).max(100).default(5),
    flag: 'breaker-threshold',
    env: 'WEATHER_BREAKER_THRESHOLD',
    description: 'Consecutive failed calls to one upstream that pause calls to it.',
  },
  breakerResetMs: {
    schema: z.coerce.number().int().min(100).max(600_000).default(30_000),
    flag: 'breaker-reset-ms',
    env: 'WEATHER_BREAKER_RESET_MS',
    description: 'How long calls to a failing upstream stay paused before one probe is let through.',
  },
} satisfies ConfigSpec;
