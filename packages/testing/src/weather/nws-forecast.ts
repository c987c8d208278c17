import { isoWithOffset, localClock, utcOffsetSeconds } from './local-time.js';
import type { GridCell } from './nws-grid.js';
import { cellPolygon } from './nws-grid.js';
import type { HourWeather } from './synthetic-weather.js';
import { dominantDirection, weatherAt } from './synthetic-weather.js';

/**
 * The NWS forecast documents for a grid cell: `/forecast` (fourteen day and night periods named
 * "This Afternoon", "Tonight", "Tuesday", "Tuesday Night"…) and `/forecast/hourly` (156 one-hour
 * periods), in US or SI units, with NWS wording ("Chance Rain Showers", "5 to 10 mph") and
 * icons, from the same synthetic weather the Open-Meteo fake serves.
 */

export type ForecastUnits = 'us' | 'si';

const HOUR_MS = 3_600_000;
const COMPASS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];
const COMPASS_WORDS: Record<string, string> = { N: 'North', E: 'East', S: 'South', W: 'West' };

const compass = (degrees: number) => COMPASS[Math.round(degrees / 22.5) % 16] ?? 'N';
const compassWords = (point: string) =>
  [...point]
    .map((letter, i) => (i === 0 ? COMPASS_WORDS[letter] : (COMPASS_WORDS[letter] ?? '').toLowerCase()))
    .join('')
    .replace(/^(North|South|East|West)(north|south)(east|west)$/, '$1 $2$3');
const isoUtc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

interface Sky {
  short: string;
  icon: string;
  precipitating: boolean;
}

/** NWS wording and icon for some hours of weather. */
function describe(hours: readonly HourWeather[], pop: number, isDaytime: boolean): Sky {
  const code = Math.max(...hours.map((hour) => hour.weatherCode));
  const cloud = hours.reduce((total, hour) => total + hour.cloudCover, 0) / hours.length;
  const precipitation: [string, string] | undefined =
    code >= 95
      ? ['Showers And Thunderstorms', 'tsra']
      : code >= 80
        ? ['Rain Showers', 'rain_showers']
        : code >= 71
          ? ['Snow', 'snow']
          : code >= 66
            ? ['Freezing Rain', 'fzra']
            : code >= 61
              ? ['Rain', 'rain']
              : code >= 56
                ? ['Freezing Drizzle', 'fzra']
                : code >= 51
                  ? ['Drizzle', 'rain']
                  : undefined;
  if (precipitation) {
    const [what, icon] = precipitation;
    const short = pop < 25 ? `Slight Chance ${what}` : pop < 55 ? `Chance ${what}` : pop < 75 ? `${what} Likely` : what;
    return { short, icon, precipitating: true };
  }
  if (code === 45 || code === 48) return { short: 'Patchy Fog', icon: 'fog', precipitating: false };
  const [day, night, icon] =
    cloud < 20
      ? ['Sunny', 'Clear', 'skc']
      : cloud < 45
        ? ['Mostly Sunny', 'Mostly Clear', 'few']
        : cloud < 70
          ? ['Partly Sunny', 'Partly Cloudy', 'sct']
          : cloud < 88
            ? ['Mostly Cloudy', 'Mostly Cloudy', 'bkn']
            : ['Cloudy', 'Cloudy', 'ovc'];
  return { short: isDaytime ? day : night, icon, precipitating: false };
}

function iconUrl(base: string, sky: Sky, pop: number, isDaytime: boolean, size: 'small' | 'medium'): string {
  const withPop = sky.precipitating && pop >= 20 ? `${sky.icon},${pop}` : sky.icon;
  return `${base}/icons/land/${isDaytime ? 'day' : 'night'}/${withPop}?size=${size}`;
}

const mph = (kmh: number) => kmh / 1.609344;
const fahrenheit = (celsius: number) => (celsius * 9) / 5 + 32;

function windPhrase(lowMph: number, highMph: number, units: ForecastUnits): string {
  const [low, high] = [Math.round(lowMph / 5) * 5, Math.round(highMph / 5) * 5];
  const show = (value: number) => (units === 'si' ? Math.round(value * 1.609344) : value);
  const unit = units === 'si' ? 'km/h' : 'mph';
  return high > low ? `${show(low)} to ${show(high)} ${unit}` : `${show(Math.max(high, 0))} ${unit}`;
}

function periodName(start: number, isDaytime: boolean, first: boolean, timeZone: string, nowMs: number): string {
  const { hour, weekday } = localClock(start, timeZone);
  const sameDay = localDayNumber(start, timeZone) === localDayNumber(nowMs, timeZone);
  if (isDaytime) return first && hour >= 12 ? 'This Afternoon' : sameDay ? 'Today' : weekday;
  if (first && hour < 6) return 'Overnight';
  return sameDay ? 'Tonight' : `${weekday} Night`;
}

const localDayNumber = (ms: number, timeZone: string) => Math.floor((ms + utcOffsetSeconds(timeZone, ms) * 1000) / 86_400_000);

interface ForecastContext {
  base: string;
  cell: GridCell;
  elevation: number;
  timeZone: string;
  units: ForecastUnits;
  nowMs: number;
}

/** `/gridpoints/{wfo}/{x},{y}/forecast` or `/forecast/hourly` as a GeoJSON Feature. */
export function forecastFeature(context: ForecastContext, hourly: boolean): Record<string, unknown> {
  const { cell, nowMs } = context;
  const firstHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const updateTime = Math.floor((nowMs - 47 * 60_000) / 60_000) * 60_000;
  return {
    '@context': [
      'https://geojson.org/geojson-ld/geojson-context.jsonld',
      {
        '@version': '1.1',
        wx: 'https://api.weather.gov/ontology#',
        geo: 'http://www.opengis.net/ont/geosparql#',
        unit: 'http://codes.wmo.int/common/unit/',
        '@vocab': 'https://api.weather.gov/ontology#',
      },
    ],
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [cellPolygon(cell)] },
    properties: {
      units: context.units,
      forecastGenerator: hourly ? 'HourlyForecastGenerator' : 'BaselineForecastGenerator',
      generatedAt: isoUtc(Math.floor(nowMs / 1000) * 1000),
      updateTime: isoUtc(updateTime),
      validTimes: `${isoUtc(firstHour - HOUR_MS)}/P7DT14H`,
      elevation: { unitCode: 'wmoUnit:m', value: context.elevation },
      periods: hourly ? hourlyPeriods(context, firstHour) : twelveHourPeriods(context, firstHour),
    },
  };
}

function hourlyPeriods(context: ForecastContext, firstHour: number): Record<string, unknown>[] {
  const { cell, units, timeZone, base } = context;
  return Array.from({ length: 156 }, (_, index) => {
    const start = firstHour + index * HOUR_MS;
    const weather = weatherAt(cell.latitude, cell.longitude, context.elevation, start);
    const { hour } = localClock(start, timeZone);
    const isDaytime = hour >= 6 && hour < 18;
    const pop = weather.precipitationProbability;
    const sky = describe([weather], pop, isDaytime);
    const dewpointF = Math.round(fahrenheit(weather.dewPoint));
    return {
      number: index + 1,
      name: '',
      startTime: isoWithOffset(start, timeZone),
      endTime: isoWithOffset(start + HOUR_MS, timeZone),
      isDaytime,
      temperature: units === 'si' ? Math.round(weather.temperature) : Math.round(fahrenheit(weather.temperature)),
      temperatureUnit: units === 'si' ? 'C' : 'F',
      temperatureTrend: '',
      probabilityOfPrecipitation: { unitCode: 'wmoUnit:percent', value: pop },
      // The NWS keeps dew points in °C but derives them from whole °F, hence the long fractions.
      dewpoint: { unitCode: 'wmoUnit:degC', value: ((dewpointF - 32) * 5) / 9 },
      relativeHumidity: { unitCode: 'wmoUnit:percent', value: weather.relativeHumidity },
      windSpeed: windPhrase(mph(weather.windSpeed), mph(weather.windSpeed), units),
      windDirection: compass(weather.windDirection),
      icon: iconUrl(base, sky, pop, isDaytime, 'small'),
      shortForecast: sky.short,
      detailedForecast: '',
    };
  });
}

function twelveHourPeriods(context: ForecastContext, firstHour: number): Record<string, unknown>[] {
  const { cell, units, timeZone, base, nowMs } = context;
  const periods: Record<string, unknown>[] = [];
  let start = firstHour;
  for (let number = 1; number <= 14; number += 1) {
    const { hour } = localClock(start, timeZone);
    const isDaytime = hour >= 6 && hour < 18;
    // Periods end at the next local 6 am or 6 pm.
    let end = start + HOUR_MS;
    while (localClock(end, timeZone).hour !== 6 && localClock(end, timeZone).hour !== 18) end += HOUR_MS;
    const hours: HourWeather[] = [];
    for (let t = start; t < end; t += HOUR_MS) hours.push(weatherAt(cell.latitude, cell.longitude, context.elevation, t));
    const temperatures = hours.map((weather) => weather.temperature);
    const celsius = isDaytime ? Math.max(...temperatures) : Math.min(...temperatures);
    const temperature = units === 'si' ? Math.round(celsius) : Math.round(fahrenheit(celsius));
    const rawPop = Math.max(...hours.map((weather) => weather.precipitationProbability));
    const pop = Math.round(rawPop / 10) * 10;
    const sky = describe(hours, pop, isDaytime);
    const speeds = hours.map((weather) => mph(weather.windSpeed));
    const wind = windPhrase(Math.min(...speeds), Math.max(...speeds), units);
    const direction = compass(dominantDirection(hours));
    periods.push({
      number,
      name: periodName(start, isDaytime, number === 1, timeZone, nowMs),
      startTime: isoWithOffset(start, timeZone),
      endTime: isoWithOffset(end, timeZone),
      isDaytime,
      temperature,
      temperatureUnit: units === 'si' ? 'C' : 'F',
      temperatureTrend: '',
      probabilityOfPrecipitation: { unitCode: 'wmoUnit:percent', value: pop > 0 ? pop : null },
      windSpeed: wind,
      windDirection: direction,
      icon: iconUrl(base, sky, pop, isDaytime, 'medium'),
      shortForecast: sky.short,
      detailedForecast: detailed(sky, isDaytime, temperature, compassWords(direction), wind, pop),
    });
    start = end;
  }
  return periods;
}

function detailed(sky: Sky, isDaytime: boolean, temperature: number, direction: string, wind: string, pop: number): string {
  const asSentence = (text: string) => text.charAt(0) + text.slice(1).toLowerCase();
  const sentences: string[] = [];
  if (sky.precipitating) sentences.push(`${asSentence(sky.short)}.`);
  const cover = sky.precipitating ? 'Mostly cloudy' : asSentence(sky.short);
  sentences.push(isDaytime ? `${cover}, with a high near ${temperature}.` : `${cover}, with a low around ${temperature}.`);
  sentences.push(wind.startsWith('0 ') ? 'Calm wind.' : `${direction} wind ${wind.includes(' to ') ? '' : 'around '}${wind}.`);
  if (pop >= 20) sentences.push(`Chance of precipitation is ${pop}%.`);
  return sentences.join(' ');
}
