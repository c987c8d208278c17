import type { Logger } from '@mcpkit/core';
import { createUpstreamClient, type UpstreamClient, type UpstreamStats } from '@mcpkit/core/upstream';

/** The four upstream clients the weather server talks to, one per host. */
export interface WeatherUpstreams {
  forecast: UpstreamClient;
  archive: UpstreamClient;
  geocoding: UpstreamClient;
  nws: UpstreamClient;
  stats(): Record<'forecast' | 'archive' | 'geocoding' | 'nws', UpstreamStats>;
  close(): Promise<void>;
}

export interface WeatherUpstreamSettings {
  urls: { forecast: string; archive: string; geocoding: string; nws: string };
  /** Open-Meteo needs no contact; the NWS asks for one in the User-Agent. */
  userAgents: { openMeteo: string; nws: string };
  timeoutMs: number;
  retries: number;
  breaker: { failureThreshold: number; resetAfterMs: number };
  /** Default staleness window; each call sets its own freshness. */
  staleIfErrorMs: number;
  cacheEntries: number;
  logger: Logger;
}

/**
 * One client per host, so each has its own breaker (an archive outage must not pause
 * forecasts) and its own cache budget. Every call sets its own TTL by kind of data.
 */
export function createWeatherUpstreams(settings: WeatherUpstreamSettings): WeatherUpstreams {
  const make = (name: string, baseUrl: string, userAgent = settings.userAgents.openMeteo) =>
    createUpstreamClient({
      name,
      baseUrl,
      userAgent,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
      breaker: settings.breaker,
      cache: { ttlMs: 0, staleIfErrorMs: settings.staleIfErrorMs, maxEntries: settings.cacheEntries },
      // A forecast is a few tens of KiB; this only stops a misconfigured URL from flooding memory.
      maxBodyBytes: 8 * 1024 * 1024,
      logger: settings.logger,
    });
  const clients = {
    forecast: make('Open-Meteo', settings.urls.forecast),
    archive: make('Open-Meteo archive', settings.urls.archive),
    geocoding: make('Open-Meteo geocoding', settings.urls.geocoding),
    nws: make('National Weather Service', settings.urls.nws, settings.userAgents.nws),
  };
  return {
    ...clients,
    stats: () => ({
      forecast: clients.forecast.stats(),
      archive: clients.archive.stats(),
      geocoding: clients.geocoding.stats(),
      nws: clients.nws.stats(),
    }),
    close: async () => {
      await Promise.all(Object.values(clients).map((client) => client.close()));
    },
  };
}
