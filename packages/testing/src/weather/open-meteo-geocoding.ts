import type { FakeResponse } from '../fake-upstream.js';
import type { GazetteerPlace } from './gazetteer.js';
import { GAZETTEER } from './gazetteer.js';

/**
 * `GET /v1/search` of geocoding-api.open-meteo.com over the gazetteer. Like the real service:
 * fewer than two characters find nothing, two characters match whole names only, three or more
 * match the start of a name, case and accents do not matter, postcodes are found too, the most
 * populous places come first, and text after a comma narrows by region or country
 * ("Springfield, Missouri"). Empty fields are left out, and no match means no `results` key.
 */

/** The fields a result carries, in the order the real API writes them. */
const RESULT_FIELDS = [
  'id',
  'name',
  'latitude',
  'longitude',
  'elevation',
  'feature_code',
  'country_code',
  'admin1_id',
  'admin2_id',
  'admin3_id',
  'admin4_id',
  'timezone',
  'population',
  'postcodes',
  'country_id',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'admin4',
] as const satisfies readonly (keyof GazetteerPlace)[];

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export function openMeteoError(reason: string, status = 400): FakeResponse {
  return { status, json: { error: true, reason }, headers: JSON_TYPE };
}

/** Lower case without accents: "Zürich" and "zurich" compare equal, as in the real index. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

export function searchPlaces(query: URLSearchParams): FakeResponse {
  const rawName = query.get('name');
  if (rawName === null) return openMeteoError("Value required for key 'name'.");
  const rawCount = query.get('count');
  const count = rawCount === null ? 10 : /^-?\d+$/.test(rawCount) ? Number(rawCount) : Number.NaN;
  if (Number.isNaN(count)) return openMeteoError("Value of type 'Int' required for key 'count'.");
  if (count < 1 || count > 100) return openMeteoError('Parameter count must be between 1 and 100.');

  const [namePart = '', areaPart = ''] = rawName.split(',');
  const name = foldText(namePart);
  const area = foldText(areaPart);
  const countryCode = query.get('countryCode')?.toUpperCase();

  const found = [...name].length < 2 ? [] : GAZETTEER.filter((place) => matchesName(place, name) && matchesArea(place, area));
  const results = found
    .filter((place) => countryCode === undefined || countryCode === '' || place.country_code === countryCode)
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
    .slice(0, count)
    .map(toResult);
  const generationtime_ms = Math.round((0.2 + results.length * 0.05) * 1e6) / 1e6;
  return { json: results.length > 0 ? { results, generationtime_ms } : { generationtime_ms }, headers: JSON_TYPE };
}

function matchesName(place: GazetteerPlace, name: string): boolean {
  if (place.postcodes?.includes(name)) return true;
  const names = [place.name, ...(place.alternateNames ?? [])].map(foldText);
  // Two characters only match exactly ("NY" does not find "Nyon"); three or more match prefixes.
  return [...name].length === 2 ? names.includes(name) : names.some((candidate) => candidate.startsWith(name));
}

function matchesArea(place: GazetteerPlace, area: string): boolean {
  if (area === '') return true;
  const areas = [place.admin1, place.admin2, place.country, place.country_code, place.usState];
  return areas.some((candidate) => candidate !== undefined && foldText(candidate).startsWith(area));
}

function toResult(place: GazetteerPlace): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of RESULT_FIELDS) {
    const value = place[field];
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) result[field] = value;
  }
  return result;
}
