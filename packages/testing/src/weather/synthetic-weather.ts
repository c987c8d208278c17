/**
 * Deterministic, physically plausible weather for any place and instant: the same (latitude,
 * longitude, time) always gives the same numbers, so tests can assert on them and the forecast,
 * archive and NWS fakes agree with each other. Temperatures follow latitude, season, elevation
 * and the sun; a slowly varying "wetness" drives clouds, rain, snow, humidity, pressure and the
 * WMO weather code, so the variables are consistent with one another (no rain under clear skies).
 */

/** One hour of weather in SI-ish base units (°C, %, mm, cm, hPa, km/h, m, s). */
export interface HourWeather {
  temperature: number;
  relativeHumidity: number;
  dewPoint: number;
  apparentTemperature: number;
  /** Total over the preceding hour, mm. */
  precipitation: number;
  rain: number;
  showers: number;
  /** Snowfall over the preceding hour, cm. */
  snowfall: number;
  weatherCode: number;
  cloudCover: number;
  pressureMsl: number;
  surfacePressure: number;
  windSpeed: number;
  windDirection: number;
  windGusts: number;
  isDay: 0 | 1;
  precipitationProbability: number;
  /** Metres. */
  snowDepth: number;
  /** Metres. */
  visibility: number;
  uvIndex: number;
  /** Seconds of sunshine in the hour. */
  sunshineDuration: number;
}

const DAY_MS = 86_400_000;
const RAD = Math.PI / 180;

function hash(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return (h >>> 0) / 4_294_967_296;
}

/** Smooth value noise in [0, 1) along one axis. */
function noise(seed: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const t = f * f * (3 - 2 * f);
  return hash(seed, i) * (1 - t) + hash(seed, i + 1) * t;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Sun elevation above the horizon in degrees (low-precision solar position, good to ~0.1°). */
export function solarElevation(latitude: number, longitude: number, atMs: number): number {
  const n = atMs / DAY_MS - 10_957.5; // days since J2000.0
  const meanLongitude = (280.46 + 0.9856474 * n) % 360;
  const anomaly = ((357.528 + 0.9856003 * n) % 360) * RAD;
  const eclipticLongitude = (meanLongitude + 1.915 * Math.sin(anomaly) + 0.02 * Math.sin(2 * anomaly)) * RAD;
  const obliquity = (23.439 - 0.0000004 * n) * RAD;
  const rightAscension = Math.atan2(Math.cos(obliquity) * Math.sin(eclipticLongitude), Math.cos(eclipticLongitude));
  const declination = Math.asin(Math.sin(obliquity) * Math.sin(eclipticLongitude));
  const siderealHours = (18.697374558 + 24.06570982441908 * n) % 24;
  const hourAngle = (siderealHours * 15 + longitude) * RAD - rightAscension;
  const sine = Math.sin(latitude * RAD) * Math.sin(declination) + Math.cos(latitude * RAD) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.asin(clamp(sine, -1, 1)) / RAD;
}

/** Sunrise and sunset within [dayStartMs, dayStartMs + 24 h) (sun's upper limb, refraction included). */
export function sunTimes(latitude: number, longitude: number, dayStartMs: number): { sunrise: number; sunset: number } {
  const horizon = -0.833;
  const above = (t: number) => solarElevation(latitude, longitude, t) - horizon;
  const step = 10 * 60_000;
  let sunrise: number | undefined;
  let sunset: number | undefined;
  const refine = (from: number, to: number, rising: boolean) => {
    let [low, high] = [from, to];
    for (let i = 0; i < 20; i += 1) {
      const middle = (low + high) / 2;
      if (above(middle) > 0 === rising) high = middle;
      else low = middle;
    }
    return Math.round((low + high) / 2);
  };
  let previous = above(dayStartMs);
  for (let t = dayStartMs + step; t <= dayStartMs + DAY_MS; t += step) {
    const current = above(t);
    if (previous <= 0 && current > 0 && sunrise === undefined) sunrise = refine(t - step, t, true);
    if (previous > 0 && current <= 0) sunset = refine(t - step, t, false);
    previous = current;
  }
  if (sunrise !== undefined && sunset !== undefined && sunset > sunrise) return { sunrise, sunset };
  // Polar day or night (or a day the sun only rises or only sets): report the whole or none of it.
  const upAtNoon = above(dayStartMs + DAY_MS / 2) > 0;
  return upAtNoon ? { sunrise: dayStartMs, sunset: dayStartMs + DAY_MS } : { sunrise: dayStartMs, sunset: dayStartMs };
}

/** Ground elevation in metres for places the gazetteer does not know: gentle, deterministic hills. */
export function terrainElevation(latitude: number, longitude: number): number {
  const hills = noise(7, latitude * 1.3 + longitude * 0.7) * 600 + noise(11, longitude * 2.1 - latitude) * 300;
  return Math.round(Math.max(0, hills - 250));
}

function dayOfYear(atMs: number): number {
  const date = new Date(atMs);
  return (atMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
}

interface Climate {
  /** Added to the latitude's annual mean, °C. */
  warmth: number;
  /** Scales the seasonal swing: below 1 by the sea, above 1 inside continents. */
  continentality: number;
  /** Taken off the wetness: deserts rarely rain. */
  dryness: number;
}

/** Regions whose climate latitude alone gets wrong (box: south, west, north, east). */
const CLIMATE_REGIONS: readonly { box: readonly [number, number, number, number]; climate: Climate }[] = [
  // The Gulf Stream keeps north-west Europe and Iceland mild and their seasons small.
  { box: [35, -30, 72, 30], climate: { warmth: 3, continentality: 0.7, dryness: 0 } },
  // The Pacific does the same for the north-west coast of America.
  { box: [40, -130, 60, -121], climate: { warmth: 1.5, continentality: 0.6, dryness: 0 } },
  // North America east of the Rockies: cold winters, hot summers.
  { box: [30, -105, 60, -65], climate: { warmth: -1, continentality: 1.35, dryness: 0 } },
  // Deserts: the American south-west, the Sahara and Arabia, inland Australia.
  { box: [30, -120, 38, -104], climate: { warmth: 1, continentality: 1.1, dryness: 0.25 } },
  { box: [15, -15, 32, 55], climate: { warmth: 2, continentality: 1, dryness: 0.3 } },
  { box: [-32, 120, -20, 145], climate: { warmth: 1, continentality: 1, dryness: 0.25 } },
];

function climateAt(latitude: number, longitude: number): Climate {
  const climate: Climate = { warmth: 0, continentality: 1, dryness: 0 };
  for (const { box, climate: regional } of CLIMATE_REGIONS) {
    const [south, west, north, east] = box;
    if (latitude < south || latitude > north || longitude < west || longitude > east) continue;
    // Gulf-Stream warmth grows towards the pole.
    climate.warmth += regional.warmth + (regional.continentality < 1 ? 0.15 * Math.max(0, Math.abs(latitude) - 50) : 0);
    climate.continentality *= regional.continentality;
    climate.dryness = Math.max(climate.dryness, regional.dryness);
  }
  return climate;
}

/** Seasonal mean temperature (no weather, no day/night) at a place and instant. */
function climateTemperature(latitude: number, elevation: number, climate: Climate, atMs: number): number {
  const annualMean = 27.5 - 0.0072 * latitude * latitude - 0.004 * elevation + climate.warmth;
  const amplitude = Math.min(11, 0.0055 * latitude * latitude + 0.05 * Math.abs(latitude)) * climate.continentality;
  const season = Math.cos((2 * Math.PI * (dayOfYear(atMs) - 20)) / 365.25);
  return annualMean - Math.sign(latitude || 1) * amplitude * season;
}

function weatherCodeFor(w: {
  precipitation: number;
  showers: number;
  snowfall: number;
  freezing: boolean;
  fog: boolean;
  temperature: number;
  cloudCover: number;
}): number {
  const { precipitation, showers, snowfall } = w;
  if (precipitation > 0) {
    if (snowfall > 0) return precipitation < 1 ? 71 : precipitation < 2.5 ? 73 : 75;
    if (w.freezing) return precipitation <= 0.3 ? (precipitation <= 0.1 ? 56 : 57) : precipitation < 2.5 ? 66 : 67;
    if (showers > 0) {
      if (precipitation >= 5.5 && w.temperature > 24) return 96;
      if (precipitation >= 3 && w.temperature > 20) return 95;
      return precipitation < 2 ? 80 : precipitation < 6 ? 81 : 82;
    }
    if (precipitation <= 0.3) return precipitation <= 0.1 ? 51 : precipitation <= 0.2 ? 53 : 55;
    return precipitation < 2.5 ? 61 : precipitation < 7.6 ? 63 : 65;
  }
  if (w.fog) return w.temperature < 0 ? 48 : 45;
  if (w.cloudCover < 20) return 0;
  if (w.cloudCover < 50) return 1;
  return w.cloudCover < 80 ? 2 : 3;
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** The weather at a place at an instant (hourly sums refer to the hour before `atMs`). */
export function weatherAt(latitude: number, longitude: number, elevation: number, atMs: number): HourWeather {
  // Places within the same half-degree cell share weather systems.
  const seed = Math.floor(hash(Math.floor(latitude * 2), Math.floor(longitude * 2)) * 1_000_000);
  const days = atMs / DAY_MS;
  const climate = climateAt(latitude, longitude);
  const wetness = clamp(0.6 * noise(seed, days / 2.5) + 0.4 * noise(seed + 1, days / 0.7) - climate.dryness, 0, 1);

  const cloudCover = clamp(Math.round((wetness - 0.2) * 180), 0, 100);
  const solarHour = (((atMs / 3_600_000 + longitude / 15) % 24) + 24) % 24;
  const diurnal = 4.5 * (1 - 0.6 * (cloudCover / 100)) * Math.cos((2 * Math.PI * (solarHour - 15)) / 24);
  const anomaly = 6 * (noise(seed + 2, days / 4) - 0.5);
  const temperature = round(climateTemperature(latitude, elevation, climate, atMs) + diurnal + anomaly, 1);

  const rate = wetness > 0.7 ? Math.min(9, (wetness - 0.7) ** 1.3 * 30) : 0;
  const precipitation = round(rate, 1);
  const snowing = temperature < 0.5 && precipitation > 0;
  const freezing = snowing && temperature > -2 && noise(seed + 5, days / 2) > 0.8;
  const convective = !snowing && temperature > 18 && solarHour >= 12 && solarHour <= 20;
  const snowfall = snowing && !freezing ? round(precipitation * 0.7, 2) : 0;
  const showers = convective ? precipitation : 0;
  const rain = !snowing || freezing ? (convective ? 0 : precipitation) : 0;

  const relativeHumidity = clamp(
    Math.round(35 + 55 * wetness - 1.5 * diurnal - 40 * climate.dryness + (precipitation > 0 ? 12 : 0)),
    5,
    100,
  );
  const magnus = Math.log(relativeHumidity / 100) + (17.625 * temperature) / (243.04 + temperature);
  const dewPoint = round((243.04 * magnus) / (17.625 - magnus), 1);

  const windSpeed = round(6 + 18 * noise(seed + 3, days / 1.5) + 10 * Math.max(0, wetness - 0.5) + Math.max(0, diurnal) * 0.6, 1);
  const windDirection = Math.round(360 * noise(seed + 4, days / 3)) % 360;
  const windGusts = round(windSpeed * 1.5 + 4 + rate * 2, 1);

  const pressureMsl = round(1013 + 22 * (0.5 - wetness) + 4 * (noise(seed + 6, days / 5) - 0.5), 1);
  const surfacePressure = round(pressureMsl * (1 - 2.25577e-5 * elevation) ** 5.25588, 1);

  const vapourPressure = (relativeHumidity / 100) * 6.105 * Math.exp((17.27 * temperature) / (237.7 + temperature));
  const apparentTemperature = round(temperature + 0.33 * vapourPressure - 0.7 * (windSpeed / 3.6) - 4, 1);

  const sun = solarElevation(latitude, longitude, atMs);
  const isDay = sun > 0 ? 1 : 0;
  const clearness = 1 - 0.75 * (cloudCover / 100) ** 3;
  const uvIndex = sun > 0 ? round(12.5 * Math.sin(sun * RAD) ** 2.5 * clearness, 2) : 0;
  const sunUp = clamp((solarElevation(latitude, longitude, atMs - 1_800_000) + 1) / 6, 0, 1);
  const sunshineDuration = round(3600 * sunUp * clamp(1 - 1.1 * (cloudCover / 100), 0, 1), 2);

  const fog = precipitation === 0 && relativeHumidity >= 97 && windSpeed < 8;
  const haze = relativeHumidity > 93 ? 0.6 : 1;
  const visibility = fog ? 200 + Math.round(600 * hash(seed, Math.floor(days * 24))) : Math.round((haze * 24140) / (1 + rate * 2));
  const seasonal = climateTemperature(latitude, elevation, climate, atMs);
  const snowDepth = seasonal < -1 ? round(Math.min(1.5, -seasonal * 0.04), 2) : 0;
  const precipitationProbability = clamp(Math.round((wetness - 0.45) * 260), 0, 100);

  return {
    temperature,
    relativeHumidity,
    dewPoint,
    apparentTemperature,
    precipitation,
    rain,
    showers,
    snowfall,
    weatherCode: weatherCodeFor({ precipitation, showers, snowfall, freezing, fog, temperature, cloudCover }),
    cloudCover,
    pressureMsl,
    surfacePressure,
    windSpeed,
    windDirection,
    windGusts,
    isDay,
    precipitationProbability,
    snowDepth,
    visibility,
    uvIndex,
    sunshineDuration,
  };
}

/** One local day of weather, aggregated the way Open-Meteo's daily variables are. */
export interface DayWeather {
  hours: HourWeather[];
  sunrise: number;
  sunset: number;
  /** Seconds between sunrise and sunset. */
  daylightDuration: number;
}

const dayCache = new Map<string, DayWeather>();

/** The 24 hourly values of the local day starting at `dayStartMs` (00:00 to 23:00, as in the hourly series), with the sun's times. */
export function dayAt(latitude: number, longitude: number, elevation: number, dayStartMs: number): DayWeather {
  // Deterministic, so a benchmark asking for the same days again need not pay for the sun's path twice.
  const key = `${latitude}|${longitude}|${elevation}|${dayStartMs}`;
  const known = dayCache.get(key);
  if (known) return known;
  const hours: HourWeather[] = [];
  for (let hour = 0; hour < 24; hour += 1) hours.push(weatherAt(latitude, longitude, elevation, dayStartMs + hour * 3_600_000));
  const { sunrise, sunset } = sunTimes(latitude, longitude, dayStartMs);
  const day = { hours, sunrise, sunset, daylightDuration: round((sunset - sunrise) / 1000, 2) };
  if (dayCache.size > 20_000) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

/** Direction the wind mostly came from over some hours (speed-weighted vector mean), 0–359°. */
export function dominantDirection(hours: readonly HourWeather[]): number {
  let x = 0;
  let y = 0;
  for (const hour of hours) {
    x += hour.windSpeed * Math.cos(hour.windDirection * RAD);
    y += hour.windSpeed * Math.sin(hour.windDirection * RAD);
  }
  return Math.round((Math.atan2(y, x) / RAD + 360) % 360) % 360;
}
