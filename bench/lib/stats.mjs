/**
 * The few statistics the bench reports. Every figure is a median (robust to the spikes a
 * shared 2-core machine throws in) or a high percentile from a sorted copy; nothing is
 * averaged except throughput, which is a count over a summed duration.
 */

function sorted(values) {
  return Float64Array.from(values).sort();
}

/** Nearest-rank percentile, `q` in [0, 1]. */
export function percentile(values, q) {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1];
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function sum(values) {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Candidate over baseline; > 1 means the candidate is slower / larger. */
export function ratio(candidate, baseline) {
  return baseline > 0 ? candidate / baseline : Number.NaN;
}
