/**
 * Work budgets. A scenario is input from a stranger: every range in the schemas is sensible on
 * its own, but their combinations (a pool at 10,000,000 requests/s for an hour) can ask for
 * more work than a browser tab should do. Each lab counts its work in its own unit (simulated
 * events, RPCs, nodes built) and stops a scenario that asks for more than its limit with this
 * error, before running where the cost follows from the options and the action, and while
 * running where it does not. The meter lives in the lab's state, so a replay from a snapshot
 * counts exactly what the first run counted and stops at the same step.
 *
 * It is an engine error, not a `Refusal`: the step may have half run when the meter passes the
 * limit, so the timeline stops there and the app offers its ways out.
 */
export class BudgetExceeded extends Error {
  constructor(
    /** What was counted, plural: "simulated events", "lookup RPCs". */
    readonly unit: string,
    /** The work asked for (an estimate when checked before running). */
    readonly asked: number,
    readonly limit: number,
    /** True when checked before running: `asked` is the estimate. */
    readonly estimated: boolean,
  ) {
    super(
      estimated
        ? `This scenario asks for about ${count(asked)} ${unit}; the limit is ${count(limit)}.`
        : `This scenario needs more than ${count(limit)} ${unit}, the limit; it was stopped there.`,
    );
    this.name = 'BudgetExceeded';
  }
}

/** A readable count: 36,000,000,000 rather than 3.6e10. */
const count = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'unboundedly many');

/** The work a lab has done so far: a field of its state, plain data. */
export interface Meter {
  used: number;
}

/** A new meter, for a lab's `init`. */
export const meter = (): Meter => ({ used: 0 });

/** Stop before running when the work already done plus this estimate passes the limit. */
export function ensure(m: Meter, estimate: number, unit: string, limit: number): void {
  if (!(m.used + estimate <= limit)) throw new BudgetExceeded(unit, m.used + estimate, limit, true);
}

/** Count work as it is done; stop when the total passes the limit. */
export function spend(m: Meter, n: number, unit: string, limit: number): void {
  m.used += n;
  if (m.used > limit) throw new BudgetExceeded(unit, m.used, limit, false);
}
