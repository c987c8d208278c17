import type { FakeResponse } from '../fake-upstream.js';
import { ok, type RouteContext } from './route-table.js';

/**
 * GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), and a
 * `Link` header with absolute URLs on the fake, in GitHub's order: prev, next, last, first.
 */

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export interface PageOptions {
  /** @default 30 */
  defaultPerPage?: number;
  /** @default 100 */
  maxPerPage?: number;
  /** Search stops at the first 1000 results. */
  maxResults?: number;
}

export function pageParams(ctx: RouteContext, options: PageOptions = {}): { perPage: number; page: number } {
  const { defaultPerPage = 30, maxPerPage = 100 } = options;
  const perPageRaw = Number.parseInt(ctx.query.get('per_page') ?? '', 10);
  const pageRaw = Number.parseInt(ctx.query.get('page') ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, maxPerPage) : defaultPerPage;
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  return { perPage, page };
}

export function paginate<T>(ctx: RouteContext, all: readonly T[], options: PageOptions = {}): Page<T> {
  const { perPage, page } = pageParams(ctx, options);
  const reachable = options.maxResults === undefined ? all.length : Math.min(all.length, options.maxResults);
  const lastPage = Math.max(1, Math.ceil(reachable / perPage));
  const items = page > lastPage ? [] : all.slice((page - 1) * perPage, Math.min(page * perPage, reachable));
  const links: string[] = [];
  const url = (target: number) => {
    const params = new URLSearchParams(ctx.query);
    params.set('page', String(target));
    return `<${ctx.selfUrl}?${params.toString()}>`;
  };
  if (page > 1) links.push(`${url(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) {
    links.push(`${url(page + 1)}; rel="next"`);
    links.push(`${url(lastPage)}; rel="last"`);
  }
  if (page > 1) links.push(`${url(1)}; rel="first"`);
  return { items, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

/** A 200 holding one page of `all`, each item written by `toJson`, with its `Link` header. */
export function okPage<T>(ctx: RouteContext, all: readonly T[], toJson: (item: T) => unknown, options: PageOptions = {}): FakeResponse {
  const page = paginate(ctx, all, options);
  return ok(page.items.map(toJson), 200, page.headers);
}
