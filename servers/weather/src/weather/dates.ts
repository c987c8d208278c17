import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';

/** The first day of Open-Meteo's archive (ERA5 reanalysis). */
export const ARCHIVE_FIRST_DAY = '1940-01-01';

/** A calendar day, `YYYY-MM-DD`, that exists (no 2026-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a real calendar day');

export const DAY_MS = 86_400_000;

/** Today's date in UTC as `YYYY-MM-DD`. */
export function utcDay(now: number, offsetDays = 0): string {
  return new Date(now + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `start` to `end`, both included. */
export function daysInclusive(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * Checks a history range before any upstream call: in order, from 1940, not past today
 * in UTC (the archive's own calendar: a day already begun east of UTC is still refused
 * by it), and not longer than `maxDays` so the answer fits a model's context.
 */
export function checkHistoryRange(start: string, end: string, now: number, maxDays: number): void {
  if (start > end) throw invalidInput(`startDate ${start} is after endDate ${end}. Swap them.`);
  if (start < ARCHIVE_FIRST_DAY) {
    throw invalidInput(`The archive starts on ${ARCHIVE_FIRST_DAY}; startDate ${start} is earlier. Use ${ARCHIVE_FIRST_DAY} or later.`);
  }
  const today = utcDay(now);
  if (end > today) {
    throw invalidInput(
      `endDate ${end} is past today (${today}, UTC), where the archive ends. Use get_forecast for today and the days ahead.`,
    );
  }
  const days = daysInclusive(start, end);
  if (days > maxDays) {
    throw invalidInput(
      `${start} to ${end} is ${days} days; one call returns at most ${maxDays} days at this granularity. Split the range, or ask for daily values.`,
    );
  }
}

/**
 * A time zone Open-Meteo accepts: `auto`, `GMT`, `UTC` or an IANA name this runtime knows,
 * sent in its canonical spelling (`europe/berlin` → `Europe/Berlin`) so equal zones share
 * cache entries. Offsets (`+01:00`) are refused: Open-Meteo takes names only.
 */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .transform((zone, ctx) => {
    if (zone === 'auto') return zone;
    const canonical = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) ? canonicalZone(zone) : undefined;
    if (canonical === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'unknown time zone: use an IANA name like "Europe/Berlin", or "auto" for the location\'s own',
      });
      return z.NEVER;
    }
    return canonical;
  });

function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
