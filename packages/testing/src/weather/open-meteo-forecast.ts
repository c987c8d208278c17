import type { FakeResponse } from '../fake-upstream.js';
import { nearestPlace } from './gazetteer.js';
import { isKnownTimeZone, localDate, localMinutes, timeZoneAbbreviation, utcOffsetSeconds } from './local-time.js';
import type { ApiName, DailyVariable, HourlyVariable, UnitChoice } from './open-meteo-variables.js';
import { DAILY_VARIABLES, findVariable, HOURLY_VARIABLES, present, unitOf } from './open-meteo-variables.js';
import { dayAt, terrainElevation, weatherAt } from './synthetic-weather.js';

/**
 * `GET /v1/forecast` (api.open-meteo.com) and `GET /v1/archive` (archive-api.open-meteo.com):
 * parameter checks with the real error reasons, the real response layout (coordinates snapped
 * to the model grid as float32, a local time axis in the requested zone, columnar `hourly` and
 * `daily` blocks with their units, `current` on a 15-minute step), and synthetic values.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const ARCHIVE_FIRST_DAY = Date.UTC(1940, 0, 1);
/** ERA5 reaches the archive about five days late; newer days are null there. */
const ARCHIVE_DELAY_DAYS = 5;

class RequestError extends Error {}

interface Place {
  latitude: number;
  longitude: number;
  elevation: number;
  timezone: string;
  offset: number;
  abbreviation: string;
}

interface TimeAxis {
  hours: number[];
  days: number[];
  /** Instants from here on have no data yet (archive only). */
  nullFrom: number;
}

export function weatherResponse(api: ApiName, query: URLSearchParams, now: Date): FakeResponse {
  try {
    const bodies = buildBodies(api, query, now.getTime());
    return { json: bodies.length === 1 ? bodies[0] : bodies, headers: JSON_TYPE };
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    return { status: 400, json: { error: true, reason: error.message }, headers: JSON_TYPE };
  }
}

function buildBodies(api: ApiName, query: URLSearchParams, nowMs: number): Record<string, unknown>[] {
  const units: UnitChoice = {
    temperature: choice(query, 'temperature_unit', ['celsius', 'fahrenheit'], 'TemperatureUnit'),
    windSpeed: choice(
      query,
      query.has('wind_speed_unit') ? 'wind_speed_unit' : 'windspeed_unit',
      ['kmh', 'ms', 'mph', 'kn'],
      'WindspeedUnit',
    ),
    precipitation: choice(query, 'precipitation_unit', ['mm', 'inch'], 'PrecipitationUnit'),
    timeformat: choice(query, 'timeformat', ['iso8601', 'unixtime'], 'Timeformat'),
  };
  const counts = {
    forecastDays: integer(query, 'forecast_days'),
    pastDays: integer(query, 'past_days'),
    forecastHours: integer(query, 'forecast_hours'),
    pastHours: integer(query, 'past_hours'),
  };
  const latitudes = floats(query, 'latitude');
  const longitudes = floats(query, 'longitude');
  if (latitudes.length !== longitudes.length)
    throw new RequestError("Parameter 'latitude' and 'longitude' must have the same number of elements");
  const elevations = query.has('elevation') ? floats(query, 'elevation') : [];
  for (const latitude of latitudes) {
    if (latitude < -90 || latitude > 90) throw new RequestError(`Latitude must be in range of -90 to 90°. Given: ${swiftFloat(latitude)}.`);
  }
  for (const longitude of longitudes) {
    if (longitude < -180 || longitude > 180)
      throw new RequestError(`Longitude must be in range of -180 to 180°. Given: ${swiftFloat(longitude)}.`);
  }
  const timezone = query.get('timezone') ?? 'GMT';
  if (timezone !== 'auto' && !isKnownTimeZone(timezone)) throw new RequestError('Invalid timezone');

  const current = api === 'forecast' ? variables(query, 'current', HOURLY_VARIABLES.forecast) : [];
  const hourly = variables(query, 'hourly', HOURLY_VARIABLES[api]);
  const daily = variables(query, 'daily', DAILY_VARIABLES[api]);

  return latitudes.map((requestedLatitude, index) => {
    const requestedLongitude = longitudes[index] ?? 0;
    const place = resolvePlace(requestedLatitude, requestedLongitude, elevations[index], timezone, api, nowMs);
    const axis = timeAxis(api, query, counts, place.offset, nowMs);
    return body(place, axis, { current, hourly, daily }, units, nowMs, query.get('current_weather') === 'true');
  });
}

function choice<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[], typeName: string): T {
  const value = query.get(key);
  if (value === null) return allowed[0] as T;
  if (!allowed.includes(value as T))
    throw new RequestError(`Cannot initialize ${typeName} from invalid String value ${value} for key ${key}`);
  return value as T;
}

function integer(query: URLSearchParams, key: string): number | undefined {
  const value = query.get(key);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value)) throw new RequestError(`Value of type 'Int' required for key '${key}'.`);
  return Number(value);
}

function floats(query: URLSearchParams, key: string): number[] {
  const raw = query.get(key);
  const values = raw === null || raw.trim() === '' ? [] : raw.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (values.length === 0 || values.some(Number.isNaN)) throw new RequestError(`Value of type 'Float' required for key '${key}'.`);
  return values;
}

/** How Swift prints a Float in the real error reasons: `91.0`, `-181.5`. */
function swiftFloat(value: number): string {
  const single = shortestFloat32(value);
  return Number.isInteger(single) && Math.abs(single) < 1e16 ? `${single}.0` : String(single);
}

function variables<T>(query: URLSearchParams, key: string, table: Record<string, T>): { name: string; variable: T }[] {
  const names = (query.get(key) ?? '').split(',').filter((name) => name !== '');
  return [...new Set(names)].map((name) => {
    const variable = findVariable(table, name);
    if (variable === undefined)
      throw new RequestError(`Cannot initialize WeatherVariable from invalid String value ${name} for key ${key}`);
    return { name, variable };
  });
}

/** The shortest decimal that reads back as the same float32, as Swift prints Floats: 13.400009. */
function shortestFloat32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits += 1) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}

/** The model grid point nearest a coordinate, computed in float32 like the real API (hence 13.400009). */
function snapToGrid(value: number, origin: number, step: number): number {
  const index = Math.round((value - origin) / step);
  return shortestFloat32(Math.fround(Math.fround(origin) + Math.fround(Math.fround(index) * Math.fround(step))));
}

function resolvePlace(
  latitude: number,
  longitude: number,
  elevation: number | undefined,
  timezone: string,
  api: ApiName,
  nowMs: number,
): Place {
  // Forecasts come from a ~0.1° model, the archive from ERA5's 0.25° grid.
  const step = api === 'forecast' ? 0.1 : 0.25;
  const near = nearestPlace(latitude, longitude);
  let zone = timezone;
  if (zone === 'auto') zone = near && near.metres < 600_000 ? near.place.timezone : 'GMT';
  else if (zone !== 'GMT') zone = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const ground = elevation ?? (near && near.metres < 15_000 ? near.place.elevation : terrainElevation(latitude, longitude));
  return {
    latitude: snapToGrid(latitude, -90, step),
    longitude: snapToGrid(longitude, -180, step),
    elevation: ground,
    timezone: zone,
    offset: utcOffsetSeconds(zone, nowMs),
    abbreviation: timeZoneAbbreviation(zone, nowMs),
  };
}

interface Counts {
  forecastDays: number | undefined;
  pastDays: number | undefined;
  forecastHours: number | undefined;
  pastHours: number | undefined;
}

function checkRange(given: number, max: number, what: 'Forecast' | 'Past'): number {
  if (given < 0 || given > max) throw new RequestError(`${what} days is invalid. Allowed range 0 to ${max}. Given ${given}.`);
  return given;
}

function timeAxis(api: ApiName, query: URLSearchParams, counts: Counts, offset: number, nowMs: number): TimeAxis {
  const offsetMs = offset * 1000;
  const todayUtc = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const dates = dateRange(query);
  if (api === 'archive' && !dates) throw new RequestError("Both 'start_date' and 'end_date' must be set in the url");
  if (dates) {
    if (counts.pastDays) throw new RequestError("Parameter 'past_days' is mutually exclusive with 'start_date' and 'end_date'");
    if (counts.forecastDays) throw new RequestError("Parameter 'forecast_days' is mutually exclusive with 'start_date' and 'end_date'");
    const [first, last] = api === 'archive' ? [ARCHIVE_FIRST_DAY, todayUtc] : [todayUtc - 92 * DAY_MS, todayUtc + 15 * DAY_MS];
    for (const [name, day] of [
      ['start_date', dates.start],
      ['end_date', dates.end],
    ] as const) {
      if (day < first || day > last) {
        throw new RequestError(`Parameter '${name}' is out of allowed range from ${isoDay(first)} to ${isoDay(last)}`);
      }
    }
    const days = range(dates.start - offsetMs, (dates.end - dates.start) / DAY_MS + 1, DAY_MS);
    const nullFrom = api === 'archive' ? todayUtc - ARCHIVE_DELAY_DAYS * DAY_MS - offsetMs : Number.POSITIVE_INFINITY;
    return { days, hours: range(dates.start - offsetMs, days.length * 24, HOUR_MS), nullFrom };
  }
  const forecastDays = checkRange(counts.forecastDays ?? 7, 16, 'Forecast');
  const pastDays = checkRange(counts.pastDays ?? 0, 92, 'Past');
  const firstDay = Math.floor((nowMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs - pastDays * DAY_MS;
  const days = range(firstDay, pastDays + forecastDays, DAY_MS);
  if (counts.forecastHours === undefined && counts.pastHours === undefined) {
    return { days, hours: range(firstDay, days.length * 24, HOUR_MS), nullFrom: Number.POSITIVE_INFINITY };
  }
  // forecast_hours / past_hours count from the current hour rather than from midnight.
  const forecastHours = checkRange(counts.forecastHours ?? forecastDays * 24, 16 * 24, 'Forecast');
  const pastHours = checkRange(counts.pastHours ?? 0, 92 * 24, 'Past');
  const firstHour = Math.floor((nowMs + offsetMs) / HOUR_MS) * HOUR_MS - offsetMs - pastHours * HOUR_MS;
  return { days, hours: range(firstHour, pastHours + forecastHours, HOUR_MS), nullFrom: Number.POSITIVE_INFINITY };
}

function dateRange(query: URLSearchParams): { start: number; end: number } | undefined {
  const start = query.get('start_date');
  const end = query.get('end_date');
  if (start === null && end === null) return undefined;
  if (start === null || end === null) throw new RequestError("Parameter 'start_date' and 'end_date' must have the same number of elements");
  const [startDay, endDay] = [parseDay(start), parseDay(end)];
  if (endDay < startDay) throw new RequestError('End-date must be larger or equals than start-date');
  return { start: startDay, end: endDay };
}

function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RequestError("Invalid date format. Make sure to use 'YYYY-MM-DD'");
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day || new Date(ms).getUTCMonth() !== month - 1) throw new RequestError('Invalid date');
  return ms;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const range = (start: number, count: number, step: number) => Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);

interface Requested {
  current: { name: string; variable: HourlyVariable }[];
  hourly: { name: string; variable: HourlyVariable }[];
  daily: { name: string; variable: DailyVariable }[];
}

function body(
  place: Place,
  axis: TimeAxis,
  requested: Requested,
  units: UnitChoice,
  nowMs: number,
  currentWeather: boolean,
): Record<string, unknown> {
  const { latitude, longitude, elevation, offset } = place;
  const time = (ms: number, daily = false) =>
    units.timeformat === 'unixtime' ? Math.floor(ms / 1000) : daily ? localDate(ms, offset) : localMinutes(ms, offset);
  const out: Record<string, unknown> = {
    latitude,
    longitude,
    generationtime_ms: 0,
    utc_offset_seconds: offset,
    timezone: place.timezone,
    timezone_abbreviation: place.abbreviation,
    elevation,
  };
  let values = 0;
  const currentAt = Math.floor((nowMs + offset * 1000) / 900_000) * 900_000 - offset * 1000;
  if (currentWeather) {
    const now = weatherAt(latitude, longitude, elevation, currentAt);
    out.current_weather_units = {
      time: unitOf('time', units),
      interval: 'seconds',
      temperature: unitOf('temperature', units),
      windspeed: unitOf('wind', units),
      winddirection: '°',
      is_day: '',
      weathercode: 'wmo code',
    };
    out.current_weather = {
      time: time(currentAt),
      interval: 900,
      temperature: present('temperature', now.temperature, 1, units),
      windspeed: present('wind', now.windSpeed, 1, units),
      winddirection: now.windDirection,
      is_day: now.isDay,
      weathercode: now.weatherCode,
    };
  }
  if (requested.current.length > 0) {
    const now = weatherAt(latitude, longitude, elevation, currentAt);
    const currentUnits: Record<string, string> = { time: unitOf('time', units), interval: 'seconds' };
    const current: Record<string, unknown> = { time: time(currentAt), interval: 900 };
    for (const { name, variable } of requested.current) {
      currentUnits[name] = unitOf(variable.kind, units);
      // Amounts in `current` cover the preceding 15 minutes, a quarter of the hourly sum.
      const quarter = variable.kind === 'precipitation' || variable.kind === 'snowfall' ? 0.25 : 1;
      current[name] = present(variable.kind, variable.read(now) * quarter, variable.decimals, units);
      values += 1;
    }
    out.current_units = currentUnits;
    out.current = current;
  }
  if (requested.hourly.length > 0) {
    const hours = axis.hours.map((ms) => (ms >= axis.nullFrom ? undefined : weatherAt(latitude, longitude, elevation, ms)));
    const hourlyUnits: Record<string, string> = { time: unitOf('time', units) };
    const hourly: Record<string, unknown[]> = { time: axis.hours.map((ms) => time(ms)) };
    for (const { name, variable } of requested.hourly) {
      hourlyUnits[name] = unitOf(variable.kind, units);
      hourly[name] = hours.map((hour) => (hour ? present(variable.kind, variable.read(hour), variable.decimals, units) : null));
      values += hours.length;
    }
    out.hourly_units = hourlyUnits;
    out.hourly = hourly;
  }
  if (requested.daily.length > 0) {
    const days = axis.days.map((ms) => ({ start: ms, weather: dayAt(latitude, longitude, elevation, ms) }));
    const dailyUnits: Record<string, string> = { time: unitOf('time', units) };
    const daily: Record<string, unknown[]> = { time: axis.days.map((ms) => time(ms, true)) };
    for (const { name, variable } of requested.daily) {
      dailyUnits[name] = unitOf(variable.kind, units);
      daily[name] = days.map(({ start, weather }) => {
        if (variable.kind === 'time') return time(variable.read(weather));
        // Sun times are astronomy; everything else waits for the reanalysis.
        if (start >= axis.nullFrom && name !== 'daylight_duration') return null;
        return present(variable.kind, variable.read(weather), variable.decimals, units);
      });
      values += days.length;
    }
    out.daily_units = dailyUnits;
    out.daily = daily;
  }
  out.generationtime_ms = Math.round((0.05 + values * 0.0004) * 1e6) / 1e6;
  return out;
}
