import { z } from 'zod';
import { defineWeatherTool } from '../app.js';
import { locationRecord } from '../location/location-input.js';
import { alternativesNote } from '../location/resolve-location.js';
import { freshnessRecord, oldest, staleNote } from '../upstream/freshness.js';
import type { NwsPeriod } from '../upstream/nws.js';
import { nwsUnits } from '../weather/units.js';
import { resolveUsLocation } from './nws-location.js';
import { unitsField, withLocation } from './weather-fields.js';

const periodRecord = z.object({
  name: z.string().describe('"Tonight", "Tuesday"; empty for hourly periods'),
  startTime: z.string(),
  endTime: z.string(),
  isDaytime: z.boolean(),
  temperature: z.number().nullable(),
  temperatureUnit: z.string(),
  precipitationChance: z.number().nullable().describe('Percent'),
  relativeHumidity: z.number().nullable().optional().describe('Percent (hourly periods)'),
  wind: z.string().describe('"10 to 15 mph SW"'),
  shortForecast: z.string(),
  detailedForecast: z.string(),
});

export const getForecastNws = defineWeatherTool({
  name: 'get_forecast_nws',
  title: 'US forecast (National Weather Service)',
  description:
    'The National Weather Service\'s worded forecast for a US location: twelve-hour periods ("Tonight", "Tuesday") for about 7 days with a detailed text each, or hourly periods with `hourly`. US and territories only; use get_forecast elsewhere.',
  toolset: 'nws',
  input: withLocation({
    hourly: z.boolean().default(false).describe('Hourly periods instead of twelve-hour ones'),
    periods: z.number().int().min(1).max(156).optional().describe('Most periods to return; default 14 (12-hour) or 24 (hourly)'),
    units: unitsField,
  }),
  output: z.object({
    location: locationRecord,
    office: z.string().describe('Forecast office and grid cell, e.g. "TOP 32,81"'),
    updated: z.string().optional(),
    periods: z.array(periodRecord),
    freshness: freshnessRecord,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, { app, signal }) {
    const resolved = await resolveUsLocation(args, app, signal);
    const { latitude, longitude } = resolved.location;
    const { point, freshness: pointFreshness } = await app.nws.point(latitude, longitude, signal);
    const forecast = await app.nws.forecast(point, { hourly: args.hourly, units: nwsUnits(args.units ?? app.defaultUnits) }, signal);
    const periods = forecast.periods.slice(0, args.periods ?? (args.hourly ? 24 : 14)).map(toPeriodRecord);
    const freshness = oldest([forecast.freshness, pointFreshness, ...(resolved.freshness ? [resolved.freshness] : [])]);
    const location = {
      ...resolved.location,
      ...(resolved.freshness === undefined &&
        point.city !== undefined && { name: `near ${point.city}, ${point.state ?? ''}`.replace(/, $/, '') }),
      ...(point.timeZone !== undefined && { timezone: point.timeZone }),
    };
    const lines = [
      ...staleNote(freshness),
      `National Weather Service forecast for ${location.name} (office ${point.gridId}):`,
      ...periods.map((period) =>
        args.hourly
          ? `${period.startTime.slice(0, 16).replace('T', ' ')}: ${period.temperature ?? '?'}°${period.temperatureUnit}, ${period.shortForecast}, wind ${period.wind}${
              period.precipitationChance !== null ? `, precip ${period.precipitationChance}%` : ''
            }`
          : `${period.name}: ${period.detailedForecast || period.shortForecast}`,
      ),
      ...alternativesNote(resolved),
    ];
    return {
      text: lines.join('\n'),
      data: {
        location,
        office: `${point.gridId} ${point.gridX},${point.gridY}`,
        ...(forecast.updated !== undefined && { updated: forecast.updated }),
        periods,
        freshness,
      },
    };
  },
});

function toPeriodRecord(period: NwsPeriod): z.infer<typeof periodRecord> {
  return {
    name: period.name,
    startTime: period.startTime,
    endTime: period.endTime,
    isDaytime: period.isDaytime,
    temperature: period.temperature,
    temperatureUnit: period.temperatureUnit,
    precipitationChance: period.probabilityOfPrecipitation?.value ?? null,
    ...(period.relativeHumidity?.value !== undefined && { relativeHumidity: period.relativeHumidity.value }),
    wind: [period.windSpeed, period.windDirection].filter(Boolean).join(' '),
    shortForecast: period.shortForecast,
    detailedForecast: period.detailedForecast,
  };
}
