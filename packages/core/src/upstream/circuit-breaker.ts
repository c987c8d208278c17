import type { BreakerState } from './upstream-types.js';

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe is let through. */
  resetAfterMs: number;
  now: () => number;
}

/** What `acquire` decided for one call. */
export type BreakerPermit = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number; consecutiveFailures: number };

/** How a call ended, as far as the upstream's health goes. */
export type BreakerOutcome = 'success' | 'failure' | 'neutral';

export interface CircuitBreaker {
  /** Asks to make a call. A granted probe must be followed by exactly one `record`. */
  acquire(): BreakerPermit;
  /** Reports how a granted call ended; `neutral` (cancelled, local errors) changes nothing. */
  record(outcome: BreakerOutcome, permit: { probe: boolean }): void;
  state(): BreakerState;
}

/**
 * Stops calling an upstream that keeps failing, so a dead API costs the model one quick
 * "try again in N s" instead of a timeout per call. Closed → open after N consecutive
 * failures; after `resetAfterMs` one probe goes through (half-open, other calls still
 * fail fast); the probe's success closes it, its failure opens it for another period.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { failureThreshold, resetAfterMs, now } = options;
  let consecutiveFailures = 0;
  let openedAt: number | undefined;
  let probeInFlight = false;

  const state = (): BreakerState => {
    if (openedAt === undefined) return 'closed';
    return probeInFlight || now() - openedAt >= resetAfterMs ? 'half_open' : 'open';
  };

  return {
    acquire() {
      const current = state();
      if (current === 'closed') return { allowed: true, probe: false };
      if (current === 'half_open' && !probeInFlight) {
        probeInFlight = true;
        return { allowed: true, probe: true };
      }
      // Open, or half-open with the probe still out: report when the next probe may go.
      const retryAfterMs = Math.max(0, (openedAt ?? now()) + resetAfterMs - now());
      return { allowed: false, retryAfterMs, consecutiveFailures };
    },
    record(outcome, permit) {
      if (permit.probe) probeInFlight = false;
      if (outcome === 'neutral') return;
      if (outcome === 'success') {
        consecutiveFailures = 0;
        openedAt = undefined;
        return;
      }
      consecutiveFailures += 1;
      if (permit.probe || consecutiveFailures >= failureThreshold) openedAt = now();
    },
    state,
  };
}
