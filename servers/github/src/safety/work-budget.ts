/**
 * The work budget every Markdown pass spends from. Each scan is meant to be linear, but a text built to be
 * expensive must not turn sanitising into a denial of service: a pass that runs out throws
 * `WorkBudgetExceeded`, and the text takes the escape-everything fallback instead.
 */

/** Thrown when a pass has spent its whole budget. */
export class WorkBudgetExceeded extends Error {}

/** The work units a pass may still spend; spending past zero throws {@link WorkBudgetExceeded}. */
export class WorkBudget {
  constructor(private remaining: number) {}

  spend(units: number): void {
    this.remaining -= units;
    if (this.remaining < 0) throw new WorkBudgetExceeded('sanitiser work budget exceeded');
  }
}
