/**
 * GitHub's primary rate limits on the fake's clock: one window per caller (token's user, or the
 * client address when anonymous) and resource. `core` resets an hour after the window opened,
 * `search` and `code_search` a minute after.
 */

export type RateResource = 'core' | 'search' | 'code_search';

export interface RateLimitPolicy {
  /** Requests per hour for a token. @default 5000 */
  core?: number;
  /** Searches per minute for a token. @default 30 */
  search?: number;
  /** Code searches per minute for a token. @default 10 */
  codeSearch?: number;
  /** Requests per hour without a token (per client address). @default 60 */
  anonymousCore?: number;
  /** Searches per minute without a token. @default 10 */
  anonymousSearch?: number;
}

export interface RateWindow {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  resource: RateResource;
}

const WINDOW_SECONDS: Record<RateResource, number> = { core: 3600, search: 60, code_search: 60 };

export class RateLimits {
  private readonly windows = new Map<string, RateWindow>();
  private readonly policy: Required<RateLimitPolicy>;

  constructor(
    policy: RateLimitPolicy,
    private readonly now: () => Date,
  ) {
    this.policy = { core: 5000, search: 30, codeSearch: 10, anonymousCore: 60, anonymousSearch: 10, ...policy };
  }

  /** The caller's current window (opened now if it had expired or never existed). */
  window(caller: string, anonymous: boolean, resource: RateResource): RateWindow {
    const key = `${caller}\u0000${resource}`;
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const existing = this.windows.get(key);
    if (existing && existing.reset > nowSeconds) return existing;
    const limit = this.limitFor(anonymous, resource);
    const fresh: RateWindow = { limit, used: 0, remaining: limit, reset: nowSeconds + WINDOW_SECONDS[resource], resource };
    this.windows.set(key, fresh);
    return fresh;
  }

  /** Counts one request against the window. */
  spend(window: RateWindow): void {
    window.used = Math.min(window.limit, window.used + 1);
    window.remaining = window.limit - window.used;
  }

  /** Forgets every window, so the next request starts with a full allowance. */
  reset(): void {
    this.windows.clear();
  }

  private limitFor(anonymous: boolean, resource: RateResource): number {
    if (resource === 'core') return anonymous ? this.policy.anonymousCore : this.policy.core;
    if (resource === 'search') return anonymous ? this.policy.anonymousSearch : this.policy.search;
    return anonymous ? this.policy.anonymousSearch : this.policy.codeSearch;
  }
}

export function rateHeaders(window: RateWindow): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(window.remaining),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-resource': window.resource,
  };
}
