import type { FakeResponse } from '../fake-upstream.js';
import type { FakeApi, FakeApiOptions } from './fake-api.js';
import { startFakeApi } from './fake-api.js';
import { weatherResponse } from './open-meteo-forecast.js';
import { openMeteoError, searchPlaces } from './open-meteo-geocoding.js';

/**
 * A fake Open-Meteo on 127.0.0.1 serving, on one port, the three APIs the weather server uses:
 * geocoding (`/v1/search`), forecast (`/v1/forecast`) and historical weather (`/v1/archive`).
 * Point the client's base URLs at `${fake.url}/v1`. Answers have the real shapes, units, status
 * codes and error reasons; the weather itself is synthetic but deterministic.
 */

function nginxPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Ready-made failures as Open-Meteo and the proxy in front of it send them, for `inject` and `outage`. */
export const openMeteoErrors = {
  /** The free tier's per-minute limit (HTTP 429). */
  rateLimited: {
    status: 429,
    headers: { 'content-type': JSON_TYPE, 'retry-after': '60' },
    json: { error: true, reason: 'Minutely API request limit exceeded. Please try again in one minute.' },
  },
  /** The free tier's hourly limit (HTTP 429). */
  hourlyLimitExceeded: {
    status: 429,
    headers: { 'content-type': JSON_TYPE, 'retry-after': '3600' },
    json: { error: true, reason: 'Hourly API request limit exceeded. Please try again in the next hour.' },
  },
  /** The free tier's daily limit (HTTP 429). */
  dailyLimitExceeded: {
    status: 429,
    headers: { 'content-type': JSON_TYPE },
    json: { error: true, reason: 'Daily API request limit exceeded. Please try again tomorrow.' },
  },
  /** The reverse proxy's page when the API behind it is down (HTTP 502, HTML). */
  serverError: { status: 502, html: nginxPage(502, 'Bad Gateway') },
  /** The reverse proxy's page during maintenance or overload (HTTP 503, HTML). */
  serviceUnavailable: { status: 503, html: nginxPage(503, 'Service Temporarily Unavailable') },
  /** The reverse proxy giving up on a slow backend (HTTP 504, HTML). */
  gatewayTimeout: { status: 504, html: nginxPage(504, 'Gateway Time-out') },
} as const satisfies Record<string, FakeResponse>;

/** Starts the fake; `options.now` fixes "now" for `current`, the forecast's first day and the archive's limits. */
export function startFakeOpenMeteo(options: FakeApiOptions = {}): Promise<FakeApi> {
  return startFakeApi((request, now) => {
    if (request.method !== 'GET') return openMeteoError('Not Found', 404);
    switch (request.path) {
      case '/v1/search':
        return searchPlaces(request.searchParams);
      case '/v1/forecast':
        return weatherResponse('forecast', request.searchParams, now);
      case '/v1/archive':
        return weatherResponse('archive', request.searchParams, now);
      default:
        return openMeteoError('Not Found', 404);
    }
  }, options);
}
