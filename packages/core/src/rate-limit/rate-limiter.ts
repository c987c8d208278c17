import type { Redis } from 'ioredis';
import type { RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { invalidInput, McpKitError } from '../errors/mcpkit-error.js';
import { type Logger, silentLogger } from '../logging/logger-types.js';
import { assertValidRule, type RateLimitRule } from './rate-limit-rule.js';

/** The outcome of one `consume`. A refusal is a normal decision, never an exception. */
export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise ms until the refusing bucket's window resets (> 0). */
  retryAfterMs: number;
  /** Points left in the tightest bucket (after this call when allowed). */
  remaining: number;
}

export interface RateLimiter {
  /** Consume `cost` points for `principalId` calling `tool`. Never throws for "limited"; returns the decision. */
  consume(principalId: string, tool: string, cost: number): Promise<RateLimitDecision>;
  /** Stops the limiter; later calls reject with `unavailable`. A Redis client stays open: it is the caller's. */
  close(): Promise<void>;
}

export type RateLimitStore = { kind: 'memory' } | { kind: 'redis'; redis: Redis };

export interface RateLimiterOptions {
  /** All tools of one principal together. */
  perPrincipal: RateLimitRule;
  /** One principal on one tool. Omit for no per-tool limit. */
  perTool?: RateLimitRule;
  /**
   * Where counters live. `memory` counts per process; `redis` counts atomically in Redis
   * (a Lua increment per bucket), shared by every process and instance using the same
   * `keyPrefix`. The ioredis client is owned by the caller, who also closes it.
   * @default { kind: 'memory' }
   */
  store?: RateLimitStore;
  /**
   * Prefix of every bucket key, so servers sharing a Redis do not share buckets by accident.
   * @default 'mcpkit:rl'
   */
  keyPrefix?: string;
  /**
   * What `consume` does while Redis is unreachable (or slower than `storeTimeoutMs`):
   * - `reject`: reject with `McpKitError('unavailable')`, so no call runs unlimited (fail closed);
   * - `allow-memory`: count in this process's memory with the same rules until Redis answers
   *   again (fail soft: with N instances a principal may get up to N times the limit, and the
   *   memory counts are not copied back to Redis).
   * Ignored by the memory store.
   * @default 'reject'
   */
  insuranceOnRedisError?: 'reject' | 'allow-memory';
  /**
   * Longest wait for Redis per bucket operation before it counts as unreachable, so a
   * stalled (not refused) connection cannot hang a call. Ignored by the memory store.
   * @default 1000
   */
  storeTimeoutMs?: number;
  /** Store outages and recoveries are logged here, once per transition. @default silentLogger */
  logger?: Logger;
}

/**
 * The store keys of the two buckets a call draws from. Parts are URI-encoded, so a `:`
 * inside a principal id or tool name cannot make two different pairs share a key.
 * Exported so operators (and tests) can inspect or reset a bucket in Redis.
 */
export function bucketKeys(prefix: string, principalId: string, tool: string): { principal: string; tool: string } {
  const principal = encodeURIComponent(principalId);
  return {
    principal: `${prefix}:p:${principal}`,
    tool: `${prefix}:t:${principal}:${encodeURIComponent(tool)}`,
  };
}

/** What the limiter needs of a rate-limiter-flexible limiter (memory, Redis or a wrapper). */
type LibraryLimiter = Pick<RateLimiterAbstract, 'consume' | 'reward'>;

interface Bucket {
  name: 'principal' | 'tool';
  rule: RateLimitRule;
  limiter: LibraryLimiter;
}

type Attempt = { allowed: true; res: RateLimiterRes } | { allowed: false; res: RateLimiterRes };

/**
 * A refund may only land in the window it was taken from: the library's `reward` on an
 * expired key starts a new window with a negative count, i.e. free extra calls. A refund
 * is skipped when the window has less than this left; the points then return at reset.
 */
const REFUND_MIN_WINDOW_LEFT_MS = 250;

type Flexible = typeof import('rate-limiter-flexible');
type FallbackMemoryLimiterClass = new (rule: RateLimitRule, onUse: () => void) => RateLimiterMemory;
/** The loaded library, and the one class core derives from it. */
type Library = Flexible & { FallbackMemoryLimiter: FallbackMemoryLimiterClass };

/**
 * rate-limiter-flexible, loaded on the first `consume`: a stdio server is spawned for
 * every desktop session and may never be called, and the library costs tens of ms of
 * that cold start. Loaded once per process; a failed load is retried by the next call.
 */
let library: Promise<Library> | undefined;
function loadLibrary(): Promise<Library> {
  // The library is CommonJS: its `module.exports` is the namespace's `default`, in Node and
  // in a bundle alike (a bundler need not synthesise the named exports Node's loader adds).
  library ??= import('rate-limiter-flexible').then(
    ({ default: flexible }) => ({ ...flexible, FallbackMemoryLimiter: fallbackMemoryLimiterClass(flexible) }),
    (error: unknown) => {
      library = undefined;
      throw error;
    },
  );
  return library;
}

/**
 * The memory limiter used as rate-limiter-flexible's `insuranceLimiter`: the library
 * calls it only when Redis failed, which is the moment to log the switch. It extends the
 * loaded library's `RateLimiterMemory` because the library checks `instanceof`.
 */
function fallbackMemoryLimiterClass(flexible: Flexible): FallbackMemoryLimiterClass {
  return class FallbackMemoryLimiter extends flexible.RateLimiterMemory {
    readonly #onUse: () => void;

    constructor(rule: RateLimitRule, onUse: () => void) {
      super({ points: rule.points, duration: rule.durationSec, keyPrefix: '' });
      this.#onUse = onUse;
    }

    override consume(...args: Parameters<RateLimiterMemory['consume']>): Promise<RateLimiterRes> {
      this.#onUse();
      return super.consume(...args);
    }
  };
}

/**
 * Token-bucket style limits per principal and per principal+tool, each call costing its
 * tool's points. Counting is rate-limiter-flexible's fixed window that starts at a key's
 * first call (memory, or an atomic Lua increment in Redis).
 *
 * Two buckets, one decision: the per-tool bucket is consumed first, then the per-principal
 * one. A refused call leaves both as they were: the refusing bucket gets its own overshoot
 * back and, when the principal bucket refuses, the tool bucket is refunded, with the
 * library's `reward`. Refunds can make a concurrent call see a bucket fuller than it is
 * (a spurious refusal) but never admit more than a bucket's points: every admitted call saw
 * its bucket's count within the limit right after its own atomic increment. The tool bucket
 * goes first because it is the narrower one: its refusals never touch the principal bucket,
 * and the rarer principal refusal refunds only that one tool's bucket.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const {
    perPrincipal,
    perTool,
    store = { kind: 'memory' },
    keyPrefix = 'mcpkit:rl',
    insuranceOnRedisError = 'reject',
    storeTimeoutMs = 1000,
    logger = silentLogger,
  } = options;
  assertValidRule(perPrincipal, 'per-principal rate limit');
  if (perTool !== undefined) assertValidRule(perTool, 'per-tool rate limit');
  if (typeof keyPrefix !== 'string' || keyPrefix.length === 0) {
    throw invalidInput('Invalid rate limiter keyPrefix: expected a non-empty string such as "mcpkit:rl:tasks".');
  }
  if (insuranceOnRedisError !== 'reject' && insuranceOnRedisError !== 'allow-memory') {
    throw invalidInput(`Invalid insuranceOnRedisError "${String(insuranceOnRedisError)}": expected "reject" or "allow-memory".`);
  }
  if (!Number.isFinite(storeTimeoutMs) || storeTimeoutMs <= 0) {
    throw invalidInput(`Invalid storeTimeoutMs ${String(storeTimeoutMs)}: expected a positive number of ms.`);
  }
  if (store.kind === 'redis') {
    if (typeof store.redis?.defineCommand !== 'function') {
      throw invalidInput('The redis rate-limit store needs an ioredis client in store.redis (see createRedisClient).');
    }
  } else if (store.kind !== 'memory') {
    const kind = String((store as { kind: unknown }).kind);
    throw invalidInput(`Unknown rate-limit store kind "${kind}": use "memory" or "redis".`);
  }

  const log = logger.child({ component: 'rate-limit' });
  // Store health, for logging once per outage rather than once per call.
  let degraded = false;
  let fallbackUses = 0;
  let closed = false;
  const markDegraded = (how: string, cause?: unknown) => {
    if (degraded) return;
    degraded = true;
    log.warn({ err: cause instanceof Error ? cause.message : undefined }, how);
  };
  const markHealthy = () => {
    if (!degraded) return;
    degraded = false;
    log.info('Rate-limit store reachable again; limits are shared through Redis.');
  };

  const makeLimiter = (lib: Library, rule: RateLimitRule): LibraryLimiter => {
    if (store.kind === 'memory') {
      return new lib.RateLimiterMemory({ points: rule.points, duration: rule.durationSec, keyPrefix: '' });
    }
    const insurance =
      insuranceOnRedisError === 'allow-memory'
        ? new lib.FallbackMemoryLimiter(rule, () => {
            fallbackUses += 1;
            markDegraded('Rate-limit store (Redis) unreachable; counting in this process until it is back.');
          })
        : undefined;
    const redisLimiter = new lib.RateLimiterRedis({
      storeClient: store.redis,
      points: rule.points,
      duration: rule.durationSec,
      keyPrefix: '', // bucketKeys() already built the full key
      // Fail at once while ioredis is not connected instead of queueing the command.
      rejectIfRedisNotReady: true,
      ...(insurance && { insuranceLimiter: insurance }),
    });
    // A connected but stalled Redis would otherwise hold the call for as long as TCP does.
    return new lib.RLWrapperTimeouts({ limiter: redisLimiter, timeoutMs: storeTimeoutMs });
  };

  // Tool bucket first (see above). The library's limiters are built with the library, on the first call.
  const rules: { name: Bucket['name']; rule: RateLimitRule }[] = [
    ...(perTool ? [{ name: 'tool' as const, rule: perTool }] : []),
    { name: 'principal', rule: perPrincipal },
  ];
  const capacity = Math.min(...rules.map(({ rule }) => rule.points));
  let built: { lib: Library; buckets: Bucket[] } | undefined;
  const build = async () => {
    if (built) return built;
    const lib = await loadLibrary();
    built ??= { lib, buckets: rules.map(({ name, rule }) => ({ name, rule, limiter: makeLimiter(lib, rule) })) };
    return built;
  };

  const refund = async (bucket: Bucket, key: string, cost: number, taken: RateLimiterRes) => {
    if (cost === 0 || !(taken.msBeforeNext > REFUND_MIN_WINDOW_LEFT_MS)) return;
    try {
      await bucket.limiter.reward(key, cost);
    } catch (error) {
      // The decision stands; the bucket is only fuller than it should be until its window resets.
      const err = error instanceof Error ? error.message : String(error);
      log.warn({ bucket: bucket.name, err }, 'Rate-limit refund failed.');
    }
  };

  const attempt = async (lib: Library, bucket: Bucket, key: string, cost: number): Promise<Attempt> => {
    try {
      return { allowed: true, res: await bucket.limiter.consume(key, cost) };
    } catch (rejection) {
      // The library rejects with a RateLimiterRes when limited and with an Error when the store failed.
      if (rejection instanceof lib.RateLimiterRes) {
        await refund(bucket, key, cost, rejection);
        return { allowed: false, res: rejection };
      }
      markDegraded('Rate-limit store (Redis) unreachable; refusing tool calls until it is back.', rejection);
      throw storeUnreachable(rejection);
    }
  };

  const refusal = (bucket: Bucket, res: RateLimiterRes, cost: number): RateLimitDecision => ({
    allowed: false,
    retryAfterMs: res.msBeforeNext > 0 ? Math.ceil(res.msBeforeNext) : bucket.rule.durationSec * 1000,
    // What was left before this call's own (refunded) increment.
    remaining: clamp(bucket.rule.points - (res.consumedPoints - cost), 0, bucket.rule.points),
  });

  return {
    async consume(principalId, tool, cost) {
      if (closed) {
        throw new McpKitError(
          'unavailable',
          'The rate limiter is closed because the server is shutting down; this call was not run. Try again shortly.',
        );
      }
      if (typeof principalId !== 'string' || typeof tool !== 'string') {
        throw new McpKitError('internal', 'Rate limiting needs a principal id and a tool name as strings.');
      }
      if (!Number.isSafeInteger(cost) || cost < 0) {
        throw new McpKitError(
          'internal',
          `Tool ${tool} has an invalid rate-limit cost (${String(cost)}); a cost is a whole number of at least 0. ` +
            "The server's configuration must be fixed.",
        );
      }
      if (cost > capacity) {
        throw new McpKitError(
          'internal',
          `Tool ${tool} costs ${cost} rate-limit points but the limit allows only ${capacity} per window, so it can ` +
            "never run. Ask the server's operator to raise the limit or lower the tool's cost.",
        );
      }
      const { lib, buckets } = await build();
      const keys = bucketKeys(keyPrefix, principalId, tool);
      const fallbacksBefore = fallbackUses;
      const taken: { bucket: Bucket; key: string; res: RateLimiterRes }[] = [];
      try {
        for (const bucket of buckets) {
          const key = bucket.name === 'tool' ? keys.tool : keys.principal;
          const outcome = await attempt(lib, bucket, key, cost);
          if (!outcome.allowed) {
            for (const earlier of taken) await refund(earlier.bucket, earlier.key, cost, earlier.res);
            return refusal(bucket, outcome.res, cost);
          }
          taken.push({ bucket, key, res: outcome.res });
        }
      } catch (error) {
        for (const earlier of taken) await refund(earlier.bucket, earlier.key, cost, earlier.res);
        throw error;
      }
      if (fallbackUses === fallbacksBefore) markHealthy();
      return {
        allowed: true,
        retryAfterMs: 0,
        remaining: Math.min(...taken.map(({ res }) => res.remainingPoints)),
      };
    },
    async close() {
      // Memory counters go with the limiter (their timers are unref'd); a Redis client is the caller's.
      closed = true;
    },
  };
}

function storeUnreachable(cause: unknown): McpKitError {
  return new McpKitError(
    'unavailable',
    "The rate limiter's store (Redis) is unreachable, so this call was not run. Try again in a few seconds; " +
      "if it keeps failing, the server's Redis is down and its operator must restore it.",
    { cause },
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
