import { ratio as fmtRatio } from './format.mjs';
import { median, ratio } from './stats.mjs';

/**
 * Goals a figure is judged against. `given` goals come from the project's brief; the
 * `proposed` ones were set before the first run, for the maintainers to confirm or move.
 * A goal with no `test` is informational (no pass/fail).
 */

export const ratioAtMost = (limit, origin = 'given') => ({
  text: `ratio ≤ ${limit.toFixed(2)}${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ ratio }) => ratio <= limit,
});

export const medianBelowMs = (limit, origin = 'given') => ({
  text: `median < ${limit} ms${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ candidate }) => candidate < limit,
});

export const atLeast = (limit, unit, origin = 'given') => ({
  text: `≥ ${limit} ${unit}${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ candidate }) => candidate >= limit,
});

export const below = (limit, unit, origin = 'given') => ({
  text: `< ${limit} ${unit}${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ candidate }) => candidate < limit,
});

export const atMost = (limit, unit, origin = 'given') => ({
  text: `≤ ${limit} ${unit}${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ candidate }) => candidate <= limit,
});

/** For a count the candidate should cut: at least `percent` % fewer than the baseline's (a ratio ≤ 1 − percent/100). */
export const savedAtLeast = (percent, origin = 'given') => ({
  text: `≥ ${percent}% saved${origin === 'proposed' ? ' (proposed)' : ''}`,
  test: ({ ratio }) => 1 - ratio >= percent / 100,
});

export const info = { text: 'info (no goal)' };

/** A row reported for information, with figures already formatted. */
export function infoRow(measure, candidate, baseline, ratio, iterations) {
  return { measure, candidate, baseline, ratio, goal: info.text, result: judge(info, {}), iterations };
}

/** `'pass'`, `'FAIL'` or `'—'` for an informational row. */
export function judge(goal, figures) {
  if (!goal.test) return '—';
  return goal.test(figures) ? 'pass' : 'FAIL';
}

/**
 * One summary row comparing two sample sets by their medians: the candidate's median, the
 * baseline's, their ratio, and the goal's verdict. `format` renders a median (`fmt.ms`…).
 */
export function ratioRow({ measure, candidateSamples, baselineSamples, format, goal }) {
  const candidate = median(candidateSamples);
  const baseline = median(baselineSamples);
  const r = ratio(candidate, baseline);
  return {
    measure,
    candidate: format(candidate),
    baseline: format(baseline),
    ratio: fmtRatio(r),
    goal: goal.text,
    result: judge(goal, { candidate, baseline, ratio: r }),
    iterations: `${candidateSamples.length} + ${baselineSamples.length}`,
  };
}
