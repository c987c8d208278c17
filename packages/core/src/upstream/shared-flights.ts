/**
 * Identical GETs in flight at the same time share one upstream call: ten clients asking
 * for Berlin's forecast in the same second cost the upstream (and its rate limit) one
 * request. The shared call runs on its own signal, aborted only when every caller waiting
 * on it has given up, so one caller's cancel never fails the others.
 */
export interface SharedFlights<T> {
  /**
   * Runs `start` for `key`, or joins the run already in flight. The caller's `signal`
   * rejects its own wait with `onCancel()`; the run stops once all callers are gone.
   */
  run(key: string, signal: AbortSignal | undefined, onCancel: () => Error, start: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Whether a call for `key` is in flight (a new caller would join it). */
  has(key: string): boolean;
  /** Calls in flight now. */
  size(): number;
}

interface Flight<T> {
  promise: Promise<T>;
  waiters: number;
  controller: AbortController;
}

export function createSharedFlights<T>(): SharedFlights<T> {
  const flights = new Map<string, Flight<T>>();

  const run: SharedFlights<T>['run'] = (key, signal, onCancel, start) => {
    if (signal?.aborted) return Promise.reject(onCancel());
    let flight = flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const made: Flight<T> = { promise: Promise.resolve() as Promise<T>, waiters: 0, controller };
      made.promise = start(controller.signal).finally(() => {
        if (flights.get(key) === made) flights.delete(key);
      });
      // A flight abandoned by every caller may still reject; nobody is left to hear it.
      made.promise.catch(() => {});
      flights.set(key, made);
      flight = made;
    }
    const joined = flight;
    joined.waiters += 1;
    if (!signal) return joined.promise.finally(() => leave(key, joined));

    return new Promise<T>((resolve, reject) => {
      let left = false;
      // Each caller leaves exactly once, whether its signal or the flight ends first.
      const leaveOnce = () => {
        if (left) return false;
        left = true;
        signal.removeEventListener('abort', onAbort);
        leave(key, joined);
        return true;
      };
      const onAbort = () => {
        if (leaveOnce()) reject(onCancel());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => {
          if (leaveOnce()) resolve(value);
        },
        (error: unknown) => {
          if (leaveOnce()) reject(error);
        },
      );
    });
  };

  const leave = (key: string, flight: Flight<T>) => {
    flight.waiters -= 1;
    if (flight.waiters > 0) return;
    // Nobody waits any more: stop the call (a settled one ignores the abort) and let the
    // next caller start afresh rather than join a cancelled run.
    if (flights.get(key) === flight) flights.delete(key);
    flight.controller.abort(new Error('every caller of this shared upstream call gave up'));
  };

  return { run, has: (key) => flights.has(key), size: () => flights.size };
}
