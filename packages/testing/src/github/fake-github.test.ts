import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../closed-after-each.js';
import { SEED_TOKENS } from './default-seed.js';
import { startFakeGitHub } from './fake-github.js';
import { NOW } from './fake-github-request.fixture.js';
import { githubErrors } from './github-errors.js';

// Cross-cutting behaviour: headers, authentication, rate limits, ETags, pagination, errors,
// GitHub Enterprise paths, and the inject/outage controls every fake has.

const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
const start = closedAfterEach(startFakeGitHub);
const fake = (options: Parameters<typeof startFakeGitHub>[0] = {}) => start({ now: () => NOW, ...options });

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Json = any;

const as = (token: string | undefined, extra: Record<string, string> = {}): Record<string, string> =>
  token === undefined ? extra : { authorization: `token ${token}`, ...extra };

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

describe('headers', () => {
  it('sends GitHub’s headers on every answer, with OAuth scopes for classic tokens', async () => {
    const github = await fake();
    const { status, headers, body } = await get(`${github.url}/user`, as(SEED_TOKENS.octocat));
    expect(status).toBe(200);
    expect(body).toMatchObject({ login: 'octocat', id: 1, type: 'User', name: 'The Octocat', two_factor_authentication: true });
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('x-github-api-version-selected')).toBe('2022-11-28');
    expect(headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{8}$/);
    expect(headers.get('x-oauth-scopes')).toBe('repo, read:org, notifications, gist');
    expect(headers.get('x-accepted-oauth-scopes')).toBe('');
    expect(headers.get('x-ratelimit-limit')).toBe('5000');
    expect(headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(headers.get('x-ratelimit-used')).toBe('1');
    expect(headers.get('x-ratelimit-reset')).toBe(String(NOW_SECONDS + 3600));
    expect(headers.get('x-ratelimit-resource')).toBe('core');
    expect(headers.get('etag')).toMatch(/^W\/"[0-9a-f]{64}"$/);

    const repo = await get(`${github.url}/repos/octo-org/hello-world`, as(SEED_TOKENS.octocat, { 'x-github-api-version': '2026-03-10' }));
    expect(repo.headers.get('x-accepted-oauth-scopes')).toBe('repo');
    expect(repo.headers.get('x-github-api-version-selected')).toBe('2026-03-10');
    expect(repo.headers.get('x-github-request-id')).not.toBe(headers.get('x-github-request-id'));
  });

  it('leaves out x-oauth-scopes for fine-grained tokens and reports their expiry', async () => {
    const github = await fake();
    const { status, headers, body } = await get(`${github.url}/user`, as(SEED_TOKENS.hubot));
    expect(status).toBe(200);
    expect(body.login).toBe('hubot');
    expect(headers.has('x-oauth-scopes')).toBe(false);
    expect(headers.get('github-authentication-token-expiration')).toBe('2027-01-31 00:00:00 UTC');
  });

  it('accepts Bearer and Basic authorization as well as `token`', async () => {
    const github = await fake();
    const bearer = await get(`${github.url}/user`, { authorization: `Bearer ${SEED_TOKENS.monalisa}` });
    const basic = await get(`${github.url}/user`, {
      authorization: `Basic ${Buffer.from(`x-access-token:${SEED_TOKENS.mallory}`).toString('base64')}`,
    });
    expect(bearer.body.login).toBe('monalisa');
    expect(basic.body.login).toBe('mallory');
  });
});

describe('authentication', () => {
  it('refuses an unknown token with 401 Bad credentials', async () => {
    const github = await fake();
    const { status, body, headers } = await get(`${github.url}/repos/octo-org/hello-world`, as('ghp_notARealToken'));
    expect(status).toBe(401);
    expect(body).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    expect(headers.get('x-ratelimit-limit')).toBe('60');
  });

  it('serves public data anonymously, with the anonymous allowance, and asks for authentication elsewhere', async () => {
    const github = await fake();
    const repo = await get(`${github.url}/repos/octo-org/hello-world`);
    expect(repo.status).toBe(200);
    expect(repo.body).not.toHaveProperty('permissions');
    expect(repo.headers.get('x-ratelimit-limit')).toBe('60');
    expect(repo.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=60');
    expect(repo.headers.has('x-oauth-scopes')).toBe(false);
    const me = await get(`${github.url}/user`);
    expect(me.status).toBe(401);
    expect(me.body).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
      status: '401',
    });
  });

  it('hides private repositories from strangers, anonymous callers and tokens without the repo scope', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/secret-plans`;
    for (const token of [undefined, SEED_TOKENS.mallory, SEED_TOKENS.monalisa, SEED_TOKENS.octocatNoScopes]) {
      const { status, body } = await get(url, as(token));
      expect(status).toBe(404);
      expect(body).toEqual({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
        status: '404',
      });
    }
    const member = await get(url, as(SEED_TOKENS.hubot));
    expect(member.status).toBe(200);
    expect(member.body).toMatchObject({ private: true, visibility: 'private', permissions: { admin: false, push: false, pull: true } });
    const owner = await get(url, as(SEED_TOKENS.octocat));
    expect(owner.body.permissions).toEqual({ admin: true, maintain: true, push: true, triage: true, pull: true });
  });
});

describe('rate limits', () => {
  it('counts each caller’s requests on the fake clock and refuses with 403 when they run out', async () => {
    const github = await fake({ rateLimits: { core: 3 } });
    const url = `${github.url}/repos/octo-org/hello-world`;
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i += 1) remaining.push((await get(url, as(SEED_TOKENS.octocat))).headers.get('x-ratelimit-remaining'));
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await get(url, as(SEED_TOKENS.octocat));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      message: 'API rate limit exceeded for user ID 1.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: '403',
    });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-used')).toBe('3');
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(NOW_SECONDS + 3600));
    // Another user has their own allowance.
    expect((await get(url, as(SEED_TOKENS.hubot))).status).toBe(200);
    expect(github.rateLimit(SEED_TOKENS.octocat)).toMatchObject({ limit: 3, used: 3, remaining: 0 });
  });

  it('starts a new window once the reset time passes on the fake clock', async () => {
    let now = NOW;
    const github = await start({ now: () => now, rateLimits: { core: 1 } });
    const url = `${github.url}/user`;
    expect((await get(url, as(SEED_TOKENS.octocat))).status).toBe(200);
    expect((await get(url, as(SEED_TOKENS.octocat))).status).toBe(403);
    now = new Date(NOW.getTime() + 3601_000);
    const again = await get(url, as(SEED_TOKENS.octocat));
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-reset')).toBe(String(NOW_SECONDS + 3601 + 3600));
  });

  it('limits anonymous callers per address with the friendlier message', async () => {
    const github = await fake({ rateLimits: { anonymousCore: 2 } });
    const url = `${github.url}/repos/octo-org/hello-world`;
    await get(url);
    await get(url);
    const refused = await get(url);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded for 127\.0\.0\.1\. \(But here's the good news: Authenticated requests/);
  });

  it('keeps search (30/min) and code search (10/min) in their own windows', async () => {
    const github = await fake();
    const search = await get(`${github.url}/search/issues?q=greet`, as(SEED_TOKENS.octocat));
    expect(search.headers.get('x-ratelimit-resource')).toBe('search');
    expect(search.headers.get('x-ratelimit-limit')).toBe('30');
    expect(search.headers.get('x-ratelimit-remaining')).toBe('29');
    expect(search.headers.get('x-ratelimit-reset')).toBe(String(NOW_SECONDS + 60));
    const code = await get(`${github.url}/search/code?q=greet`, as(SEED_TOKENS.octocat));
    expect(code.headers.get('x-ratelimit-resource')).toBe('code_search');
    expect(code.headers.get('x-ratelimit-limit')).toBe('10');
    const anonymous = await get(`${github.url}/search/repositories?q=hello`);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('10');
    const core = await get(`${github.url}/user`, as(SEED_TOKENS.octocat));
    expect(core.headers.get('x-ratelimit-remaining')).toBe('4999');
    const status = await get(`${github.url}/rate_limit`, as(SEED_TOKENS.octocat));
    expect(status.body.resources.search).toEqual({ limit: 30, used: 1, remaining: 29, reset: NOW_SECONDS + 60 });
    expect(status.body.rate).toEqual({ limit: 5000, used: 1, remaining: 4999, reset: NOW_SECONDS + 3600 });
    // Asking for the rate limit costs nothing.
    expect((await get(`${github.url}/rate_limit`, as(SEED_TOKENS.octocat))).body.rate.used).toBe(1);
  });

  it('restores every allowance on resetRateLimits()', async () => {
    const github = await fake({ rateLimits: { core: 1 } });
    await get(`${github.url}/user`, as(SEED_TOKENS.octocat));
    expect((await get(`${github.url}/user`, as(SEED_TOKENS.octocat))).status).toBe(403);
    github.resetRateLimits();
    const fresh = await get(`${github.url}/user`, as(SEED_TOKENS.octocat));
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});

describe('conditional requests', () => {
  it('answers a matching If-None-Match with 304 and does not count it', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/hello-world/issues/1`;
    const first = await get(url, as(SEED_TOKENS.octocat));
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(url, { headers: as(SEED_TOKENS.octocat, { 'if-none-match': etag }) });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4999');
    // A change to the issue changes the ETag.
    const issue = github.world.repo('octo-org', 'hello-world')?.issues.get(1);
    if (issue) issue.title = 'Renamed';
    const changed = await fetch(url, { headers: as(SEED_TOKENS.octocat, { 'if-none-match': etag }) });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('x-ratelimit-remaining')).toBe('4998');
  });
});

describe('pagination', () => {
  it('pages with per_page and page and links prev, next, last and first on the fake', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world/issues`;
    const first = await get(`${base}?state=all&per_page=10`, as(SEED_TOKENS.octocat));
    expect(first.body).toHaveLength(10);
    expect(first.headers.get('link')).toBe(
      `<${base}?state=all&per_page=10&page=2>; rel="next", <${base}?state=all&per_page=10&page=4>; rel="last"`,
    );
    const middle = await get(`${base}?state=all&per_page=10&page=2`, as(SEED_TOKENS.octocat));
    expect(middle.headers.get('link')).toBe(
      [
        `<${base}?state=all&per_page=10&page=1>; rel="prev"`,
        `<${base}?state=all&per_page=10&page=3>; rel="next"`,
        `<${base}?state=all&per_page=10&page=4>; rel="last"`,
        `<${base}?state=all&per_page=10&page=1>; rel="first"`,
      ].join(', '),
    );
    const last = await get(`${base}?state=all&per_page=10&page=4`, as(SEED_TOKENS.octocat));
    expect(last.body).toHaveLength(8);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const numbers = [first, middle, last].flatMap((page) => page.body.map((issue: Json) => issue.number));
    expect(new Set(numbers).size).toBe(28);
  });

  it('defaults to 30 per page and caps per_page at 100', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world/issues?state=all`;
    expect((await get(base, as(SEED_TOKENS.octocat))).body).toHaveLength(30);
    const capped = await get(`${base}&per_page=500`, as(SEED_TOKENS.octocat));
    expect(capped.body).toHaveLength(38);
    expect(capped.headers.has('link')).toBe(false);
  });
});

describe('errors', () => {
  it('answers unknown paths with a JSON 404 and bad JSON bodies with 400', async () => {
    const github = await fake();
    const missing = await get(`${github.url}/no/such/endpoint`, as(SEED_TOKENS.octocat));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const bad = await fetch(`${github.url}/repos/octo-org/hello-world/issues`, {
      method: 'POST',
      headers: as(SEED_TOKENS.octocat),
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ message: 'Problems parsing JSON' });
  });

  it('injects GitHub’s ready-made failures', async () => {
    const github = await fake();
    const url = `${github.url}/repos/octo-org/hello-world`;
    github.inject(
      '/repos/',
      githubErrors.secondaryRateLimit,
      githubErrors.primaryRateLimit(30, { now: NOW }),
      githubErrors.serverError,
      githubErrors.badGateway,
      githubErrors.unicornPage,
      githubErrors.badCredentials,
    );
    const secondary = await get(url, as(SEED_TOKENS.octocat));
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('60');
    expect(secondary.body.message).toMatch(/^You have exceeded a secondary rate limit\. Please wait a few minutes/);
    const primary = await get(url, as(SEED_TOKENS.octocat));
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(primary.headers.get('x-ratelimit-reset')).toBe(String(NOW_SECONDS + 30));
    expect((await get(url)).body).toEqual({ message: 'Server Error' });
    expect((await get(url)).status).toBe(502);
    const unicorn = await fetch(url);
    expect(unicorn.status).toBe(503);
    expect(unicorn.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await unicorn.text()).toContain('No server is currently available to service your request.');
    expect((await get(url)).status).toBe(401);
    expect((await get(url)).status).toBe(200);
    expect(githubErrors.secondaryRateLimitShort.headers?.['retry-after']).toBe('1');
  });

  it('keeps answering from an outage until it is cleared', async () => {
    const github = await fake();
    github.outage('/search/', githubErrors.serverError);
    expect((await get(`${github.url}/search/issues?q=x`, as(SEED_TOKENS.octocat))).status).toBe(500);
    expect((await get(`${github.url}/search/issues?q=x`, as(SEED_TOKENS.octocat))).status).toBe(500);
    expect((await get(`${github.url}/user`, as(SEED_TOKENS.octocat))).status).toBe(200);
    github.outage('/search/', undefined);
    expect((await get(`${github.url}/search/issues?q=x`, as(SEED_TOKENS.octocat))).status).toBe(200);
    expect(github.hits('/search/')).toBe(3);
  });
});

describe('GitHub Enterprise Server', () => {
  it('serves the same API under /api/v3 with links and web URLs on the host', async () => {
    const github = await fake();
    expect(github.enterpriseUrl).toBe(`${github.url}/api/v3`);
    const repo = await get(`${github.enterpriseUrl}/repos/octo-org/hello-world`, as(SEED_TOKENS.octocat));
    expect(repo.status).toBe(200);
    expect(repo.body.url).toBe(`${github.url}/api/v3/repos/octo-org/hello-world`);
    expect(repo.body.html_url).toBe(`${github.url}/octo-org/hello-world`);
    const issues = await get(`${github.enterpriseUrl}/repos/octo-org/hello-world/issues?per_page=2`, as(SEED_TOKENS.octocat));
    expect(issues.headers.get('link')).toContain(`<${github.url}/api/v3/repos/octo-org/hello-world/issues?per_page=2&page=2>; rel="next"`);
    const dotcom = await get(`${github.url}/repos/octo-org/hello-world`, as(SEED_TOKENS.octocat));
    expect(dotcom.body.html_url).toBe('https://github.com/octo-org/hello-world');
  });

  it('resolves /repositories/{id} paths, as search results link them', async () => {
    const github = await fake();
    const { status, body } = await get(`${github.url}/repositories/1296269/contents/README.md`, as(SEED_TOKENS.octocat));
    expect(status).toBe(200);
    expect(body.path).toBe('README.md');
  });
});
