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
    // "TX" for Texas, and countries as people write them ("USA", "U.S.", "UK").
    if (candidate.country_code === 'US' && toAreaCode(qualifier) !== undefined) {
      return candidate.admin1 !== undefined && toAreaCode(candidate.admin1) === toAreaCode(qualifier);
    }
    return candidate.country_code !== undefined && COUNTRY_ALIASES[candidate.country_code]?.includes(folded) === true;
  });
}

/** Other names of countries, folded, beyond the geocoder's own name and code. */
const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  US: ['usa', 'u s', 'u s a', 'united states of america', 'america'],
  GB: ['uk', 'u k', 'great britain', 'britain', 'england', 'scotland', 'wales', 'northern ireland'],
  NL: ['holland', 'the netherlands'],
  CZ: ['czech republic'],
  KR: ['korea', 'south korea'],
  RU: ['russia'],
};

/** Why a place argument cannot be searched, or undefined when it can. */
export function placeProblem(place: string): string | undefined {
  return parsePlace(place).name.length < 2 ? 'name the place (at least 2 characters) before any comma' : undefined;
}

/** "Paris, Texas, United States" — name, first region, country. */
export function describePlace(candidate: GeocodingResult): string {
  return [candidate.name, candidate.admin1 !== candidate.name ? candidate.admin1 : undefined, candidate.country ?? candidate.country_code]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(', ');
}
