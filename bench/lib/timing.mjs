/** Monotonic timing with `process.hrtime.bigint()`, reported in milliseconds as floats. */

export const now = () => process.hrtime.bigint();

export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `fn` `count` times in sequence and returns each run's duration in ms. */
export async function timeEach(count, fn) {
  const times = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return times;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with a message naming `what` when `promise` has not settled within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Runs the subjects' blocks round after round, rotating who goes first each round
 * (AB, BA, AB, … for two), so drift on a shared machine — another job starting, the CPU
 * clocking down — lands on every subject alike. Each `run()` does one block and returns
 * its samples. Stops after `rounds`, or earlier once `budgetMs` is spent and at least
 * `minRounds` are done. Returns `{ samples: { [name]: [...] }, rounds }`.
 */
export async function interleave({ subjects, rounds, minRounds = 1, budgetMs = Number.POSITIVE_INFINITY }) {
  const samples = Object.fromEntries(subjects.map((s) => [s.name, []]));
  const start = process.hrtime.bigint();
  let done = 0;
  for (let round = 0; round < rounds; round++) {
    const shift = round % subjects.length;
    const order = [...subjects.slice(shift), ...subjects.slice(0, shift)];
    for (const subject of order) samples[subject.name].push(...(await subject.run(round)));
    done = round + 1;
    if (done >= minRounds && msSince(start) > budgetMs) break;
  }
  return { samples, rounds: done };
}
