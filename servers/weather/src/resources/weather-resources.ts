import { defineResourceTemplate, invalidInput } from '@mcpkit/core';
import type { WeatherApp } from '../app.js';
import { resolveLocation } from '../location/resolve-location.js';
import { completeAreaCodes, toAreaCode } from '../location/us-states.js';
import { fetchAlerts, toAlertRecord } from '../tools/get-alerts.js';
import { seriesHeader } from '../tools/open-meteo-location.js';
import { rowLine, toRows } from '../weather/rows.js';
import { DEFAULT_FORECAST_DAILY } from '../weather/variables.js';

/** Resource reads have no cancel of their own; this bounds them like a tool call. */
const READ_TIMEOUT_MS = 30_000;

export const alertsByState = defineResourceTemplate<WeatherApp>({
  name: 'alerts-by-state',
  title: 'Active weather alerts for a US state',
  description: 'Active National Weather Service alerts for a state or territory (two-letter code), most severe first.',
  toolset: 'nws',
  uriTemplate: 'weather://alerts/{state}',
  complete: { state: async (value) => completeAreaCodes(value) },
  async read({ state }, { app }) {
    const code = toAreaCode(decodeVariable(state));
    if (code === undefined) throw invalidInput(`"${state}" is not a US state or territory code. Use a code like weather://alerts/KS.`);
    const found = await fetchAlerts(app, { state: code }, AbortSignal.timeout(READ_TIMEOUT_MS));
    const alerts = found.alerts.map(toAlertRecord);
    return { json: { area: found.area, total: alerts.length, alerts, freshness: found.freshness } };
  },
});

export const forecastByPlace = defineResourceTemplate<WeatherApp>({
  name: 'forecast-by-place',
  title: 'Seven-day forecast for a place',
  description: 'Daily forecast for the next 7 days for a place name ("Berlin", "Paris, Texas"), in the server\'s default units.',
  toolset: 'forecast',
  uriTemplate: 'weather://forecast/{place}',
  async read({ place }, { app }) {
    const name = decodeVariable(place).trim();
    if (name.length < 2) throw invalidInput('Name a place: weather://forecast/Berlin or weather://forecast/Paris%2C%20Texas.');
    const signal = AbortSignal.timeout(READ_TIMEOUT_MS);
    const resolved = await resolveLocation({ place: name }, app, signal);
    const answer = await app.openMeteo.forecast(
      {
        latitude: resolved.location.latitude,
        longitude: resolved.location.longitude,
        daily: DEFAULT_FORECAST_DAILY,
        units: app.defaultUnits,
        timezone: 'auto',
        forecastDays: 7,
      },
      signal,
    );
    const header = seriesHeader(resolved, answer, 'daily_units');
    const daily = toRows(answer.data.daily);
    return { json: { ...header, daily, summary: daily.map((row) => rowLine(row, header.units)) } };
  },
});

/** A URI template variable as text; a malformed escape (`50%`) is the caller's mistake, said so. */
function decodeVariable(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    throw invalidInput(`"${value}" is not a valid URI component: escape "%" as %25.`);
  }
}

export const weatherResources = [alertsByState, forecastByPlace];
