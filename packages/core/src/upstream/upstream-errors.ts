import { McpKitError, notFound, rateLimited, timeoutError, upstreamError } from '../errors/mcpkit-error.js';
import { REDACTED, redactString } from '../logging/redact.js';
import { isHtmlContentType, isJsonContentType } from './read-body.js';

/**
 * Turns what went wrong with an upstream call into an `McpKitError` a model can act on.
 * Messages name the upstream, the method and the path (never the query, which may carry
 * keys, and never a header), a short summary of the upstream's own reason, and what to do.
 */

/** Which call an error is about: `GET /v1/forecast`. */
export interface CallLabel {
  upstream: string;
  method: string;
  path: string;
  attempts: number;
}

const MAX_REASON_CHARS = 200;
const REASON_FIELDS = ['reason', 'message', 'error_description', 'error', 'detail', 'title'] as const;

/**
 * A one-line, safe summary of an error body: the upstream's reason field for JSON, the
 * first line of short text; `undefined` for HTML pages and when nothing useful is there.
 * `secrets` (the values of the headers that were sent) are cut out, since some APIs echo
 * the credential they rejected, in shapes the generic redaction patterns cannot know.
 */
export function summarizeErrorBody(bytes: Buffer, contentType: string | undefined, secrets: readonly string[] = []): string | undefined {
  const text = bytes.toString('utf8').trim();
  if (text === '') return undefined;
  if (isHtmlBody(bytes, contentType)) return undefined;
  let reason: string | undefined;
  if (isJsonContentType(contentType) || text.startsWith('{')) {
    try {
      reason = findReason(JSON.parse(text) as unknown, 0);
    } catch {
      reason = undefined;
    }
  } else {
    reason = text.split('\n', 1)[0];
  }
  return clip(reason === undefined ? undefined : scrub(reason, secrets));
}

/** Removes every occurrence of each secret (and of its token after an auth scheme). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const parts = [secret, secret.replace(/^(bearer|basic|token)\s+/i, '')];
    for (const part of parts) if (part.length >= 6) out = out.split(part).join(REDACTED);
  }
  return out;
}

export function isHtmlBody(bytes: Buffer, contentType: string | undefined): boolean {
  return isHtmlContentType(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(bytes.subarray(0, 64).toString('utf8'));
}

/** Finds the first string under a reason-like key, one level deep (`{ error: { message } }`). */
function findReason(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of REASON_FIELDS) {
    const field = record[key];
    if (typeof field === 'string' && field.trim() !== '') return field;
  }
  if (depth > 0) return undefined;
  for (const key of REASON_FIELDS) {
    const nested = findReason(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const oneLine = redactString(text.replace(/\s+/g, ' ').trim());
  if (oneLine === '') return undefined;
  return oneLine.length > MAX_REASON_CHARS ? `${oneLine.slice(0, MAX_REASON_CHARS - 1)}…` : oneLine;
}

export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function describe(call: CallLabel): string {
  return `${call.method} ${redactString(call.path)}`;
}

function afterAttempts(call: CallLabel): string {
  return call.attempts > 1 ? ` after ${call.attempts} attempts` : '';
}

/** The error for a final non-2xx answer (retries, if any, are over). */
export function statusError(
  call: CallLabel,
  status: number,
  body: { summary: string | undefined; html: boolean },
  retryAfterMs: number | undefined,
): McpKitError {
  const details: Record<string, unknown> = { upstream: call.upstream, status };
  if (body.summary !== undefined) details.reason = body.summary;
  const what = body.html
    ? `${call.upstream} returned an HTML error page (status ${status}) for ${describe(call)}${afterAttempts(call)}`
    : `${call.upstream} answered ${describe(call)} with status ${status}${afterAttempts(call)}${
        body.summary === undefined ? '' : `: ${body.summary}`
      }`;

  if (status === 429) {
    const waitMs = retryAfterMs ?? 60_000;
    return rateLimited(`${what}. It is rate limiting requests; try again in ${seconds(waitMs)} s.`, waitMs, {
      details,
    });
  }
  if (status === 404) {
    return notFound(`${what}. It has no such resource: check the names or ids in the request, then try again.`, {
      details,
    });
  }
  if (status >= 500) {
    const when = retryAfterMs === undefined ? 'in a minute' : `in ${seconds(retryAfterMs)} s`;
    return upstreamError(`${what}. The service is having trouble; try again ${when}.`, {
      details,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (status === 401) {
    return upstreamError(
      `${what}. ${call.upstream} rejected the server's credentials; the configured token may be missing or expired. Retrying will not help until it is fixed.`,
      { details },
    );
  }
  if (status >= 300 && status < 400) {
    return upstreamError(`${what}. It answered with a redirect, which is not followed; check the configured base URL.`, { details });
  }
  return upstreamError(`${what}. Check the arguments against the tool's description and try again.`, { details });
}

/** A `Retry-After` longer than the client is willing to wait. */
export function retryAfterTooLongError(call: CallLabel, status: number, retryAfterMs: number): McpKitError {
  const details = { upstream: call.upstream, status };
  const wait = seconds(retryAfterMs);
  if (status === 429) {
    return rateLimited(
      `${call.upstream} is rate limiting requests (${describe(call)} returned 429) and asks to wait ${wait} s. Try again in ${wait} s.`,
      retryAfterMs,
      { details },
    );
  }
  return new McpKitError(
    'unavailable',
    `${call.upstream} is unavailable (${describe(call)} returned ${status}) and asks to wait ${wait} s. Try again in ${wait} s.`,
    { retryAfterMs, details },
  );
}

export function networkError(call: CallLabel, cause: unknown): McpKitError {
  const code = (cause as { code?: unknown } | null)?.code;
  const tag = typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : '';
  return upstreamError(
    `Could not reach ${call.upstream}${tag} for ${describe(call)}${afterAttempts(call)}. The service or the network may be down; try again later, or check the configured URL.`,
    { cause, details: { upstream: call.upstream } },
  );
}

export function attemptTimeoutError(call: CallLabel, timeoutMs: number, cause?: unknown): McpKitError {
  return timeoutError(
    `${call.upstream} did not answer ${describe(call)} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${seconds(timeoutMs)} s`}. It may be overloaded; try again later or narrow the request.`,
    { cause, details: { upstream: call.upstream } },
  );
}

export function cancelledError(call: Pick<CallLabel, 'upstream' | 'method' | 'path'>, cause?: unknown): McpKitError {
  return new McpKitError('cancelled', `The call to ${call.upstream} (${describe({ ...call, attempts: 1 })}) was cancelled.`, {
    cause,
  });
}

export function bodyTooLargeError(call: CallLabel, limit: number): McpKitError {
  const size = limit >= 1024 * 1024 ? `${+(limit / (1024 * 1024)).toFixed(1)} MiB` : `${limit} bytes`;
  return upstreamError(
    `${call.upstream} sent more than ${size} for ${describe(call)}, so the response was cut off. Narrow the request (fewer fields, a shorter range or smaller pages).`,
    { details: { upstream: call.upstream, limitBytes: limit } },
  );
}

export function malformedJsonError(call: CallLabel, cause: unknown): McpKitError {
  return upstreamError(`${call.upstream} sent malformed JSON for ${describe(call)}. This is an upstream fault; try again later.`, {
    cause,
    details: { upstream: call.upstream },
  });
}

export function unexpectedShapeError(call: CallLabel, cause: unknown): McpKitError {
  const reason = cause instanceof Error ? clip(cause.message) : undefined;
  return upstreamError(
    `${call.upstream} answered ${describe(call)} in an unexpected shape${reason ? ` (${reason})` : ''}. The API may have changed or the configured URL may point elsewhere.`,
    { cause, details: { upstream: call.upstream } },
  );
}

/** An HTML page where JSON was expected: a maintenance page, a proxy's, or the wrong URL. */
export function htmlInsteadOfJsonError(call: CallLabel, status: number): McpKitError {
  return upstreamError(
    `${call.upstream} answered ${describe(call)} with an HTML page instead of JSON (status ${status}). It may be down for maintenance, or the configured base URL may point elsewhere.`,
    { details: { upstream: call.upstream, status } },
  );
}

/** Whether a text body is an HTML page rather than the JSON it should be. */
export function isHtmlText(body: string, contentType: string | undefined): boolean {
  return isHtmlContentType(contentType) || /^\s*</.test(body);
}

export function breakerOpenError(upstream: string, retryAfterMs: number, failures: number): McpKitError {
  const wait = seconds(retryAfterMs);
  return new McpKitError(
    'unavailable',
    `${upstream} is unavailable: its last ${failures} calls failed, so calls to it are paused. It will be tried again in ${wait} s; retry after that.`,
    { retryAfterMs, details: { upstream } },
  );
}

export function closedClientError(upstream: string): McpKitError {
  return new McpKitError('unavailable', `The ${upstream} client is shut down; the server is stopping.`, {
    details: { upstream },
  });
}
