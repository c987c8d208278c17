import type { FakeResponse, RecordedRequest } from '../fake-upstream.js';
import { githubError, notFound } from './github-errors.js';
import type { Caller, TokenArea } from './github-tokens.js';
import { readRefusal } from './github-tokens.js';
import type { GitHubRepo, GitHubWorld } from './github-world.js';
import type { RateResource, RateWindow } from './rate-limits.js';

/**
 * The fake's routing: `/repos/:owner/:repo/contents/*path` style patterns (`*` takes the rest of
 * the path, slashes included, possibly empty) and the context every handler receives.
 */

/** Where the fake's URLs point: the API (with `/api/v3` on GHES), the web UI, and raw files. */
export interface Links {
  api: string;
  web: string;
  raw: string;
}

export interface RouteContext {
  request: RecordedRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  now: Date;
  world: GitHubWorld;
  caller: Caller;
  links: Links;
  /** The request's own URL without the query, for pagination links. */
  selfUrl: string;
  /** The parsed JSON body of a write (`{}` when there was none). */
  body: Record<string, unknown>;
  /** Lower-cased `Accept` header ('' when absent). */
  accept: string;
  /** A token for a private file's `download_url` (`?token=…`), valid on the fake's raw route. */
  rawToken(): string;
  /** The caller's current rate-limit window for `resource`. */
  rateWindow(resource: RateResource): RateWindow;
}

export type Handler = (ctx: RouteContext) => FakeResponse;

export interface GitHubRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: Handler;
}

export interface CompiledRoute extends GitHubRoute {
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: readonly GitHubRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .slice(1)
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '/([^/]+)';
        }
        if (part.startsWith('*')) {
          names.push(part.slice(1));
          return '(?:/(.*))?';
        }
        return `/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      })
      .join('');
    return { ...route, names, pattern: new RegExp(`^${source}/?$`) };
  });
}

/** The route for `method path` and its decoded parameters; a known path with another method is 'method'. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | 'method' | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method !== wanted) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = safeDecode(match[index + 1] ?? '');
    });
    return { route, params };
  }
  return pathKnown ? 'method' : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** JSON answer with GitHub's content type. */
export function ok(json: unknown, status = 200, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, json };
}

/** 204 with no body (GitHub's answer to deletes and some checks). */
export function noContent(): FakeResponse {
  return { status: 204 };
}

/**
 * The repository named by `:owner/:repo` if the caller may read `area` of it; otherwise the 404
 * (or 403 for a fine-grained token) to send instead.
 */
export function repoFor(ctx: RouteContext, area: TokenArea, docs?: string): GitHubRepo | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  return readRefusal(ctx.world, ctx.caller, repo, area, docs) ?? repo;
}

export function isAnswer(value: unknown): value is FakeResponse {
  return typeof value === 'object' && value !== null && !('git' in value) && ('status' in value || 'json' in value);
}

/** A string field of the body, or undefined when absent or not a string. */
export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

/** A string-array field of the body (a single string counts as one), or undefined when absent. */
export function stringListField(body: Record<string, unknown>, key: string): string[] | undefined {
  const value = body[key];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

/** GitHub's 422 for a body field of the wrong type. */
export function invalidField(field: string, docs?: string): FakeResponse {
  return githubError(422, `Invalid request.\n\nInvalid value for "${field}".`, docs);
}

/** A positive integer path parameter, or undefined. */
export function numberParam(ctx: RouteContext, name: string): number | undefined {
  const raw = ctx.params[name] ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}
