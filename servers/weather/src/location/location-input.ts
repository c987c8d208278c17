import { z } from 'zod';
import { placeProblem } from './place-query.js';

/**
 * The location every weather tool takes: a place name, or coordinates. Flat rather than a
 * union, which models fill in more reliably; `checkLocation` enforces one or the other.
 */
export const locationFields = {
  place: z
    .string()
    .trim()
    .min(2, 'give at least 2 characters')
    .max(200)
    .refine((place) => placeProblem(place) === undefined, { error: (issue) => placeProblem(String(issue.input)) })
    .optional()
    .describe('Place name, optionally narrowed by region or country: "Berlin", "Paris, Texas", "Springfield, IL"'),
  latitude: z.number().min(-90).max(90).optional().describe('Latitude in degrees (-90 to 90), with longitude, instead of place'),
  longitude: z.number().min(-180).max(180).optional().describe('Longitude in degrees (-180 to 180), with latitude'),
};

export interface LocationInput {
  place?: string | undefined;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

/** Exactly one of `place` or both coordinates; for `superRefine`. */
export function checkLocation(input: LocationInput, ctx: z.RefinementCtx): void {
  const hasLatitude = input.latitude !== undefined;
  const hasLongitude = input.longitude !== undefined;
  if (input.place !== undefined && (hasLatitude || hasLongitude)) {
    ctx.addIssue({ code: 'custom', path: ['place'], message: 'give either place or latitude/longitude, not both' });
  } else if (hasLatitude !== hasLongitude) {
    ctx.addIssue({
      code: 'custom',
      path: [hasLatitude ? 'longitude' : 'latitude'],
      message: 'latitude and longitude go together',
    });
  } else if (input.place === undefined && !hasLatitude) {
    ctx.addIssue({ code: 'custom', path: ['place'], message: 'give a place name or latitude and longitude' });
  }
}

/** Where a call's data is for: the place it resolved to, or the coordinates given. */
export const locationRecord = z.object({
  name: z.string().describe('"Paris, Texas, United States", or the coordinates'),
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().optional().describe('Metres above sea level'),
  timezone: z.string().optional(),
  country: z.string().optional(),
  countryCode: z.string().optional(),
  admin1: z.string().optional().describe('State, province or region'),
});
export type LocationRecord = z.infer<typeof locationRecord>;
