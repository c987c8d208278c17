import type { Dispatcher } from 'undici';
import { Agent } from 'undici';
import type { McpKitError } from '../errors/mcpkit-error.js';
import { invalidInput, isMcpKitError } from '../errors/mcpkit-error.js';
import { buildUrl, cacheKey } from './build-url.js';
import type { CachedResponse } from './cache-store.js';
import type { BreakerOutcome } from './circuit-breaker.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { parseBody } from './read-body.js';
import { resolveOptions } from './resolve-options.js';
import { backoffDelayMs, isIdempotentMethod, isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import type { AttemptResult } from './send-attempt.js';
import { sendAttempt } from './send-attempt.js';
import { createSharedFlights } from './shared-flights.js';
import type { CallLabel } from './upstream-errors.js';
import {
  attemptTimeoutError,
  bodyTooLargeError,
  breakerOpenError,
  cancelledError,
  closedClientError,
  htmlInsteadOfJsonError,
  isHtmlBody,
  isHtmlText,
  malformedJsonError,
  networkError,
  retryAfterTooLongError,
  statusError,
  summarizeErrorBody,
  unexpectedShapeError,
} from './upstream-errors.js';
import type { HttpMethod, UpstreamClient, UpstreamClientOptions, UpstreamRequest, UpstreamResponse } from './upstream-types.js';

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Error pages are only summarised, so there is no point reading a large one. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** Headers whose values are never secret; every other header value is scrubbed from error text. */
const PLAIN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'accept-encoding',
  'content-type',
  'user-agent',
  'cache-control',
]);

type CallResult =
  | { ok: true; response: UpstreamResponse; outcome: BreakerOutcome }
  | { ok: false; error: McpKitError; outcome: BreakerOutcome };

/**
 * The HTTP client every server uses for an outside API: per-attempt timeouts, retries
 * with jittered backoff that honour `Retry-After`, a circuit breaker, a GET cache,
 * keep-alive pooling and errors a model can act on. Options are checked here, once;
 * see `UpstreamClientOptions` for every default.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const config = resolveOptions(options);
  const { name, logger, now } = config;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: 30_000,
      connections: 64,
      connect: { timeout: config.timeoutMs },
      // Our own per-attempt timer decides; these only back it up.
      headersTimeout: config.timeoutMs + 5_000,
      bodyTimeout: config.timeoutMs + 5_000,
    });
  const breaker = config.breaker && createCircuitBreaker({ ...config.breaker, now });
  const counters = { requests: 0, cacheHits: 0, staleHits: 0, sharedCalls: 0, retries: 0 };
  const flights = createSharedFlights<UpstreamResponse>();
  let closing: Promise<void> | undefined;

  const wait = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
    const effective = signal ?? new AbortController().signal;
    if (!signal) return config.sleep(ms, effective);
    // Race the injected sleep against the signal, so even a sleep that ignores it cannot delay a cancel.
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason as Error);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([config.sleep(ms, effective), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  /** Attempts, retries and error mapping for one call that the breaker let through. */
  const execute = async (
    call: CallLabel,
    url: URL,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    req: UpstreamRequest,
    maxRetries: number,
  ): Promise<CallResult> => {
    const accepted = (status: number) => (status >= 200 && status < 300) || (req.acceptStatus?.includes(status) ?? false);
    const retryable = isIdempotentMethod(call.method);
    for (let attempt = 1; ; attempt += 1) {
      call.attempts = attempt;
      counters.requests += 1;
      const started = now();
      const result: AttemptResult = await sendAttempt({
        dispatcher,
        url,
        method: call.method,
        headers,
        body,
        signal: req.signal,
        timeoutMs: config.timeoutMs,
        bodyLimit: (status) => (accepted(status) ? config.maxBodyBytes : Math.min(ERROR_BODY_LIMIT, config.maxBodyBytes)),
      });
      const canRetry = retryable && attempt <= maxRetries;
      const log = { upstream: name, method: call.method, path: call.path, attempt, durationMs: now() - started };

      if (result.kind === 'cancelled') return { ok: false, error: cancelledError(call, result.error), outcome: 'neutral' };
      if (result.kind === 'timeout') {
        logger.warn({ ...log, outcome: 'timeout' }, 'upstream attempt timed out');
        return { ok: false, error: attemptTimeoutError(call, config.timeoutMs, result.error), outcome: 'failure' };
      }

      let retryAfterMs: number | undefined;
      if (result.kind === 'network') {
        logger.warn({ ...log, outcome: 'network_error', code: errorCode(result.error) }, 'upstream attempt failed');
        if (!canRetry) return { ok: false, error: networkError(call, result.error), outcome: 'failure' };
      } else {
        const { status } = result;
        logger.debug({ ...log, status }, 'upstream response');
        if (accepted(status)) return finish(call, result);
        if (isRetryableStatus(status)) retryAfterMs = parseRetryAfter(result.headers['retry-after'], now());
        // An upstream that answers, even with a 4xx or 429, is up: only 5xx counts against it.
        const outcome: BreakerOutcome = status >= 500 ? 'failure' : 'success';
        if (retryAfterMs !== undefined && retryAfterMs > config.maxRetryAfterMs) {
          return { ok: false, error: retryAfterTooLongError(call, status, retryAfterMs), outcome };
        }
        if (!isRetryableStatus(status) || !canRetry) {
          const contentType = result.headers['content-type'];
          const summary = {
            summary: summarizeErrorBody(result.bytes, contentType, secretValues(headers)),
            html: isHtmlBody(result.bytes, contentType),
          };
          return { ok: false, error: statusError(call, status, summary, retryAfterMs), outcome };
        }
      }

      const delayMs = retryAfterMs ?? backoffDelayMs(attempt - 1, config.baseDelayMs, config.maxDelayMs, config.random);
      counters.retries += 1;
      logger.warn({ ...log, delayMs, ...(result.kind === 'response' && { status: result.status }) }, 'retrying upstream call');
      try {
        await wait(delayMs, req.signal);
      } catch (error) {
        if (req.signal?.aborted) return { ok: false, error: cancelledError(call, error), outcome: 'neutral' };
        throw error;
      }
    }
  };

  const finish = (call: CallLabel, result: Extract<AttemptResult, { kind: 'response' }>): CallResult => {
    if (result.tooLarge) return { ok: false, error: bodyTooLargeError(call, config.maxBodyBytes), outcome: 'success' };
    try {
      const body = parseBody(result.bytes, result.headers['content-type']);
      const response = { status: result.status, headers: result.headers, body, fromCache: false };
      return { ok: true, outcome: 'success', response };
    } catch (error) {
      return { ok: false, error: malformedJsonError(call, error), outcome: 'failure' };
    }
  };

  const readCache = async (key: string): Promise<CachedResponse | undefined> => {
    try {
      return await config.cache?.store.get(key);
    } catch (error) {
      // A broken shared cache must not take the upstream down with it.
      logger.warn({ upstream: name, err: error }, 'upstream cache read failed; calling upstream');
      return undefined;
    }
  };

  const writeCache = async (key: string, value: CachedResponse, ttlMs: number): Promise<void> => {
    try {
      await config.cache?.store.set(key, value, ttlMs);
    } catch (error) {
      logger.warn({ upstream: name, err: error }, 'upstream cache write failed');
    }
  };

  const request = async <T = unknown>(req: UpstreamRequest): Promise<UpstreamResponse<T>> => {
    if (closing) throw closedClientError(name);
    const method = (req.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw invalidInput(`Unsupported HTTP method "${method}" for ${name}.`);
    const url = buildUrl(config.baseUrl, req.path, req.query);
    const call: CallLabel = { upstream: name, method, path: url.pathname, attempts: 0 };
    if (req.signal?.aborted) throw cancelledError(call, req.signal.reason);

    const callHeaders = lowerCaseKeys(req.headers ?? {});
    const { body, contentType } = encodeBody(req.body);
    const headers: Record<string, string> = {
      ...(contentType !== undefined && { 'content-type': contentType }),
      ...config.headers,
      ...callHeaders,
      'user-agent': config.userAgent,
    };

    const ttlMs = req.ttlMs ?? config.cache?.ttlMs ?? 0;
    if (!(ttlMs >= 0)) throw invalidInput(`ttlMs must be a number ≥ 0 for ${name}, got ${String(req.ttlMs)}.`);
    if (config.cache === undefined || method !== 'GET' || req.cache === false || ttlMs === 0)
      return callUpstream<T>(call, url, headers, body, req, req.signal);

    const staleIfErrorMs = req.staleIfErrorMs ?? config.cache.staleIfErrorMs;
    if (!(staleIfErrorMs >= 0)) {
      throw invalidInput(`staleIfErrorMs must be a number ≥ 0 for ${name}, got ${String(req.staleIfErrorMs)}.`);
    }
    const key = cacheKey(name, url, callHeaders);
    const lookup = async () => {
      const entry = await readCache(key);
      return entry && { entry, ageMs: Math.max(0, now() - (entry.storedAt ?? now())) };
    };
    // A call already in flight is joined at once: reading the cache first would leave a gap
    // in which that call ends and this one sends a second request.
    let cached = flights.has(flightKey(key, req)) ? undefined : await lookup();
    if (cached !== undefined && cached.ageMs < ttlMs) {
      counters.cacheHits += 1;
      logger.debug({ upstream: name, method, path: call.path }, 'upstream cache hit');
      return fromCache<T>(cached.entry, cached.ageMs, false);
    }
    if (flights.has(flightKey(key, req))) counters.sharedCalls += 1;
    try {
      return (await flights.run(
        flightKey(key, req),
        req.signal,
        () => cancelledError(call, req.signal?.reason),
        async (signal) => {
          const response = await callUpstream(call, url, headers, body, req, signal);
          if (response.status >= 200 && response.status < 300) {
            const { status, headers: responseHeaders, body: responseBody } = response;
            const entry = { status, headers: responseHeaders, body: responseBody, storedAt: now() };
            await writeCache(key, entry, ttlMs + staleIfErrorMs);
          }
          return response;
        },
      )) as UpstreamResponse<T>;
    } catch (error) {
      // The upstream is down or throttling and an answer it gave a little while ago is
      // still kept: that answer, marked stale, beats an error.
      if (!servesStale(error) || staleIfErrorMs === 0) throw error;
      cached ??= await lookup();
      if (cached === undefined || cached.ageMs >= ttlMs + staleIfErrorMs) throw error;
      counters.staleHits += 1;
      logger.warn(
        { upstream: name, method, path: call.path, ageMs: cached.ageMs, err: error },
        'upstream failed; answering from stale cache',
      );
      return fromCache<T>(cached.entry, cached.ageMs, true);
    }
  };

  /** Breaker, attempts and error mapping for one call; `signal` cancels it. */
  const callUpstream = async <T>(
    call: CallLabel,
    url: URL,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    req: UpstreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse<T>> => {
    const permit = breaker ? breaker.acquire() : { allowed: true as const, probe: false };
    if (!permit.allowed) throw breakerOpenError(name, permit.retryAfterMs, permit.consecutiveFailures);
    // A half-open probe gets a single attempt: it only has to tell whether the upstream is back.
    const maxRetries = permit.probe ? 0 : config.retries;
    let outcome: BreakerOutcome = 'neutral';
    try {
      const result = await execute(call, url, headers, body, { ...req, signal }, maxRetries);
      outcome = result.outcome;
      if (!result.ok) throw result.error;
      if (req.validate === undefined || result.response.status < 200 || result.response.status >= 300) {
        return result.response as UpstreamResponse<T>;
      }
      const { body: answer, headers: answerHeaders, status } = result.response;
      try {
        if (typeof answer === 'string' && isHtmlText(answer, answerHeaders['content-type'])) throw htmlInsteadOfJsonError(call, status);
        return { ...result.response, body: req.validate(answer) } as UpstreamResponse<T>;
      } catch (error) {
        // An answer in the wrong shape is an upstream fault: counted against it, never cached.
        outcome = 'failure';
        throw isMcpKitError(error) ? error : unexpectedShapeError(call, error);
      }
    } finally {
      breaker?.record(outcome, permit);
      if (permit.probe || outcome === 'failure') {
        logger.debug({ upstream: name, breakerState: breaker?.state(), outcome }, 'upstream breaker updated');
      }
    }
  };

  return {
    name,
    request,
    async getJson<T = unknown>(path: string, opts: Parameters<UpstreamClient['getJson']>[1] = {}): Promise<T> {
      const response = await request<unknown>({
        ...opts,
        method: 'GET',
        path,
        headers: { accept: 'application/json', ...opts.headers },
      });
      if (typeof response.body !== 'string') return response.body as T;
      // Served without a JSON content type: accept it if it parses, and say so plainly if not.
      const label: CallLabel = {
        upstream: name,
        method: 'GET',
        path: buildUrl(config.baseUrl, path, undefined).pathname,
        attempts: 1,
      };
      if (isHtmlText(response.body, response.headers['content-type'])) throw htmlInsteadOfJsonError(label, response.status);
      try {
        return JSON.parse(response.body) as T;
      } catch (error) {
        throw malformedJsonError(label, error);
      }
    },
    stats: () => ({ ...counters, breakerState: breaker ? breaker.state() : 'closed' }),
    close: () => {
      closing ??= ownsDispatcher ? dispatcher.close() : Promise.resolve();
      return closing;
    },
  };
}

/**
 * Calls share a flight only when they would treat its answer alike: the same URL and
 * headers (the cache key) and the same statuses accepted as answers.
 */
function flightKey(key: string, req: UpstreamRequest): string {
  return req.acceptStatus === undefined || req.acceptStatus.length === 0 ? key : `${key}|${[...req.acceptStatus].sort().join(',')}`;
}

function fromCache<T>(cached: CachedResponse, ageMs: number, stale: boolean): UpstreamResponse<T> {
  return { status: cached.status, headers: cached.headers, body: cached.body as T, fromCache: true, stale, ageMs };
}

/** Failures that say the upstream is down or throttling, rather than that the request was wrong. */
function servesStale(error: unknown): boolean {
  const code = (error as Partial<McpKitError> | null)?.code;
  return code === 'unavailable' || code === 'timeout' || code === 'rate_limited' || (code === 'upstream_error' && isServerSide(error));
}

function isServerSide(error: unknown): boolean {
  const status = (error as { details?: { status?: unknown } }).details?.status;
  // No status: the network failed or the body was malformed; 5xx: the service is in trouble;
  // 2xx: it answered, but with something unusable (an HTML page).
  return typeof status !== 'number' || status >= 500 || (status >= 200 && status < 300);
}

function secretValues(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => !PLAIN_HEADERS.has(name))
    .map(([, value]) => value);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

function encodeBody(body: unknown): { body: string | Uint8Array | undefined; contentType: string | undefined } {
  if (body === undefined) return { body: undefined, contentType: undefined };
  if (typeof body === 'string') return { body, contentType: 'text/plain; charset=utf-8' };
  if (body instanceof Uint8Array) return { body, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
