import type { DayWeather, HourWeather } from './synthetic-weather.js';
import { dominantDirection } from './synthetic-weather.js';

/**
 * Open-Meteo's weather variables as the fake serves them: which names each API accepts, the unit
 * string each one reports for the requested unit system, and how its value is read from the
 * synthetic weather and rounded (to the decimals the real API sends).
 */

export interface UnitChoice {
  temperature: 'celsius' | 'fahrenheit';
  windSpeed: 'kmh' | 'ms' | 'mph' | 'kn';
  precipitation: 'mm' | 'inch';
  timeformat: 'iso8601' | 'unixtime';
}

type Kind =
  | 'temperature'
  | 'percent'
  | 'pressure'
  | 'wind'
  | 'direction'
  | 'precipitation'
  | 'snowfall'
  | 'length'
  | 'wmo'
  | 'dimensionless'
  | 'seconds'
  | 'hours'
  | 'time';

export function unitOf(kind: Kind, units: UnitChoice): string {
  switch (kind) {
    case 'temperature':
      return units.temperature === 'fahrenheit' ? '°F' : '°C';
    case 'wind':
      return { kmh: 'km/h', ms: 'm/s', mph: 'mp/h', kn: 'kn' }[units.windSpeed];
    case 'precipitation':
      return units.precipitation === 'inch' ? 'inch' : 'mm';
    case 'snowfall':
      return units.precipitation === 'inch' ? 'inch' : 'cm';
    case 'length':
      return units.precipitation === 'inch' ? 'ft' : 'm';
    case 'percent':
      return '%';
    case 'pressure':
      return 'hPa';
    case 'direction':
      return '°';
    case 'wmo':
      return 'wmo code';
    case 'seconds':
      return 's';
    case 'hours':
      return 'h';
    case 'time':
      return units.timeformat;
    default:
      return '';
  }
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** Converts a base-unit value (°C, km/h, mm, cm, m) to the requested units and rounds it. */
export function present(kind: Kind, value: number, decimals: number, units: UnitChoice): number {
  switch (kind) {
    case 'temperature':
      return units.temperature === 'fahrenheit' ? round((value * 9) / 5 + 32, 1) : round(value, 1);
    case 'wind': {
      const factor = { kmh: 1, ms: 1 / 3.6, mph: 1 / 1.609344, kn: 1 / 1.852 }[units.windSpeed];
      return round(value * factor, 1);
    }
    case 'precipitation':
      return units.precipitation === 'inch' ? round(value / 25.4, 3) : round(value, decimals);
    case 'snowfall':
      return units.precipitation === 'inch' ? round(value / 2.54, 3) : round(value, decimals);
    case 'length':
      return units.precipitation === 'inch' ? round(value * 3.28084, decimals) : round(value, decimals);
    default:
      return round(value, decimals);
  }
}

export interface HourlyVariable {
  kind: Kind;
  decimals: number;
  read: (hour: HourWeather) => number;
}

export interface DailyVariable {
  kind: Kind;
  decimals: number;
  /** Epoch milliseconds for `time` kinds (sunrise, sunset), a base-unit value otherwise. */
  read: (day: DayWeather) => number;
}

const hourly = (kind: Kind, decimals: number, read: (hour: HourWeather) => number): HourlyVariable => ({ kind, decimals, read });
const daily = (kind: Kind, decimals: number, read: (day: DayWeather) => number): DailyVariable => ({ kind, decimals, read });
const max = (day: DayWeather, pick: (hour: HourWeather) => number) => Math.max(...day.hours.map(pick));
const min = (day: DayWeather, pick: (hour: HourWeather) => number) => Math.min(...day.hours.map(pick));
const sum = (day: DayWeather, pick: (hour: HourWeather) => number) => day.hours.reduce((total, hour) => total + pick(hour), 0);

const ARCHIVE_HOURLY: Record<string, HourlyVariable> = {
  temperature_2m: hourly('temperature', 1, (h) => h.temperature),
  relative_humidity_2m: hourly('percent', 0, (h) => h.relativeHumidity),
  dew_point_2m: hourly('temperature', 1, (h) => h.dewPoint),
  apparent_temperature: hourly('temperature', 1, (h) => h.apparentTemperature),
  precipitation: hourly('precipitation', 1, (h) => h.precipitation),
  rain: hourly('precipitation', 1, (h) => h.rain),
  snowfall: hourly('snowfall', 2, (h) => h.snowfall),
  snow_depth: hourly('length', 2, (h) => h.snowDepth),
  weather_code: hourly('wmo', 0, (h) => h.weatherCode),
  pressure_msl: hourly('pressure', 1, (h) => h.pressureMsl),
  surface_pressure: hourly('pressure', 1, (h) => h.surfacePressure),
  cloud_cover: hourly('percent', 0, (h) => h.cloudCover),
  wind_speed_10m: hourly('wind', 1, (h) => h.windSpeed),
  wind_direction_10m: hourly('direction', 0, (h) => h.windDirection),
  wind_gusts_10m: hourly('wind', 1, (h) => h.windGusts),
  sunshine_duration: hourly('seconds', 2, (h) => h.sunshineDuration),
  is_day: hourly('dimensionless', 0, (h) => h.isDay),
};

const FORECAST_HOURLY: Record<string, HourlyVariable> = {
  ...ARCHIVE_HOURLY,
  showers: hourly('precipitation', 1, (h) => h.showers),
  precipitation_probability: hourly('percent', 0, (h) => h.precipitationProbability),
  visibility: hourly('length', 2, (h) => h.visibility),
  uv_index: hourly('dimensionless', 2, (h) => h.uvIndex),
};

const ARCHIVE_DAILY: Record<string, DailyVariable> = {
  weather_code: daily('wmo', 0, (d) => max(d, (h) => h.weatherCode)),
  temperature_2m_max: daily('temperature', 1, (d) => max(d, (h) => h.temperature)),
  temperature_2m_min: daily('temperature', 1, (d) => min(d, (h) => h.temperature)),
  temperature_2m_mean: daily('temperature', 1, (d) => sum(d, (h) => h.temperature) / d.hours.length),
  apparent_temperature_max: daily('temperature', 1, (d) => max(d, (h) => h.apparentTemperature)),
  apparent_temperature_min: daily('temperature', 1, (d) => min(d, (h) => h.apparentTemperature)),
  sunrise: daily('time', 0, (d) => d.sunrise),
  sunset: daily('time', 0, (d) => d.sunset),
  daylight_duration: daily('seconds', 2, (d) => d.daylightDuration),
  sunshine_duration: daily('seconds', 2, (d) => sum(d, (h) => h.sunshineDuration)),
  precipitation_sum: daily('precipitation', 1, (d) => sum(d, (h) => h.precipitation)),
  rain_sum: daily('precipitation', 1, (d) => sum(d, (h) => h.rain)),
  snowfall_sum: daily('snowfall', 2, (d) => sum(d, (h) => h.snowfall)),
  precipitation_hours: daily('hours', 1, (d) => d.hours.filter((h) => h.precipitation > 0).length),
  wind_speed_10m_max: daily('wind', 1, (d) => max(d, (h) => h.windSpeed)),
  wind_gusts_10m_max: daily('wind', 1, (d) => max(d, (h) => h.windGusts)),
  wind_direction_10m_dominant: daily('direction', 0, (d) => dominantDirection(d.hours)),
};

const FORECAST_DAILY: Record<string, DailyVariable> = {
  ...ARCHIVE_DAILY,
  showers_sum: daily('precipitation', 1, (d) => sum(d, (h) => h.showers)),
  uv_index_max: daily('dimensionless', 2, (d) => max(d, (h) => h.uvIndex)),
  precipitation_probability_max: daily('percent', 0, (d) => max(d, (h) => h.precipitationProbability)),
};

/** Names from before Open-Meteo's 2023 renaming, which it still accepts (and echoes back as asked). */
const LEGACY_NAMES: Record<string, string> = {
  weathercode: 'weather_code',
  relativehumidity_2m: 'relative_humidity_2m',
  dewpoint_2m: 'dew_point_2m',
  cloudcover: 'cloud_cover',
  windspeed_10m: 'wind_speed_10m',
  winddirection_10m: 'wind_direction_10m',
  windgusts_10m: 'wind_gusts_10m',
  windspeed_10m_max: 'wind_speed_10m_max',
  windgusts_10m_max: 'wind_gusts_10m_max',
  winddirection_10m_dominant: 'wind_direction_10m_dominant',
};

export type ApiName = 'forecast' | 'archive';

export const HOURLY_VARIABLES: Record<ApiName, Record<string, HourlyVariable>> = { forecast: FORECAST_HOURLY, archive: ARCHIVE_HOURLY };
export const DAILY_VARIABLES: Record<ApiName, Record<string, DailyVariable>> = { forecast: FORECAST_DAILY, archive: ARCHIVE_DAILY };

/** Looks a requested name up (legacy names included); `undefined` when the API does not know it. */
export function findVariable<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : Object.hasOwn(LEGACY_NAMES, name) ? table[LEGACY_NAMES[name] ?? ''] : undefined;
}
