import { createHash } from 'node:crypto';
import { invalidInput } from '../errors/mcpkit-error.js';
import type { Query } from './upstream-types.js';

/**
 * Joins the base URL, a path and a query. The base's own path is kept (`…/v1` + `/forecast`
 * is `…/v1/forecast`, where `new URL('/forecast', base)` would drop `/v1`). An absolute URL
 * (a pagination link) is accepted only on the base's origin, so default headers such as
 * `authorization` never travel to another host.
 */
export function buildUrl(base: URL, path: string, query: Query | undefined): URL {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    url = new URL(path);
    if (url.origin !== base.origin) {
      throw invalidInput(`Refusing to send a request to ${url.origin}: this client only calls ${base.origin}.`);
    }
  } else {
    const basePath = base.pathname.replace(/\/+$/, '');
    const [pathname = '', search = ''] = splitOnce(path, '?');
    // The URL parser would resolve these, so an id such as `..` could walk out of the
    // intended endpoint (`/repos/../user`) while keeping the credentials of this origin.
    if (pathname.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
      throw invalidInput(`Invalid path "${pathname}": "." and ".." segments are not allowed.`);
    }
    url = new URL(base.origin);
    url.pathname = `${basePath}/${pathname.replace(/^\/+/, '')}`;
    url.search = search;
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<string | number | boolean>) url.searchParams.append(key, String(item));
    } else {
      url.searchParams.append(key, String(value));
    }
  }
  return url;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * A cache key for a GET: the URL with its query sorted (so `{a, b}` and `{b, a}` share an
 * entry) and the per-call headers, which can change the answer (Accept, Accept-Language).
 * Hashed so a shared store never holds a URL's query or a header value in clear.
 */
export function cacheKey(upstream: string, url: URL, headers: Readonly<Record<string, string>>): string {
  const sorted = new URL(url);
  sorted.searchParams.sort();
  const headerPart = Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}:${value}`)
    .sort()
    .join('\n');
  const digest = createHash('sha256').update(`${sorted.href}\n${headerPart}`).digest('hex');
  return `upstream:${upstream}:${digest}`;
}
