import { z } from 'zod';
import { checkLocation, type LocationInput, locationFields, locationRecord } from '../location/location-input.js';
import { freshnessRecord } from '../upstream/freshness.js';
import { timeZoneSchema } from '../weather/dates.js';
import { weatherRow } from '../weather/rows.js';
import { unitSystemSchema } from '../weather/units.js';

/**
 * Argument and result fields the Open-Meteo tools share, with the descriptions a model
 * reads in `tools/list`.
 */
export const unitsField = unitSystemSchema
  .optional()
  .describe("metric (°C, km/h, mm) or imperial (°F, mph, inch); the server's default when omitted");

export const timezoneField = timeZoneSchema
  .default('auto')
  .describe('Time zone of the times in the answer: an IANA name ("America/Chicago") or "auto" for the location\'s own');

/** A tool input: a location plus the tool's own fields, with the location rule enforced. */
export function withLocation<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject({ ...locationFields, ...shape }).superRefine((input, ctx) => checkLocation(input as LocationInput, ctx));
}

/** The header of every Open-Meteo result: where, in which time zone, which units, how fresh. */
export const seriesResultFields = {
  location: locationRecord,
  timezone: z.string().describe('Time zone the times are in'),
  utcOffsetSeconds: z.number(),
  units: z.record(z.string(), z.string()).describe('Unit of each variable'),
  freshness: freshnessRecord,
};

export const rowsField = z.array(weatherRow);
