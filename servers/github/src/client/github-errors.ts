import { conflict, forbidden, invalidInput, isMcpKitError, McpKitError, notFound, rateLimited, upstreamError } from '@mcpkit/core';

/** What a failed call was about, for messages: "issue #42 in octo-org/hello-world". */
export type Subject = string;

interface OctokitErrorLike {
  name?: string;
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const MAX_REASON = 300;

/**
 * Turns what Octokit threw into an error a model can act on. GitHub's own message is kept
 * (it is specific: "Reference already exists"), the token never appears (Octokit redacts
 * it from the request it attaches, and nothing here reads the request), and each status
 * says what to do next.
 */
export function toGitHubError(error: unknown, subject: Subject, now: () => number = Date.now): McpKitError {
  if (isMcpKitError(error)) return error;
  const failure = error as OctokitErrorLike;
  if (failure?.name === 'AbortError' || (typeof failure?.status !== 'number' && /\babort/i.test(String(failure?.message)))) {
    return new McpKitError('cancelled', `The GitHub call for ${subject} was cancelled or ran out of time.`, { cause: error });
  }
  const status = typeof failure?.status === 'number' ? failure.status : undefined;
  if (status === undefined || (status === 500 && !failure.response)) {
    return upstreamError(`Could not reach GitHub for ${subject}. The service or the network may be down; try again later.`, {
      cause: error,
    });
  }
  const headers = failure.response?.headers ?? {};
  const data = failure.response?.data;
  const reason = githubReason(data) ?? githubReasonFromMessage(failure.message);
  const said = reason ? `: ${reason}` : '';
  const details = { upstream: 'GitHub', status, ...(reason && { reason }) };

  const limitWait = rateLimitWaitMs(status, headers, reason, now);
  if (limitWait !== undefined) {
    const seconds = Math.max(1, Math.ceil(limitWait / 1000));
    return rateLimited(`GitHub is rate limiting this token for ${subject}${said}. Try again in ${seconds} s.`, limitWait, { details });
  }
  switch (status) {
    case 304:
      return upstreamError(`GitHub answered "not modified" for ${subject} without a body; try again.`, { details });
    case 401:
      return upstreamError(
        `GitHub rejected the token for ${subject}${said}. It may be missing, expired or revoked; set GITHUB_TOKEN to a valid token. Retrying will not help until then.`,
        { details },
      );
    case 403:
      return forbidden(
        `GitHub refused ${subject}${said}. The token may lack a scope or permission for this (fine-grained tokens need the repository and permission granted), or the resource is restricted.`,
        { details },
      );
    case 404:
      return notFound(
        `GitHub found nothing for ${subject}, or the token cannot see it (private repositories answer "Not Found" to those without access). Check the owner, name and number.`,
        { details },
      );
    case 409:
      return conflict(
        `GitHub reported a conflict for ${subject}${said}. Read the current state again (e.g. the file's sha or the branch head) and retry.`,
        {
          details,
        },
      );
    // GitHub's 405 is about the resource's state (a pull request that cannot be merged now),
    // not the HTTP method, which Octokit always gets right.
    case 405:
      return conflict(
        `GitHub will not do ${subject} in its current state${said}. Read it again to see why (checks, conflicts, branch rules).`,
        {
          details,
        },
      );
    case 410:
      return notFound(`${subject} is gone from GitHub${said} (deleted, or the feature is turned off for the repository).`, { details });
    case 422:
      return invalidInput(`GitHub could not accept ${subject}${said}. Fix the arguments and try again.`, { details });
    default:
      if (status >= 500) {
        return upstreamError(`GitHub had trouble with ${subject} (status ${status})${said}. Try again in a minute.`, { details });
      }
      return upstreamError(`GitHub answered ${subject} with status ${status}${said}.`, { details });
  }
}

/** How long until a primary or secondary rate limit lets this token through again, or undefined if this is no rate limit. */
function rateLimitWaitMs(
  status: number,
  headers: Record<string, string | number | undefined>,
  reason: string | undefined,
  now: () => number,
): number | undefined {
  const secondary = reason !== undefined && /secondary rate limit|abuse/i.test(reason);
  const primary =
    String(headers['x-ratelimit-remaining'] ?? '') === '0' || (reason !== undefined && /API rate limit exceeded/i.test(reason));
  if (status !== 429 && !(status === 403 && (secondary || primary))) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  // The reset time belongs to the primary window: it says when to retry only when that
  // window is spent. A secondary limit without Retry-After means "wait at least a minute".
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining'] ?? '') === '0' && Number.isFinite(reset) && reset > 0)
    return Math.max(1000, reset * 1000 - now());
  return 60_000;
}

/** GitHub's `message`, plus the first validation error (`errors[0].message` or its code and field). */
function githubReason(data: unknown): string | undefined {
  if (typeof data === 'string') return /^\s*</.test(data) ? 'GitHub sent an HTML error page' : clip(data);
  if (data === null || typeof data !== 'object') return undefined;
  const record = data as { message?: unknown; errors?: unknown };
  const message = typeof record.message === 'string' ? record.message : undefined;
  const first = Array.isArray(record.errors) ? (record.errors[0] as Record<string, unknown> | string | undefined) : undefined;
  const detail =
    typeof first === 'string'
      ? first
      : first && typeof first === 'object'
        ? typeof first.message === 'string'
          ? first.message
          : [first.code, first.field].filter((part) => typeof part === 'string').join(' ')
        : undefined;
  return clip([message, detail].filter(Boolean).join(' — '));
}

function githubReasonFromMessage(message: string | undefined): string | undefined {
  // Octokit's message is GitHub's own message plus " - https://docs.github.com/…".
  return message ? clip(message.replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '')) : undefined;
}

function clip(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat || undefined;
}
