import { z } from 'zod';
import type { OpenMeteoSeries } from '../upstream/open-meteo.js';
import { describeWeatherCode } from './wmo-codes.js';

/**
 * Open-Meteo answers in columns (`time[]`, `temperature_2m[]`); a model reads records far
 * more reliably, so every series becomes one row per timestamp, with the weather code
 * also in words.
 */
export type RowValue = number | string | null;
export type WeatherRow = { time: string } & Record<string, RowValue>;

export const weatherRow = z
  .object({ time: z.string().describe('Local time (ISO 8601, no offset) or day') })
  .catchall(z.union([z.number(), z.string(), z.null()]))
  .describe('One timestamp: the requested variables, plus `weather` (the WMO code in words) when weather_code was asked for');

export function toRows(series: OpenMeteoSeries | undefined): WeatherRow[] {
  if (!series) return [];
  const { time, ...columns } = series;
  const names = Object.keys(columns);
  return time.map((stamp, index) => {
    const row: WeatherRow = { time: String(stamp) };
    for (const name of names) {
      const value = columns[name]?.[index];
      row[name] = value ?? null;
      if (name === 'weather_code') row.weather = describeWeatherCode(asNumber(value)) ?? null;
    }
    return row;
  });
}

export function currentRow(current: Record<string, RowValue>): WeatherRow {
  const row: WeatherRow = { time: String(current.time ?? '') };
  for (const [name, value] of Object.entries(current)) {
    if (name === 'time' || name === 'interval') continue;
    row[name] = value;
    if (name === 'weather_code') row.weather = describeWeatherCode(asNumber(value)) ?? null;
  }
  return row;
}

/** Units by variable, without Open-Meteo's bookkeeping entries. */
export function unitsOf(units: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, unit] of Object.entries(units ?? {})) if (name !== 'time' && name !== 'interval') out[name] = unit;
  return out;
}

function asNumber(value: RowValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

const COMPASS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];

export function compass(degrees: number): string {
  return COMPASS[Math.round((((degrees % 360) + 360) % 360) / 22.5) % 16] ?? 'N';
}

/** How each variable is named in a summary line. */
const LABELS: Record<string, string> = {
  temperature_2m: 'temp',
  temperature_2m_mean: 'mean',
  temperature_2m_max: 'max',
  temperature_2m_min: 'min',
  apparent_temperature_max: 'feels max',
  apparent_temperature_min: 'feels min',
  apparent_temperature: 'feels like',
  relative_humidity_2m: 'humidity',
  dew_point_2m: 'dew point',
  precipitation: 'precip',
  precipitation_sum: 'precip',
  precipitation_probability: 'precip chance',
  precipitation_probability_max: 'precip chance',
  precipitation_hours: 'precip hours',
  wind_speed_10m: 'wind',
  wind_speed_10m_max: 'wind max',
  wind_gusts_10m: 'gusts',
  wind_gusts_10m_max: 'gusts max',
  wind_direction_10m: 'from',
  wind_direction_10m_dominant: 'from',
  cloud_cover: 'cloud',
  pressure_msl: 'pressure',
};

/** Handled together or not worth a word in a summary line. */
const SKIPPED = new Set(['weather_code', 'weather', 'time', 'is_day']);

/** One compact line per row: "2026-11-24: Slight rain, 2.1–7.4 °C, precip 3.2 mm, …". */
export function rowLine(row: WeatherRow, units: Record<string, string>): string {
  const parts: string[] = [];
  if (typeof row.weather === 'string') parts.push(row.weather);
  const range = (min: string, max: string, label: string) => {
    if (typeof row[min] === 'number' && typeof row[max] === 'number') {
      parts.push(`${label}${row[min]}–${row[max]} ${units[max] ?? ''}`.trim());
      return true;
    }
    return false;
  };
  const ranged = new Set<string>();
  for (const [min, max, label] of [
    ['temperature_2m_min', 'temperature_2m_max', ''],
    ['apparent_temperature_min', 'apparent_temperature_max', 'feels '],
  ] as const) {
    if (range(min, max, label)) ranged.add(min).add(max);
  }
  for (const [name, value] of Object.entries(row)) {
    if (SKIPPED.has(name) || ranged.has(name) || value === null) continue;
    const label = LABELS[name] ?? name.replace(/_(2m|10m)/g, '').replace(/_/g, ' ');
    if (name.startsWith('wind_direction') && typeof value === 'number') {
      parts.push(`${label} ${compass(value)}`);
    } else if (typeof value === 'string') {
      // Sunrise and sunset: the time of day is enough.
      parts.push(`${label} ${value.includes('T') ? value.slice(value.indexOf('T') + 1) : value}`);
    } else {
      const unit = units[name];
      parts.push(`${label} ${value}${unit === undefined ? '' : unit === '%' ? '%' : ` ${unit}`}`);
    }
  }
  const when = row.time.replace('T', ' ');
  return parts.length === 0 ? `${when}: no data` : `${when}: ${parts.join(', ')}`;
}
