/**
 * The backtick runs of a stretch of inline text, indexed by length, so that each code-span opener finds
 * its closer without rescanning; also cmark-gfm's closer cache, a second reading that misses some closers.
 */

import { BACKTICK } from './character-codes.js';
import type { WorkBudget } from './work-budget.js';

/** End of the run of `code` characters that starts at `start`. */
export function runEndOf(text: string, start: number, end: number, code: number): number {
  let index = start;
  while (index < end && text.charCodeAt(index) === code) index++;
  return index;
}

/** Closing backtick runs by length, so each opener finds its partner without rescanning (linear overall). */
export class BacktickRuns {
  private readonly byLength = new Map<number, { ends: number[]; starts: number[]; next: number }>();
  private readonly all: { start: number; length: number }[] = [];
  private readonly lastSeen = new Map<number, number>();
  private scannedToEnd = false;

  constructor(text: string, start: number, end: number) {
    let index = text.indexOf('`', start);
    while (index >= 0 && index < end) {
      const runEnd = runEndOf(text, index, end, BACKTICK);
      const length = runEnd - index;
      this.all.push({ start: index, length });
      let runs = this.byLength.get(length);
      if (runs === undefined) {
        runs = { ends: [], starts: [], next: 0 };
        this.byLength.set(length, runs);
      }
      runs.starts.push(index);
      runs.ends.push(runEnd);
      index = text.indexOf('`', runEnd);
    }
  }

  /** End of the first run of exactly `length` backticks starting at or after `from`. */
  closerAfter(from: number, length: number): number | undefined {
    const runs = this.byLength.get(length);
    if (runs === undefined) return undefined;
    while (runs.next < runs.starts.length && runs.starts[runs.next]! < from) runs.next++;
    return runs.ends[runs.next];
  }

  /**
   * cmark-gfm's `scan_to_closing_backticks`: each scan records, per length, the last run it passed, and
   * once a scan has reached the end without a closer, an opener whose length was last seen before it is
   * taken to have none. A later, shorter scan overwrites those records with earlier runs, so some real
   * closers are missed and the backticks stay literal. Scans are bounded by the work budget.
   */
  closerAfterCmark(from: number, length: number, budget: WorkBudget): number | undefined {
    if (length > 1000) return undefined;
    if (this.scannedToEnd && (this.lastSeen.get(length) ?? -1) < from) return undefined;
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.all[middle]!.start < from) low = middle + 1;
      else high = middle;
    }
    for (let index = low; index < this.all.length; index++) {
      const run = this.all[index]!;
      budget.spend(1);
      if (run.length <= 1000) this.lastSeen.set(run.length, run.start);
      if (run.length === length) return run.start + run.length;
    }
    this.scannedToEnd = true;
    return undefined;
  }
}
