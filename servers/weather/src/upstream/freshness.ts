import { upstreamError } from '@mcpkit/core';
import type { UpstreamResponse } from '@mcpkit/core/upstream';
import { z } from 'zod';

/** Where an answer came from and how old it is; every tool reports it. */
export const freshnessRecord = z.object({
  source: z.string().describe('The upstream that produced the data (the stale one, when stale)'),
  cached: z.boolean().describe('Answered from the server cache'),
  stale: z.boolean().describe('Past its cache lifetime, given because the upstream is failing'),
  ageSeconds: z.number().int().describe('Age of the answer'),
});
export type Freshness = z.infer<typeof freshnessRecord>;

export function freshnessOf(source: string, response: UpstreamResponse): Freshness {
  return {
    source,
    cached: response.fromCache,
    stale: response.stale === true,
    ageSeconds: Math.round((response.ageMs ?? 0) / 1000),
  };
}

/** The least fresh of several answers that went into one result. */
export function oldest(items: readonly Freshness[]): Freshness {
  const [first, ...rest] = items;
  if (!first) throw new Error('oldest() needs at least one freshness record');
  return rest.reduce((worst, item) => {
    // A stale answer names its own source, so the note blames the upstream that is down.
    const source =
      worst.stale !== item.stale
        ? worst.stale
          ? worst.source
          : item.source
        : worst.source === item.source
          ? worst.source
          : `${worst.source} + ${item.source}`;
    return {
      source,
      cached: worst.cached && item.cached,
      stale: worst.stale || item.stale,
      ageSeconds: Math.max(worst.ageSeconds, item.ageSeconds),
    };
  }, first);
}

/** A line for the text answer when the data is stale; nothing otherwise. */
export function staleNote(freshness: Freshness): string[] {
  if (!freshness.stale) return [];
  const age = freshness.ageSeconds < 60 ? `${freshness.ageSeconds} s` : `${Math.round(freshness.ageSeconds / 60)} min`;
  return [`Note: ${freshness.source} is not answering; this is its last answer, from ${age} ago.`];
}

/**
 * Checks an upstream body against the shape the tools read, so a changed or broken API is
 * one clear error instead of `undefined` in a forecast.
 */
export function parseUpstream<T>(upstream: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw upstreamError(
    `${upstream} answered in an unexpected shape${where} (${issue?.message ?? 'invalid'}). The API may have changed or the configured URL may point elsewhere.`,
    { details: { upstream } },
  );
}
