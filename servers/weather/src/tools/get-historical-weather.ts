import { z } from 'zod';
import { defineWeatherTool } from '../app.js';
import { alternativesNote, resolveLocation } from '../location/resolve-location.js';
import { staleNote } from '../upstream/freshness.js';
import { checkHistoryRange, isoDate, utcDay } from '../weather/dates.js';
import { rowLine, toRows, type WeatherRow } from '../weather/rows.js';
import {
  ARCHIVE_DAILY_VARIABLES,
  ARCHIVE_HOURLY_VARIABLES,
  DEFAULT_ARCHIVE_DAILY,
  DEFAULT_ARCHIVE_HOURLY,
  variableList,
} from '../weather/variables.js';
import { seriesHeader } from './open-meteo-location.js';
import { rowsField, seriesResultFields, timezoneField, unitsField, withLocation } from './weather-fields.js';

/** Bounds on one answer: a year of days, or a month of hours. */
const MAX_DAILY_DAYS = 366;
const MAX_HOURLY_DAYS = 31;
/** History is revised for a few days by the reanalysis; past this it is final. */
const SETTLED_AFTER_DAYS = 7;

export const getHistoricalWeather = defineWeatherTool({
  name: 'get_historical_weather',
  title: 'Historical weather',
  description: `Past weather anywhere from 1940 to a few days ago (Open-Meteo archive, ERA5 reanalysis): daily rows (up to ${MAX_DAILY_DAYS} days per call) or hourly rows (up to ${MAX_HOURLY_DAYS} days). The archive lags about 5 days; the latest days may be empty. Give a place name or coordinates and a date range.`,
  toolset: 'history',
  input: withLocation({
    startDate: isoDate.describe('First day, YYYY-MM-DD, from 1940-01-01'),
    endDate: isoDate.describe('Last day, YYYY-MM-DD, at most today'),
    granularity: z.enum(['daily', 'hourly', 'both']).default('daily').describe('Daily rows, hourly rows, or both'),
    dailyVariables: variableList(ARCHIVE_DAILY_VARIABLES, `Daily variables; default ${DEFAULT_ARCHIVE_DAILY.join(', ')}`).optional(),
    hourlyVariables: variableList(ARCHIVE_HOURLY_VARIABLES, `Hourly variables; default ${DEFAULT_ARCHIVE_HOURLY.join(', ')}`).optional(),
    units: unitsField,
    timezone: timezoneField,
  }),
  output: z.object({
    ...seriesResultFields,
    daily: rowsField,
    hourly: rowsField,
    missingFrom: z.string().optional().describe('First day with no data yet (the archive lags a few days)'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { app, signal }) {
    const now = app.now();
    const wantsHourly = args.granularity !== 'daily';
    const wantsDaily = args.granularity !== 'hourly';
    // Everything is checked before the place is looked up, so a bad range costs no upstream call.
    checkHistoryRange(args.startDate, args.endDate, now, wantsHourly ? MAX_HOURLY_DAYS : MAX_DAILY_DAYS);
    const resolved = await resolveLocation(args, app, signal);
    const settled = args.endDate < utcDay(now, -SETTLED_AFTER_DAYS);
    const answer = await app.openMeteo.archive(
      {
        latitude: resolved.location.latitude,
        longitude: resolved.location.longitude,
        startDate: args.startDate,
        endDate: args.endDate,
        ...(wantsDaily && { daily: args.dailyVariables ?? DEFAULT_ARCHIVE_DAILY }),
        ...(wantsHourly && { hourly: args.hourlyVariables ?? DEFAULT_ARCHIVE_HOURLY }),
        units: args.units ?? app.defaultUnits,
        timezone: args.timezone,
      },
      signal,
      settled ? app.historyTtl.settledMs : Math.min(app.historyTtl.settledMs, app.historyTtl.recentMs),
    );
    const header = seriesHeader(resolved, answer, 'all');
    const daily = wantsDaily ? toRows(answer.data.daily) : [];
    const hourly = wantsHourly ? toRows(answer.data.hourly) : [];
    const missingFrom = firstEmptyTail(wantsDaily ? daily : hourly);
    const lines = [
      ...staleNote(header.freshness),
      `Weather in ${header.location.name} (${header.timezone}), ${args.startDate} to ${args.endDate}:`,
    ];
    if (daily.length > 0) lines.push(...daily.map((row) => rowLine(row, header.units)));
    if (hourly.length > 0) lines.push(...(daily.length > 0 ? ['', 'Hourly:'] : []), ...hourly.map((row) => rowLine(row, header.units)));
    if (missingFrom !== undefined) {
      lines.push(`No data yet from ${missingFrom}: the archive lags about 5 days. Use get_forecast with pastDays for the latest days.`);
    }
    lines.push(...alternativesNote(resolved));
    return {
      text: lines.join('\n'),
      data: { ...header, daily, hourly, ...(missingFrom !== undefined && { missingFrom: missingFrom.slice(0, 10) }) },
    };
  },
});

/** Worked out from the calendar, so present even on days the archive has no data for yet. */
const CALENDAR_VARIABLES = new Set(['time', 'sunrise', 'sunset', 'daylight_duration', 'is_day']);

/** The time of the first row of the trailing run of rows without a single measured value. */
function firstEmptyTail(rows: readonly WeatherRow[]): string | undefined {
  let first: string | undefined;
  for (let index = rows.length - 1; index >= 0; index -= 1) {
    const row = rows[index];
    if (!row || Object.entries(row).some(([name, value]) => !CALENDAR_VARIABLES.has(name) && value !== null)) break;
    first = row.time;
  }
  return first;
}
