import type { LocationRecord } from '../location/location-input.js';
import type { ResolvedLocation } from '../location/resolve-location.js';
import type { Freshness } from '../upstream/freshness.js';
import { oldest } from '../upstream/freshness.js';
import type { OpenMeteoAnswer } from '../upstream/open-meteo.js';
import { unitsOf } from '../weather/rows.js';

/**
 * The shared header of an Open-Meteo result: the resolved place, completed with what the
 * forecast itself says (elevation, time zone), and the freshness of both lookups.
 */
export function seriesHeader(
  resolved: ResolvedLocation,
  answer: OpenMeteoAnswer,
  unitsKey: 'current_units' | 'hourly_units' | 'daily_units' | 'all',
) {
  const { data } = answer;
  const location: LocationRecord = {
    ...resolved.location,
    ...(resolved.location.elevation === undefined && data.elevation !== undefined && { elevation: data.elevation }),
    timezone: data.timezone,
  };
  const units = unitsKey === 'all' ? { ...unitsOf(data.hourly_units), ...unitsOf(data.daily_units) } : unitsOf(data[unitsKey]);
  const freshness: Freshness = resolved.freshness ? oldest([answer.freshness, resolved.freshness]) : answer.freshness;
  return { location, timezone: data.timezone, utcOffsetSeconds: data.utc_offset_seconds, units, freshness };
}
