import type { WeatherApp } from '../app.js';
import type { LocationInput } from '../location/location-input.js';
import { type PlaceFilter, type ResolvedLocation, resolveLocation } from '../location/resolve-location.js';

/**
 * Resolves a location for an NWS tool. A place name resolves among US places only ("Paris"
 * is Paris, Texas here); a name with none in the US is refused before the NWS is asked.
 */
export function resolveUsLocation(input: LocationInput, app: WeatherApp, signal: AbortSignal): Promise<ResolvedLocation> {
  return resolveLocation(input, app, signal, US_PLACES);
}

const US_PLACES: PlaceFilter = {
  accept: (candidate) => candidate.country_code !== undefined && US_COUNTRY_CODES.has(candidate.country_code),
  refusal: (name, found) =>
    `No "${name}" in the United States or its territories was found (${found.join('; ')} ${found.length === 1 ? 'is' : 'are'} elsewhere), and the National Weather Service covers only those. Use get_forecast for anywhere in the world.`,
};

/** The US and the territories the NWS forecasts for. */
const US_COUNTRY_CODES = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);
