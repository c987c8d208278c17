import { createRequire } from 'node:module';
import { defineServer } from '@mcpkit/core';
import type { WeatherApp } from './app.js';
import { weatherOptions } from './config.js';
import { weatherResources } from './resources/weather-resources.js';
import { geocode } from './tools/geocode.js';
import { getAlerts } from './tools/get-alerts.js';
import { getCurrentConditions } from './tools/get-current-conditions.js';
import { getForecast } from './tools/get-forecast.js';
import { getForecastNws } from './tools/get-forecast-nws.js';
import { getHistoricalWeather } from './tools/get-historical-weather.js';
import { createNwsApi } from './upstream/nws.js';
import { createOpenMeteoApi } from './upstream/open-meteo.js';
import { createWeatherUpstreams } from './upstream/weather-upstreams.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const SECOND = 1000;
/** Alerts are issued at any time: an old list is given for at most this long when the NWS is down. */
const ALERTS_STALE_CAP_MS = 600 * SECOND;
const RECENT_HISTORY_TTL_MS = 3_600 * SECOND;

/** The weather server: Open-Meteo worldwide, the National Weather Service for the US. */
export const weatherServer = defineServer<WeatherApp, typeof weatherOptions>({
  name: 'mcpkit-weather',
  version,
  title: 'mcpkit weather',
  instructions:
    'Weather anywhere: get_current_conditions, get_forecast (16 days, daily and hourly) and get_historical_weather (since 1940) take a place name ("Paris, Texas") or coordinates. geocode resolves ambiguous names. For the US: get_alerts (by state or place) and get_forecast_nws (worded forecast).',
  config: weatherOptions,
  toolsets: {
    forecast: 'Current conditions and forecasts anywhere (Open-Meteo)',
    history: 'Past weather since 1940 (Open-Meteo archive)',
    geocoding: 'Place names to coordinates (Open-Meteo geocoding)',
    nws: 'US alerts and worded forecasts (National Weather Service)',
  },
  async setup({ config, logger }) {
    const agent = (contact: string | undefined) =>
      config.userAgent ?? `mcpkit-weather/${version} (+https://github.com/mcpkit/mcpkit${contact ? `; ${contact}` : ''})`;
    const staleMs = config.staleIfError * SECOND;
    const upstreams = createWeatherUpstreams({
      urls: { forecast: config.openMeteoUrl, archive: config.archiveUrl, geocoding: config.geocodingUrl, nws: config.nwsUrl },
      userAgents: { openMeteo: agent(undefined), nws: agent(config.contact) },
      timeoutMs: config.upstreamTimeoutMs,
      retries: config.upstreamRetries,
      breaker: { failureThreshold: config.breakerThreshold, resetAfterMs: config.breakerResetMs },
      staleIfErrorMs: staleMs,
      cacheEntries: config.cacheEntries,
      logger,
    });
    const app: WeatherApp = {
      openMeteo: createOpenMeteoApi(upstreams, {
        forecastMs: config.forecastTtl * SECOND,
        geocodingMs: config.geocodingTtl * SECOND,
        historyMs: config.historyTtl * SECOND,
      }),
      nws: createNwsApi(upstreams.nws, {
        forecastMs: config.forecastTtl * SECOND,
        alertsMs: config.alertsTtl * SECOND,
        pointMs: config.geocodingTtl * SECOND,
        alertsStaleMs: Math.min(staleMs, ALERTS_STALE_CAP_MS),
      }),
      upstreams,
      defaultUnits: config.units,
      historyTtl: { settledMs: config.historyTtl * SECOND, recentMs: RECENT_HISTORY_TTL_MS },
      now: Date.now,
    };
    if (!config.contact && !config.userAgent) {
      logger.info('no --contact set: the National Weather Service asks clients for a contact in the User-Agent');
    }
    return {
      app,
      // An upstream outage is not this instance's fault: stay ready, and say which breakers are open.
      ready: async () => {
        const open = Object.entries(upstreams.stats())
          .filter(([, stats]) => stats.breakerState !== 'closed')
          .map(([name, stats]) => `${name} ${stats.breakerState}`);
        return { ok: true, ...(open.length > 0 && { detail: `upstream breakers: ${open.join(', ')}` }) };
      },
      close: () => upstreams.close(),
    };
  },
  tools: [geocode, getCurrentConditions, getForecast, getHistoricalWeather, getAlerts, getForecastNws],
  resources: weatherResources,
});
