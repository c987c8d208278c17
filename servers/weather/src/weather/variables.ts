import { z } from 'zod';

/**
 * The Open-Meteo variables the tools offer, as enums: a misspelt variable is refused with
 * the list of valid ones before any upstream call, rather than as Open-Meteo's "Cannot
 * initialize WeatherVariable" after one. The archive has fewer than the forecast (no
 * probabilities, no UV), so it has its own lists.
 */

export const CURRENT_VARIABLES = [
  'temperature_2m',
  'relative_humidity_2m',
  'apparent_temperature',
  'is_day',
  'precipitation',
  'rain',
  'showers',
  'snowfall',
  'weather_code',
  'cloud_cover',
  'pressure_msl',
  'surface_pressure',
  'wind_speed_10m',
  'wind_direction_10m',
  'wind_gusts_10m',
] as const;

export const FORECAST_HOURLY_VARIABLES = [
  ...CURRENT_VARIABLES,
  'dew_point_2m',
  'precipitation_probability',
  'snow_depth',
  'visibility',
  'uv_index',
  'sunshine_duration',
] as const;

export const FORECAST_DAILY_VARIABLES = [
  'weather_code',
  'temperature_2m_max',
  'temperature_2m_min',
  'apparent_temperature_max',
  'apparent_temperature_min',
  'sunrise',
  'sunset',
  'daylight_duration',
  'sunshine_duration',
  'uv_index_max',
  'precipitation_sum',
  'rain_sum',
  'showers_sum',
  'snowfall_sum',
  'precipitation_hours',
  'precipitation_probability_max',
  'wind_speed_10m_max',
  'wind_gusts_10m_max',
  'wind_direction_10m_dominant',
] as const;

export const ARCHIVE_HOURLY_VARIABLES = [
  'temperature_2m',
  'relative_humidity_2m',
  'dew_point_2m',
  'apparent_temperature',
  'precipitation',
  'rain',
  'snowfall',
  'snow_depth',
  'weather_code',
  'pressure_msl',
  'surface_pressure',
  'cloud_cover',
  'wind_speed_10m',
  'wind_direction_10m',
  'wind_gusts_10m',
  'sunshine_duration',
  'is_day',
] as const;

export const ARCHIVE_DAILY_VARIABLES = [
  'weather_code',
  'temperature_2m_max',
  'temperature_2m_min',
  'temperature_2m_mean',
  'apparent_temperature_max',
  'apparent_temperature_min',
  'sunrise',
  'sunset',
  'daylight_duration',
  'sunshine_duration',
  'precipitation_sum',
  'rain_sum',
  'snowfall_sum',
  'precipitation_hours',
  'wind_speed_10m_max',
  'wind_gusts_10m_max',
  'wind_direction_10m_dominant',
] as const;

export const DEFAULT_CURRENT = [
  'temperature_2m',
  'apparent_temperature',
  'relative_humidity_2m',
  'weather_code',
  'precipitation',
  'cloud_cover',
  'wind_speed_10m',
  'wind_direction_10m',
  'wind_gusts_10m',
  'is_day',
] as const satisfies ReadonlyArray<(typeof CURRENT_VARIABLES)[number]>;

export const DEFAULT_FORECAST_HOURLY = [
  'temperature_2m',
  'precipitation_probability',
  'precipitation',
  'weather_code',
  'wind_speed_10m',
] as const satisfies ReadonlyArray<(typeof FORECAST_HOURLY_VARIABLES)[number]>;

export const DEFAULT_FORECAST_DAILY = [
  'weather_code',
  'temperature_2m_max',
  'temperature_2m_min',
  'precipitation_sum',
  'precipitation_probability_max',
  'wind_speed_10m_max',
  'sunrise',
  'sunset',
] as const satisfies ReadonlyArray<(typeof FORECAST_DAILY_VARIABLES)[number]>;

export const DEFAULT_ARCHIVE_DAILY = [
  'weather_code',
  'temperature_2m_max',
  'temperature_2m_min',
  'temperature_2m_mean',
  'precipitation_sum',
  'snowfall_sum',
  'wind_speed_10m_max',
] as const satisfies ReadonlyArray<(typeof ARCHIVE_DAILY_VARIABLES)[number]>;

export const DEFAULT_ARCHIVE_HOURLY = [
  'temperature_2m',
  'precipitation',
  'weather_code',
  'wind_speed_10m',
] as const satisfies ReadonlyArray<(typeof ARCHIVE_HOURLY_VARIABLES)[number]>;

/** A list argument of variables from `allowed`, without repeats. */
export function variableList<const T extends readonly [string, ...string[]]>(allowed: T, description: string) {
  return z
    .array(z.enum(allowed))
    .min(1)
    .max(allowed.length)
    .refine((list) => new Set(list).size === list.length, 'list each variable once')
    .describe(description);
}
