import { describe, expect, it } from 'vitest';
import { createRepoPolicy } from '../access/repo-policy.js';
import { apiBaseUrl } from '../create-server.js';
import { toGitHubError } from './github-errors.js';
import { pageNote, pageOf } from './pagination.js';

const failure = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${(data as { message?: string })?.message ?? 'x'} - https://docs.github.com/rest`), {
    name: 'HttpError',
    status,
    response: { headers, data },
  });

describe('toGitHubError', () => {
  const now = () => Date.parse('2026-11-23T12:00:00Z');

  it('maps each status to a code and a next step, keeping GitHub’s reason', () => {
    const cases: Array<[number, unknown, string, RegExp]> = [
      [401, { message: 'Bad credentials' }, 'upstream_error', /rejected the token.*Bad credentials.*GITHUB_TOKEN/],
      [
        403,
        { message: 'Resource not accessible by personal access token' },
        'forbidden',
        /refused issue #1.*Resource not accessible.*scope or permission/,
      ],
      [404, { message: 'Not Found' }, 'not_found', /nothing for issue #1, or the token cannot see it/],
      [409, { message: 'is at 3a1b but expected 9f8e' }, 'conflict', /conflict.*is at 3a1b/],
      [
        422,
        { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] },
        'invalid_input',
        /Validation Failed — missing_field title/,
      ],
      [422, { message: 'Reference already exists' }, 'invalid_input', /Reference already exists/],
      [502, { message: 'Server Error' }, 'upstream_error', /trouble with issue #1 \(status 502\)/],
      [503, '<html><body>No server is currently available</body></html>', 'upstream_error', /HTML error page/],
    ];
    for (const [status, data, code, message] of cases) {
      const error = toGitHubError(failure(status, data), 'issue #1', now);
      expect(error.code, String(status)).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/docs\.github\.com/);
    }
  });

  it('turns primary and secondary rate limits into rate_limited with the wait', () => {
    const secondary = toGitHubError(
      failure(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '90' },
      ),
      'the search',
      now,
    );
    expect(secondary).toMatchObject({ code: 'rate_limited', retryAfterMs: 90_000 });
    expect(secondary.message).toMatch(/Try again in 90 s/);
    const reset = String(Math.floor(now() / 1000) + 600);
    const primary = toGitHubError(
      failure(403, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
      'x',
      now,
    );
    expect(primary).toMatchObject({ code: 'rate_limited', retryAfterMs: 600_000 });
    expect(toGitHubError(failure(429, { message: 'Too many' }), 'x', now)).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    // A secondary limit without Retry-After: a minute, not the primary window's distant reset.
    const noRetryAfter = failure(
      403,
      { message: 'You have exceeded a secondary rate limit.' },
      { 'x-ratelimit-remaining': '4000', 'x-ratelimit-reset': reset },
    );
    expect(toGitHubError(noRetryAfter, 'x', now)).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    // A 4xx whose message mentions aborting is not a cancellation.
    expect(toGitHubError(failure(422, { message: 'Merge aborted: conflicts' }), 'x', now).code).toBe('invalid_input');
  });

  it('says the network failed when there is no answer at all', () => {
    expect(toGitHubError(new TypeError('fetch failed'), 'x').message).toMatch(/Could not reach GitHub/);
  });
});

describe('repo policy', () => {
  it('allows listed repositories and owner wildcards, case-insensitively', () => {
    const policy = createRepoPolicy(['octo-org/*', 'Someone/Dotfiles']);
    expect(policy.allows('OCTO-ORG', 'anything')).toBe(true);
    expect(policy.allows('someone', 'dotfiles')).toBe(true);
    expect(policy.allows('someone', 'other')).toBe(false);
    expect(() => policy.check('evil', 'repo')).toThrow(
      /evil\/repo is outside the repositories this server may use \(octo-org\/\*, Someone\/Dotfiles\)/,
    );
    expect(createRepoPolicy([]).allows('any', 'thing')).toBe(true);
  });

  it('refuses malformed patterns at start', () => {
    expect(() => createRepoPolicy(['octo-org', 'a/b/c', '*/x', 'ok/fine'])).toThrow(/"octo-org".*"a\/b\/c".*"\*\/x"/s);
  });
});

describe('pagination and base URLs', () => {
  it('reads the Link header', () => {
    const link =
      '<https://api.github.com/repositories/1/issues?page=3&per_page=10>; rel="next", <https://api.github.com/repositories/1/issues?page=5&per_page=10>; rel="last"';
    const info = pageOf({ link }, 2, 10);
    expect(info).toEqual({ page: 2, perPage: 10, hasMore: true, lastPage: 5 });
    expect(pageNote(info)).toEqual(['Page 2 of 5 — call again with page 3 for more.']);
    expect(pageNote(pageOf({}, 1, 30))).toEqual([]);
    expect(pageOf({}, 4, 30, 95)).toEqual({ page: 4, perPage: 30, hasMore: false, total: 95 });
  });

  it('finds the API of github.com and of GitHub Enterprise Server', () => {
    expect(apiBaseUrl(undefined, undefined)).toBe('https://api.github.com');
    expect(apiBaseUrl('https://ghe.example.com/api/v3/', undefined)).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl(undefined, 'ghe.example.com')).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl(undefined, 'https://ghe.example.com/')).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl(undefined, 'github.com')).toBe('https://api.github.com');
    expect(apiBaseUrl(undefined, 'api.github.com')).toBe('https://api.github.com');
    expect(apiBaseUrl(undefined, 'ghe.example.com/')).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl(undefined, 'https://ghe.example.com/api/v3')).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl(undefined, 'octocorp.ghe.com')).toBe('https://api.octocorp.ghe.com');
    expect(() => apiBaseUrl(undefined, 'https://')).toThrow(/not a host name or URL/);
  });
});
