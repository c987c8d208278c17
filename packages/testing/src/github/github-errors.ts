import type { FakeResponse } from '../fake-upstream.js';

/**
 * GitHub's error answers: `{ message, documentation_url, status }` (status as a string, as the API
 * sends it since 2023), `errors[]` on validation failures, and the ready-made failures tests inject
 * (rate limits, server errors, the unicorn page) with the headers the throttling and retry
 * plugins read.
 */

export const DOCS = 'https://docs.github.com/rest';
export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
/** Injected answers skip the fake's header logic, so each carries the request id clients log. */
const requestId = (suffix: string) => ({ 'x-github-request-id': `8F3A:2B41:1C9E0A7:1D2F3B4:6745A1${suffix}` });

export interface ValidationError {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  value?: unknown;
}

export function githubError(
  status: number,
  message: string,
  documentationUrl: string = DOCS,
  extra: { errors?: ValidationError[]; headers?: Record<string, string> } = {},
): FakeResponse {
  return {
    status,
    headers: { ...JSON_TYPE, ...(extra.headers ?? {}) },
    json: { message, ...(extra.errors ? { errors: extra.errors } : {}), documentation_url: documentationUrl, status: String(status) },
  };
}

export const notFound = (documentationUrl: string = DOCS) => githubError(404, 'Not Found', documentationUrl);

export const requiresAuthentication = (documentationUrl: string = DOCS) => githubError(401, 'Requires authentication', documentationUrl);

export const validationFailed = (errors: ValidationError[], documentationUrl: string = DOCS) =>
  githubError(422, 'Validation Failed', documentationUrl, { errors });

/** The 422 a write gets when a required body field is absent: `Invalid request.\n\n"sha" wasn't supplied.` */
export const notSupplied = (field: string, documentationUrl: string = DOCS) =>
  githubError(422, `Invalid request.\n\n"${field}" wasn't supplied.`, documentationUrl);

/** Fine-grained tokens asking for something their permissions or repository selection leave out. */
export const notAccessibleByToken = (documentationUrl: string = DOCS) =>
  githubError(403, 'Resource not accessible by personal access token', documentationUrl);

export const problemsParsingJson = () => githubError(400, 'Problems parsing JSON', DOCS);

/** Primary rate limit exhausted; `who` is `user ID 1` or, anonymous, the client's address. */
export function rateLimitExceeded(who: { userId: number } | { ip: string }, headers: Record<string, string>): FakeResponse {
  const message =
    'userId' in who
      ? `API rate limit exceeded for user ID ${who.userId}.`
      : `API rate limit exceeded for ${who.ip}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`;
  return githubError(403, message, RATE_LIMIT_DOCS, { headers });
}

const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 8F3A:2B41:1C9E0A7:1D2F3B4:6745A1B2 and timestamp 2026-11-23 14:07:00 UTC.';

const UNICORN_PAGE = `<!DOCTYPE html>
<!--

Hello future GitHubber! I bet you're here to remove those nasty inline styles,
DRY up these templates and make 'em nice and re-usable, right?

Please, don't. https://github.com/styleguide/templates/2.0

-->
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
    <title>Unicorn! &middot; GitHub</title>
  </head>
  <body>
    <div class="container">
      <p><strong>No server is currently available to service your request.</strong></p>
      <p>Sorry about that. Please try refreshing and contact us if the problem persists.</p>
      <div id="suggestions">
        <a href="https://github.com/contact">Contact Support</a> &mdash;
        <a href="https://www.githubstatus.com">GitHub Status</a> &mdash;
        <a href="https://twitter.com/githubstatus">@githubstatus</a>
      </div>
    </div>
  </body>
</html>
`;

function secondary(retryAfterSeconds: number): FakeResponse {
  return githubError(403, SECONDARY_MESSAGE, `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`, {
    headers: { 'retry-after': String(retryAfterSeconds), ...requestId('B2') },
  });
}

export interface PrimaryRateLimitOptions {
  /** The clock the reset time is counted from. @default real time */
  now?: Date;
  /** @default 1 (octocat in the default seed) */
  userId?: number;
  /** @default 5000 */
  limit?: number;
  /** @default 'core' */
  resource?: string;
}

/** Ready-made failures as api.github.com sends them, for `inject` and `outage`. */
export const githubErrors = {
  /** 403 secondary rate limit with `retry-after: 60` (what abuse detection sends). */
  secondaryRateLimit: secondary(60),
  /** The same with `retry-after: 1`, so a retrying client gets through within a test. */
  secondaryRateLimitShort: secondary(1),
  /** 403 primary rate limit: remaining 0 and a reset `resetInSeconds` from `now`. */
  primaryRateLimit(resetInSeconds = 60, options: PrimaryRateLimitOptions = {}): FakeResponse {
    const { now = new Date(), userId = 1, limit = 5000, resource = 'core' } = options;
    return rateLimitExceeded(
      { userId },
      {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(limit),
        'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + resetInSeconds),
        'x-ratelimit-resource': resource,
        ...requestId('B3'),
      },
    );
  },
  /** 500 `{"message":"Server Error"}`. */
  serverError: { status: 500, headers: { ...JSON_TYPE, ...requestId('B4') }, json: { message: 'Server Error' } },
  /** 502 `{"message":"Server Error"}` (a backend timed out behind the load balancer). */
  badGateway: { status: 502, headers: { ...JSON_TYPE, ...requestId('B5') }, json: { message: 'Server Error' } },
  /** 503 HTML "unicorn" page from github.com's front end, not JSON. */
  unicornPage: { status: 503, headers: requestId('B6'), html: UNICORN_PAGE },
  /** 401 for a token GitHub does not know (revoked, expired, mistyped). */
  badCredentials: githubError(401, 'Bad credentials', DOCS, { headers: requestId('B7') }),
} as const;
