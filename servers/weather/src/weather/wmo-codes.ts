/**
 * WMO weather interpretation codes (WMO 4677, the subset Open-Meteo uses) in words. The
 * numbers mean nothing to a reader or a model, so every row that has a code gets these
 * words next to it.
 */
const WMO_CODES: Readonly<Record<number, string>> = {
  0: 'Clear sky',
  1: 'Mainly clear',
  2: 'Partly cloudy',
  3: 'Overcast',
  45: 'Fog',
  48: 'Depositing rime fog',
  51: 'Light drizzle',
  53: 'Moderate drizzle',
  55: 'Dense drizzle',
  56: 'Light freezing drizzle',
  57: 'Dense freezing drizzle',
  61: 'Slight rain',
  63: 'Moderate rain',
  65: 'Heavy rain',
  66: 'Light freezing rain',
  67: 'Heavy freezing rain',
  71: 'Slight snowfall',
  73: 'Moderate snowfall',
  75: 'Heavy snowfall',
  77: 'Snow grains',
  80: 'Slight rain showers',
  81: 'Moderate rain showers',
  82: 'Violent rain showers',
  85: 'Slight snow showers',
  86: 'Heavy snow showers',
  95: 'Thunderstorm',
  96: 'Thunderstorm with slight hail',
  99: 'Thunderstorm with heavy hail',
};

/** The words for a WMO code; an unknown code is named, not guessed. */
export function describeWeatherCode(code: number | null | undefined): string | undefined {
  if (code === null || code === undefined) return undefined;
  return WMO_CODES[code] ?? `Unknown weather (WMO code ${code})`;
}
