/** A remembering `indexOf`, so that many unclosed openers searching for the same closer cost one search. */

import type { WorkBudget } from './work-budget.js';

/**
 * Finds the next occurrence of a needle from a position, remembering the last answer: the walk asks
 * from increasing positions, so a text full of unclosed `<!--` costs one search, not one per opener.
 */
export class Finder {
  private readonly cache = new Map<string, { from: number; at: number }>();

  constructor(
    private readonly text: string,
    private readonly end: number,
    private readonly budget: WorkBudget,
  ) {}

  find(needle: string, from: number): number {
    const cached = this.cache.get(needle);
    if (cached !== undefined && from >= cached.from && (cached.at < 0 || from <= cached.at)) return cached.at;
    const at = this.text.indexOf(needle, from);
    const found = at >= 0 && at + needle.length <= this.end ? at : -1;
    this.budget.spend((found < 0 ? this.end : found) - from + 1);
    this.cache.set(needle, { from, at: found });
    return found;
  }
}
