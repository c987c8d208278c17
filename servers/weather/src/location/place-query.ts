import type { GeocodingResult } from '../upstream/open-meteo.js';
import { toAreaCode } from './us-states.js';

/**
 * A place as people write it: "Paris", "Paris, Texas", "Springfield, IL, US". Open-Meteo's
 * geocoder searches names only, so the part before the first comma is searched and the
 * rest narrows the candidates (region, country, country code or US state code).
 */
export interface PlaceQuery {
  name: string;
  qualifiers: string[];
}

export function parsePlace(place: string): PlaceQuery {
  const [name = '', ...rest] = place.split(',').map((part) => part.trim());
  return { name, qualifiers: rest.filter((part) => part !== '') };
}

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** Whether every qualifier names one of the candidate's regions or its country. */
export function matchesQualifiers(candidate: GeocodingResult, qualifiers: readonly string[]): boolean {
  const names = [candidate.admin1, candidate.admin2, candidate.admin3, candidate.admin4, candidate.country, candidate.country_code]
    .filter((value): value is string => value !== undefined)
    .map(fold);
  return qualifiers.every((qualifier) => {
    const folded = fold(qualifier);
    if (names.includes(folded)) return true;
    // "TX" for Texas, "USA"/"US" and "UK" as people write them.
    if (candidate.country_code === 'US' && toAreaCode(qualifier) !== undefined) {
      return candidate.admin1 !== undefined && toAreaCode(candidate.admin1) === toAreaCode(qualifier);
    }
    const code = candidate.country_code?.toLowerCase();
    return (code === 'us' && folded === 'usa') || (code === 'gb' && folded === 'uk');
  });
}

/** "Paris, Texas, United States" — name, first region, country. */
export function describePlace(candidate: GeocodingResult): string {
  return [candidate.name, candidate.admin1 !== candidate.name ? candidate.admin1 : undefined, candidate.country ?? candidate.country_code]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(', ');
}
