import { toolBuilder } from '@mcpkit/core';
import type { NwsApi } from './upstream/nws.js';
import type { OpenMeteoApi } from './upstream/open-meteo.js';
import type { WeatherUpstreams } from './upstream/weather-upstreams.js';
import type { UnitSystem } from './weather/units.js';

/** Cache lifetimes that depend on the call rather than the upstream. */
export interface HistoryTtls {
  /** History that ended over a week ago: final, kept long. */
  settledMs: number;
  /** Recent history, still being revised by the reanalysis. */
  recentMs: number;
}

/** The long-lived services every weather tool works with. */
export interface WeatherApp {
  openMeteo: OpenMeteoApi;
  nws: NwsApi;
  upstreams: WeatherUpstreams;
  defaultUnits: UnitSystem;
  historyTtl: HistoryTtls;
  /** Clock for "today" in date checks. */
  now: () => number;
}

/** `defineTool` for the weather server's app. */
export const defineWeatherTool = toolBuilder<WeatherApp>();
