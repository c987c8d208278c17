import { z } from 'zod';

/** The page arguments every listing tool takes. */
export const pageFields = {
  // No listed default: an omitted page is the first everywhere, and the byte is paid every turn.
  page: z.number().int().min(1).max(1000).optional(),
  perPage: z.number().int().min(1).max(100).default(30),
};

export const pageRecord = z.object({
  page: z.number().int(),
  perPage: z.number().int(),
  hasMore: z.boolean().describe('Another page follows: call again with page + 1'),
  lastPage: z.number().int().optional().describe('The last page number, where GitHub says'),
  total: z.number().int().optional().describe('Total results, where GitHub gives one (search)'),
});
export type PageRecord = z.infer<typeof pageRecord>;

/** Where a listing stands, read from GitHub's `Link` header (and a search's `total_count`). */
export function pageOf(headers: { link?: string | undefined }, page: number | undefined, perPage: number, total?: number): PageRecord {
  page ??= 1;
  const link = headers.link ?? '';
  const last = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link)?.[1];
  return {
    page,
    perPage,
    hasMore: /rel="next"/.test(link),
    ...(last !== undefined && { lastPage: Number(last) }),
    ...(total !== undefined && { total }),
  };
}

/** The line that ends a listing: "Page 2 of 5 — …", "Page 2, more follow …"; none for a single page. */
export function pageNote(info: PageRecord): string[] {
  if (info.page === 1 && !info.hasMore) return [];
  const of = info.lastPage !== undefined ? ` of ${info.lastPage}` : info.hasMore ? ', more follow' : ' (last)';
  return [`Page ${info.page}${of}${info.hasMore ? ` — call again with page ${info.page + 1} for more.` : '.'}`];
}
