import { invalidInput } from '@mcpkit/core';
import type { WeatherApp } from '../app.js';
import type { LocationInput } from '../location/location-input.js';
import { type ResolvedLocation, resolveLocation } from '../location/resolve-location.js';

/**
 * Resolves a location for an NWS tool. A place name is geocoded first; one found outside
 * the US is refused here, before the NWS is asked about a point it cannot cover.
 */
export async function resolveUsLocation(input: LocationInput, app: WeatherApp, signal: AbortSignal): Promise<ResolvedLocation> {
  const resolved = await resolveLocation(input, app, signal);
  const code = resolved.location.countryCode;
  if (code !== undefined && !US_COUNTRY_CODES.has(code)) {
    throw invalidInput(
      `${resolved.location.name} is outside the United States, and the National Weather Service covers only the US and its territories. Use get_forecast for anywhere in the world.`,
    );
  }
  return resolved;
}

/** The US and the territories the NWS forecasts for. */
const US_COUNTRY_CODES = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);
