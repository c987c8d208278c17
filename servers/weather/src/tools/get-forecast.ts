import { z } from 'zod';
import { defineWeatherTool } from '../app.js';
import { alternativesNote, resolveLocation } from '../location/resolve-location.js';
import { staleNote } from '../upstream/freshness.js';
import { rowLine, toRows } from '../weather/rows.js';
import {
  DEFAULT_FORECAST_DAILY,
  DEFAULT_FORECAST_HOURLY,
  FORECAST_DAILY_VARIABLES,
  FORECAST_HOURLY_VARIABLES,
  variableList,
} from '../weather/variables.js';
import { seriesHeader } from './open-meteo-location.js';
import { rowsField, seriesResultFields, timezoneField, unitsField, withLocation } from './weather-fields.js';

export const getForecast = defineWeatherTool({
  name: 'get_forecast',
  title: 'Weather forecast',
  description:
    'Forecast anywhere in the world for up to 16 days (Open-Meteo): one row per day (weather in words, min/max temperature, precipitation and its chance, wind, sunrise/sunset) and, with `hours`, one row per hour from now. Choose variables to get more or less. Give a place name or coordinates. For US worded forecasts from the National Weather Service use get_forecast_nws.',
  toolset: 'forecast',
  input: withLocation({
    days: z.number().int().min(1).max(16).default(7).describe('Days of daily rows, today first (1-16)'),
    pastDays: z
      .number()
      .int()
      .min(0)
      .max(92)
      .default(0)
      .describe('Days before today to include as daily rows (0-92), from recent model runs'),
    hours: z.number().int().min(0).max(384).default(0).describe('Hours of hourly rows from the current hour (0-384); 0 for none'),
    dailyVariables: variableList(FORECAST_DAILY_VARIABLES, `Daily variables; default ${DEFAULT_FORECAST_DAILY.join(', ')}`).optional(),
    hourlyVariables: variableList(FORECAST_HOURLY_VARIABLES, `Hourly variables; default ${DEFAULT_FORECAST_HOURLY.join(', ')}`).optional(),
    units: unitsField,
    timezone: timezoneField,
  }),
  output: z.object({ ...seriesResultFields, daily: rowsField, hourly: rowsField }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { app, signal }) {
    const resolved = await resolveLocation(args, app, signal);
    // Hourly rows may reach past the daily ones; the request covers both and daily rows are cut back.
    const forecastDays = Math.max(args.days, Math.ceil(args.hours / 24));
    const answer = await app.openMeteo.forecast(
      {
        latitude: resolved.location.latitude,
        longitude: resolved.location.longitude,
        daily: args.dailyVariables ?? DEFAULT_FORECAST_DAILY,
        ...(args.hours > 0 && { hourly: args.hourlyVariables ?? DEFAULT_FORECAST_HOURLY, forecastHours: args.hours }),
        units: args.units ?? app.defaultUnits,
        timezone: args.timezone,
        forecastDays,
        ...(args.pastDays > 0 && { pastDays: args.pastDays }),
      },
      signal,
    );
    const header = seriesHeader(resolved, answer, 'all');
    const daily = toRows(answer.data.daily).slice(0, args.pastDays + args.days);
    const hourly = args.hours > 0 ? toRows(answer.data.hourly).slice(0, args.hours) : [];
    const lines = [
      ...staleNote(header.freshness),
      `Forecast for ${header.location.name} (${header.timezone}), ${args.pastDays > 0 ? `${args.pastDays} past and ` : ''}${args.days} day${args.days === 1 ? '' : 's'}:`,
      ...daily.map((row) => rowLine(row, header.units)),
    ];
    if (hourly.length > 0) lines.push('', `Next ${hourly.length} hours:`, ...hourly.map((row) => rowLine(row, header.units)));
    lines.push(...alternativesNote(resolved));
    return { text: lines.join('\n'), data: { ...header, daily, hourly } };
  },
});
