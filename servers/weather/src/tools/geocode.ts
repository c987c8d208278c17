import { z } from 'zod';
import { defineWeatherTool } from '../app.js';
import { locationRecord } from '../location/location-input.js';
import { placeProblem } from '../location/place-query.js';
import { searchPlaces, toRecord } from '../location/resolve-location.js';
import { freshnessRecord, staleNote } from '../upstream/freshness.js';

export const geocode = defineWeatherTool({
  name: 'geocode',
  title: 'Find a place',
  description:
    'Looks up a place name and returns matching places with coordinates, country, region, time zone and population, best match first. Add a region or country after a comma to narrow ("Springfield, Illinois"). The other weather tools take a place name directly; use this to choose between same-named places or to get coordinates.',
  toolset: 'geocoding',
  input: z.strictObject({
    name: z
      .string()
      .trim()
      .min(2, 'give at least 2 characters')
      .max(200)
      .refine((place) => placeProblem(place) === undefined, { error: (issue) => placeProblem(String(issue.input)) })
      .describe('Place name, optionally with region or country after commas: "Paris", "Paris, Texas", "London, CA"'),
    count: z.number().int().min(1).max(20).default(5).describe('Most places to return'),
    countryCode: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'use a two-letter ISO 3166-1 code like "DE"')
      .transform((code) => code.toUpperCase())
      .optional()
      .describe('Only places in this country (ISO 3166-1 alpha-2, e.g. "US")'),
    language: z
      .string()
      .regex(/^[a-z]{2}$/i, 'use a two-letter language code like "en"')
      .transform((code) => code.toLowerCase())
      .default('en')
      .describe('Language of the names returned'),
  }),
  output: z.object({
    places: z.array(locationRecord.extend({ population: z.number().optional(), featureCode: z.string().optional() })),
    freshness: freshnessRecord,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ name, count, countryCode, language }, { app, signal }) {
    const { matching, freshness } = await searchPlaces(app, name, { count, language, ...(countryCode && { countryCode }) }, signal);
    const places = matching.slice(0, count).map((candidate) => ({
      ...toRecord(candidate),
      ...(candidate.population !== undefined && { population: candidate.population }),
      ...(candidate.feature_code !== undefined && { featureCode: candidate.feature_code }),
    }));
    if (places.length === 0) {
      const text = `No place matches "${name}"${countryCode ? ` in ${countryCode}` : ''}. Check the spelling, or drop the region to see every place with that name.`;
      return { text, data: { places, freshness } };
    }
    const lines = places.map(
      (place, index) =>
        `${index + 1}. ${place.name} (${place.latitude}, ${place.longitude})${place.timezone ? `, ${place.timezone}` : ''}${
          place.population ? `, population ${place.population.toLocaleString('en-US')}` : ''
        }`,
    );
    return { text: [...staleNote(freshness), ...lines].join('\n'), data: { places, freshness } };
  },
});
