import { describe, expect, it } from 'vitest';
import type { GeocodingResult } from '../upstream/open-meteo.js';
import { describePlace, matchesQualifiers, parsePlace, placeProblem } from './place-query.js';
import { completeAreaCodes, toAreaCode } from './us-states.js';

const parisTexas: GeocodingResult = {
  id: 4717560,
  name: 'Paris',
  latitude: 33.66094,
  longitude: -95.55551,
  country_code: 'US',
  country: 'United States',
  admin1: 'Texas',
  admin2: 'Lamar',
};
const parisFrance: GeocodingResult = {
  id: 2988507,
  name: 'Paris',
  latitude: 48.85341,
  longitude: 2.3488,
  country_code: 'FR',
  country: 'France',
  admin1: 'Île-de-France',
};
const london: GeocodingResult = {
  id: 2643743,
  name: 'London',
  latitude: 51.5,
  longitude: -0.12,
  country_code: 'GB',
  country: 'United Kingdom',
  admin1: 'England',
};

describe('parsePlace', () => {
  it('searches the name before the first comma and keeps the rest as qualifiers', () => {
    expect(parsePlace('Paris')).toEqual({ name: 'Paris', qualifiers: [] });
    expect(parsePlace(' Springfield , IL, US ')).toEqual({ name: 'Springfield', qualifiers: ['IL', 'US'] });
    expect(parsePlace('Paris,,Texas,')).toEqual({ name: 'Paris', qualifiers: ['Texas'] });
    expect(placeProblem(', Texas')).toMatch(/before any comma/);
    expect(placeProblem('Paris, Texas')).toBeUndefined();
  });
});

describe('matchesQualifiers', () => {
  it('matches regions, countries and codes, ignoring case and accents', () => {
    expect(matchesQualifiers(parisTexas, [])).toBe(true);
    expect(matchesQualifiers(parisTexas, ['texas'])).toBe(true);
    expect(matchesQualifiers(parisTexas, ['TX'])).toBe(true);
    expect(matchesQualifiers(parisTexas, ['Lamar', 'USA'])).toBe(true);
    expect(matchesQualifiers(parisFrance, ['ile de france'])).toBe(true);
    expect(matchesQualifiers(parisFrance, ['fr'])).toBe(true);
    expect(matchesQualifiers(london, ['UK'])).toBe(true);
    expect(matchesQualifiers(london, ['Great Britain'])).toBe(true);
    expect(matchesQualifiers(parisTexas, ['U.S.'])).toBe(true);
    expect(matchesQualifiers(parisTexas, ['United States of America'])).toBe(true);
  });

  it('refuses a candidate any qualifier does not name', () => {
    expect(matchesQualifiers(parisFrance, ['Texas'])).toBe(false);
    expect(matchesQualifiers(parisTexas, ['TN'])).toBe(false);
    expect(matchesQualifiers(parisTexas, ['Texas', 'France'])).toBe(false);
    // A state code means nothing outside the US.
    expect(matchesQualifiers(parisFrance, ['TX'])).toBe(false);
  });

  it('describes a place by name, region and country', () => {
    expect(describePlace(parisTexas)).toBe('Paris, Texas, United States');
    expect(describePlace({ ...london, admin1: 'London' } as GeocodingResult)).toBe('London, United Kingdom');
  });
});

describe('US areas', () => {
  it('takes codes and names, and nothing else', () => {
    expect(toAreaCode('ks')).toBe('KS');
    expect(toAreaCode(' Kansas ')).toBe('KS');
    expect(toAreaCode('puerto rico')).toBe('PR');
    expect(toAreaCode('district of columbia')).toBe('DC');
    expect(toAreaCode('XX')).toBeUndefined();
    expect(toAreaCode('Bavaria')).toBeUndefined();
  });

  it('completes codes by code or name prefix', () => {
    expect(completeAreaCodes('K')).toEqual(['KS', 'KY']);
    expect(completeAreaCodes('new')).toEqual(['NH', 'NJ', 'NM', 'NY']);
    expect(completeAreaCodes('')).toHaveLength(20);
    expect(completeAreaCodes('zz')).toEqual([]);
  });
});
