import type { Logger } from '@mcpkit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';

const ThrottledOctokit = Octokit.plugin(throttling, retry);
const CLIENT_ERRORS = Array.from({ length: 100 }, (_, i) => 400 + i);
/** The REST client the tools use; the plugins work inside it and add nothing the tools call. */
export type GitHubClient = Octokit;

export interface GitHubClientSettings {
  baseUrl: string;
  token: string | undefined;
  userAgent: string;
  logger: Logger;
  /** Longest rate-limit wait worth waiting out; beyond it the call fails and says when to retry. */
  maxWaitSeconds: number;
  /** Least time between two writes (GitHub's guidance against secondary limits). */
  writeIntervalMs: number;
  /** Extra attempts after a 5xx or network error. @default 2 */
  retries?: number;
  /** Multiplier of `Retry-After` seconds; tests shrink it. @default 1000 */
  retryAfterBaseMs?: number;
}

/**
 * Octokit with GitHub's throttling and retry plugins. The throttling plugin keeps its
 * request queues in module-level state shared by every Octokit in the process unless it is
 * handed its own; each client gets its own here, so one server (or test) never waits on
 * another's limits.
 */
export function createGitHubClient(settings: GitHubClientSettings): GitHubClient {
  const { logger, maxWaitSeconds } = settings;
  const retryAfterBaseMs = settings.retryAfterBaseMs ?? 1000;
  const wait =
    (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const fine = retryAfter <= maxWaitSeconds && retryCount < 1;
      logger.warn(
        { kind, retryAfterSeconds: retryAfter, method: options.method, route: options.url, retrying: fine },
        fine ? 'GitHub rate limit: waiting before one retry' : 'GitHub rate limit: not waiting',
      );
      return fine;
    };
  const groups = {
    global: new Bottleneck.Group({ maxConcurrent: 10 }),
    auth: new Bottleneck.Group({ maxConcurrent: 1 }),
    search: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.min(2_000, settings.writeIntervalMs * 2) }),
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: settings.writeIntervalMs }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.min(3_000, settings.writeIntervalMs * 3) }),
  };
  return new ThrottledOctokit({
    ...(settings.token !== undefined && { auth: settings.token }),
    baseUrl: settings.baseUrl.replace(/\/+$/, ''),
    userAgent: settings.userAgent,
    // Octokit logs to the console by default; stdout belongs to the stdio protocol.
    log: {
      debug: (message: string) => logger.debug({ source: 'octokit' }, message),
      info: (message: string) => logger.debug({ source: 'octokit' }, message),
      warn: (message: string) => logger.warn({ source: 'octokit' }, message),
      error: (message: string) => logger.error({ source: 'octokit' }, message),
    },
    throttle: {
      ...groups,
      retryAfterBaseValue: retryAfterBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: wait('primary'),
      onSecondaryRateLimit: wait('secondary'),
    },
    // Rate limits (403/429) are the throttling plugin's to wait out or refuse; a 409 is a
    // conflict to resolve, not a blip. Only 5xx and network failures are retried here.
    retry: {
      retries: settings.retries ?? 2,
      retryAfterBaseValue: retryAfterBaseMs,
      // Every 4xx: a refusal GitHub would repeat (405 not mergeable, 406 diff too large…).
      doNotRetry: CLIENT_ERRORS,
    },
  });
}
