import { invalidInput, notFound } from '@mcpkit/core';
import type { WeatherApp } from '../app.js';
import type { Freshness } from '../upstream/freshness.js';
import type { GeocodingResult } from '../upstream/open-meteo.js';
import type { LocationInput, LocationRecord } from './location-input.js';
import { describePlace, matchesQualifiers, parsePlace } from './place-query.js';

export interface ResolvedLocation {
  location: LocationRecord;
  /** Other places the name could have meant, best first, for the model to offer. */
  alternatives: string[];
  /** The geocoding answer's freshness; absent when coordinates were given. */
  freshness?: Freshness;
}

/** Candidates fetched when a qualifier will filter them; the best match is rarely past 50. */
const QUALIFIED_SEARCH_COUNT = 50;
const PLAIN_SEARCH_COUNT = 10;
const MAX_ALTERNATIVES = 3;

/** Narrows the places a name may resolve to (the NWS tools: US places only). */
export interface PlaceFilter {
  accept(candidate: GeocodingResult): boolean;
  /** Why no candidate was left, e.g. "none of them is in the United States or its territories". */
  refusal(name: string, found: readonly string[]): string;
}

export interface PlaceSearch {
  /** The searched name and the qualifiers after it ("Paris", ["Texas"]). */
  name: string;
  qualifiers: string[];
  /** Everything the geocoder found for the name. */
  results: GeocodingResult[];
  /** Those the qualifiers allow, best first. */
  matching: GeocodingResult[];
  freshness: Freshness;
}

/**
 * Looks a place up as people write it: the name before the first comma is searched and the
 * rest narrows the results. A qualified name fetches more candidates, since the best match
 * for "Paris, Texas" is rarely among the first few Parises.
 */
export async function searchPlaces(
  app: WeatherApp,
  place: string,
  options: { count: number; language: string; countryCode?: string },
  signal: AbortSignal,
): Promise<PlaceSearch> {
  const { name, qualifiers } = parsePlace(place);
  const count = qualifiers.length > 0 ? Math.max(options.count, QUALIFIED_SEARCH_COUNT) : options.count;
  const { results, freshness } = await app.openMeteo.search({ ...options, name, count }, signal);
  return { name, qualifiers, results, matching: results.filter((candidate) => matchesQualifiers(candidate, qualifiers)), freshness };
}

/** Turns a tool's location arguments into coordinates, geocoding a place name on the way. */
export async function resolveLocation(
  input: LocationInput,
  app: WeatherApp,
  signal: AbortSignal,
  filter?: PlaceFilter,
): Promise<ResolvedLocation> {
  if (input.place === undefined) {
    const latitude = input.latitude ?? 0;
    const longitude = input.longitude ?? 0;
    return { location: { name: `${latitude}, ${longitude}`, latitude, longitude }, alternatives: [] };
  }
  const { name, qualifiers, results, matching, freshness } = await searchPlaces(
    app,
    input.place,
    { count: PLAIN_SEARCH_COUNT, language: 'en' },
    signal,
  );
  if (results.length === 0) {
    throw notFound(
      `No place called "${name}" was found. Check the spelling, try the English or local name without extra words, or give latitude and longitude.`,
    );
  }
  const allowed = filter ? matching.filter((candidate) => filter.accept(candidate)) : matching;
  if (filter && matching.length > 0 && allowed.length === 0) {
    throw invalidInput(filter.refusal(name, unique(matching.map(describePlace)).slice(0, 5)));
  }
  const [best, ...others] = allowed;
  if (!best) {
    const seen = unique(results.map(describePlace)).slice(0, 5);
    throw notFound(
      `No "${name}" in ${qualifiers.map((q) => `"${q}"`).join(', ')} was found. Places called "${name}": ${seen.join('; ')}. Name one of their regions or countries instead.`,
    );
  }
  return {
    location: toRecord(best),
    alternatives: unique(others.map(describePlace))
      .filter((label) => label !== describePlace(best))
      .slice(0, MAX_ALTERNATIVES),
    freshness,
  };
}

export function toRecord(candidate: GeocodingResult): LocationRecord {
  return {
    name: describePlace(candidate),
    latitude: candidate.latitude,
    longitude: candidate.longitude,
    ...(candidate.elevation !== undefined && { elevation: candidate.elevation }),
    ...(candidate.timezone !== undefined && { timezone: candidate.timezone }),
    ...(candidate.country !== undefined && { country: candidate.country }),
    ...(candidate.country_code !== undefined && { countryCode: candidate.country_code }),
    ...(candidate.admin1 !== undefined && { admin1: candidate.admin1 }),
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** "Also: Paris, Texas, United States; …" when the name was ambiguous. */
export function alternativesNote(resolved: ResolvedLocation): string[] {
  if (resolved.alternatives.length === 0) return [];
  return [
    `(Other places with this name: ${resolved.alternatives.join('; ')}. Add the region or country to pick one, e.g. "${resolved.alternatives[0]}".)`,
  ];
}
