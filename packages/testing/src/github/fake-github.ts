import { createHash, randomUUID } from 'node:crypto';
import type { FakeResponse, RecordedRequest } from '../fake-upstream.js';
import type { FakeApi, FakeApiOptions } from '../weather/fake-api.js';
import { startFakeApi } from '../weather/fake-api.js';
import { defaultGitHubSeed } from './default-seed.js';
import { githubError, notFound, problemsParsingJson, rateLimitExceeded } from './github-errors.js';
import type { Caller } from './github-tokens.js';
import { GitHubTokens, identify, scopesOf } from './github-tokens.js';
import { GitHubWorld } from './github-world.js';
import type { RateLimitPolicy, RateResource, RateWindow } from './rate-limits.js';
import { RateLimits, rateHeaders } from './rate-limits.js';
import { serveRaw } from './raw-files.js';
import type { Links, RouteContext } from './route-table.js';
import { compileRoutes, matchRoute } from './route-table.js';
import { actionsRoutes } from './routes-actions.js';
import { checksRoutes } from './routes-checks.js';
import { contentRoutes } from './routes-contents.js';
import { gistsRoutes } from './routes-gists.js';
import { gitRoutes } from './routes-git.js';
import { issueRoutes } from './routes-issues.js';
import { notificationsRoutes } from './routes-notifications.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repos.js';
import { searchRoutes } from './routes-search.js';
import { securityRoutes } from './routes-security.js';
import { teamsRoutes } from './routes-teams.js';
import { userRoutes } from './routes-users.js';

/**
 * A fake api.github.com on 127.0.0.1: a small stateful GitHub (accounts, repositories with real git
 * history, issues, pull requests, releases) behind the REST routes an Octokit client uses, with the
 * real headers (request ids, API version, OAuth scopes, rate limits counted per caller on the
 * fake's clock), ETags and 304s, Link pagination, error bodies, and the same routes under
 * `/api/v3` for GitHub Enterprise Server clients. `inject` and `outage` work as on every fake;
 * their prefixes are matched against the path as sent (so `/api/v3/…` for GHES).
 */

/** Fills a fresh world; the default builds octocat, octo-org/hello-world and friends. */
export type GitHubSeed = (world: GitHubWorld, tokens: GitHubTokens) => void;

export interface FakeGitHubOptions extends FakeApiOptions {
  /** @default defaultGitHubSeed */
  seed?: GitHubSeed;
  /** Allowances per window; lower them to reach exhaustion in a test. */
  rateLimits?: RateLimitPolicy;
}

export interface FakeGitHub extends FakeApi {
  /** Base URL for GitHub Enterprise Server clients (`${url}/api/v3`). */
  enterpriseUrl: string;
  /** The state behind every answer; tests may read and change it. */
  world: GitHubWorld;
  /** Which token is which user, with its kind, scopes or permissions. */
  tokens: GitHubTokens;
  /** Every caller's rate-limit windows start again, full. */
  resetRateLimits(): void;
  /** The current window of `token`'s user (anonymous when omitted). */
  rateLimit(token?: string, resource?: RateResource): RateWindow;
}

const API_VERSIONS = new Set(['2022-11-28', '2026-03-10']);
const ENTERPRISE_PREFIX = '/api/v3';
const CLIENT_IP = '127.0.0.1';
const STANDARD_HEADERS: Record<string, string> = {
  server: 'github.com',
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
  'strict-transport-security': 'max-age=31536000; includeSubdomains; preload',
  'x-frame-options': 'deny',
  'x-content-type-options': 'nosniff',
  'x-xss-protection': '0',
  'referrer-policy': 'origin-when-cross-origin, strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'none'",
  vary: 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With',
};

const ROUTES = compileRoutes([
  ...userRoutes,
  ...repoRoutes,
  ...contentRoutes,
  ...checksRoutes,
  ...gitRoutes,
  ...issueRoutes,
  ...pullRoutes,
  ...searchRoutes,
  ...actionsRoutes,
  ...securityRoutes,
  ...notificationsRoutes,
  ...gistsRoutes,
  ...teamsRoutes,
]);

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const clock = options.now ?? (() => new Date());
  const world = new GitHubWorld();
  const tokens = new GitHubTokens();
  (options.seed ?? defaultGitHubSeed)(world, tokens);
  const limits = new RateLimits(options.rateLimits ?? {}, clock);
  const rawTokens = new Map<string, string>();
  const rawSecret = randomUUID();
  let requestCount = 0;
  let origin = '';

  const windowOf = (caller: Caller, resource: RateResource) =>
    limits.window(caller.account ? `user:${caller.account.id}` : `ip:${CLIENT_IP}`, !caller.account, resource);

  const answer = (request: RecordedRequest, now: Date): FakeResponse => {
    if (request.path.startsWith('/raw/')) return serveRaw(request, world, tokens, rawTokens);
    const enterprise = request.path === ENTERPRISE_PREFIX || request.path.startsWith(`${ENTERPRISE_PREFIX}/`);
    const path = byRepositoryId(enterprise ? request.path.slice(ENTERPRISE_PREFIX.length) || '/' : request.path, world);
    const links: Links = {
      api: `${origin}${enterprise ? ENTERPRISE_PREFIX : ''}`,
      web: enterprise ? origin : 'https://github.com',
      raw: `${origin}/raw`,
    };
    requestCount += 1;
    const headers: Record<string, string> = {
      ...STANDARD_HEADERS,
      'x-github-api-version-selected': apiVersion(request),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(requestCount),
    };
    const identified = identify(header(request, 'authorization'), world, tokens);
    const caller: Caller = identified === 'bad' ? {} : identified;
    const resource: RateResource = path.startsWith('/search/code') ? 'code_search' : path.startsWith('/search/') ? 'search' : 'core';
    const counted = path !== '/rate_limit';
    const window = windowOf(caller, resource);
    if (caller.grant?.kind === 'classic') {
      headers['x-oauth-scopes'] = scopesOf(caller.grant).join(', ');
      headers['x-accepted-oauth-scopes'] = path.startsWith('/repos/') ? 'repo' : '';
    } else if (caller.grant?.expiresAt) {
      headers['github-authentication-token-expiration'] = caller.grant.expiresAt;
    }
    const finish = (response: FakeResponse, spend: boolean): FakeResponse => {
      if (spend && counted) limits.spend(window);
      return { ...response, headers: { ...headers, ...rateHeaders(window), ...(response.headers ?? {}) } };
    };
    if (identified === 'bad') return finish(githubError(401, 'Bad credentials'), true);
    if (counted && window.remaining === 0) {
      const who = caller.account ? { userId: caller.account.id } : { ip: CLIENT_IP };
      return finish(rateLimitExceeded(who, {}), false);
    }
    let body: Record<string, unknown> = {};
    // DELETE too: GitHub reads a body on some (a file's `message`, `sha`, `branch`).
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) && request.body.trim() !== '') {
      const parsed = parseJson(request.body);
      if (parsed === undefined) return finish(problemsParsingJson(), true);
      body = parsed;
    }
    const matched = matchRoute(ROUTES, request.method, path);
    if (matched === undefined || matched === 'method') return finish(notFound(), true);
    const ctx: RouteContext = {
      request,
      params: matched.params,
      query: request.searchParams,
      now,
      world,
      caller,
      links,
      selfUrl: `${origin}${request.path}`,
      body,
      accept: (header(request, 'accept') ?? '').toLowerCase(),
      rawToken: () => {
        // One token per user and fake: the same answer twice keeps the same ETag.
        const login = caller.account?.login ?? '';
        const token = `GHSAT0AAAAAA${createHash('sha256').update(`${rawSecret}:${login}`).digest('hex').slice(0, 20).toUpperCase()}`;
        rawTokens.set(token, login);
        return token;
      },
      rateWindow: (wanted) => windowOf(caller, wanted),
    };
    const response = matched.route.handler(ctx);
    const status = response.status ?? 200;
    if ((request.method === 'GET' || request.method === 'HEAD') && status === 200) {
      const etag = entityTag(response, caller);
      headers.etag = etag;
      headers['cache-control'] = caller.account ? 'private, max-age=60, s-maxage=60' : 'public, max-age=60, s-maxage=60';
      if (matchesEtag(header(request, 'if-none-match'), etag)) return finish({ status: 304 }, false);
    }
    return finish(response, true);
  };

  const api = await startFakeApi((request, now) => answer(request, now), options);
  origin = api.url;
  return {
    ...api,
    enterpriseUrl: `${api.url}${ENTERPRISE_PREFIX}`,
    world,
    tokens,
    resetRateLimits: () => limits.reset(),
    rateLimit: (token, resource = 'core') => {
      const identified = identify(token === undefined ? undefined : `token ${token}`, world, tokens);
      return windowOf(identified === 'bad' ? {} : identified, resource);
    },
  };
}

/** `/repositories/{id}/…` (the form search results link to) is the repository's `/repos/{owner}/{name}/…`. */
function byRepositoryId(path: string, world: GitHubWorld): string {
  const match = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (!match) return path;
  const repo = [...world.repos.values()].find((candidate) => candidate.id === Number(match[1]));
  return repo ? `/repos/${repo.owner}/${repo.name}${match[2] ?? ''}` : path;
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function apiVersion(request: RecordedRequest): string {
  const asked = header(request, 'x-github-api-version');
  return asked !== undefined && API_VERSIONS.has(asked) ? asked : '2022-11-28';
}

/** `XXXX:XXXX:XXXXXXX:XXXXXXX:XXXXXXXX`, the shape of GitHub's request ids. */
function requestId(count: number): string {
  const hex = createHash('sha1').update(String(count)).digest('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 15)}:${hex.slice(15, 22)}:${count.toString(16).toUpperCase().padStart(8, '0')}`;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Weak validator over the body and who asked (GitHub's ETags differ per token). */
function entityTag(response: FakeResponse, caller: Caller): string {
  const body = response.json !== undefined ? JSON.stringify(response.json) : String(response.text ?? response.body ?? '');
  return `W/"${createHash('sha256')
    .update(`${caller.account?.id ?? 'anonymous'}\n${body}`)
    .digest('hex')}"`;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(etag));
}
