/**
 * The two-phase-commit lab's work budget (core/budget.ts): network events (a message delivered
 * or a timeout fired) over the whole scenario. A `tick` or `run` is checked before it runs from
 * its length, the timeout and the participants waiting on it, and counted as it runs. Figures
 * in src/engine/README.md.
 */
import { ensure, spend } from '../core/budget';
import type { Action, State } from './types';

/** The most network events a scenario may process. */
const TWOPC_EVENT_LIMIT = 200_000;
const UNIT = 'network events (messages delivered and timeouts fired)';

/** Count one event as it runs. */
export function spendEvent(st: State): void {
  spend(st.work, 1, UNIT, TWOPC_EVENT_LIMIT);
}

/**
 * Stop a `tick` or `run` that asks for more events than the budget has left: while anything is
 * in flight or a timer is armed, the coordinator resends to each participant once per timeout.
 */
export function ensureBudget(st: State, a: Action, ms: number, busy: boolean): void {
  if ((a.type !== 'tick' && a.type !== 'run') || !busy) return;
  const periods = ms / Math.max(1, Math.min(st.timeout, st.latency.max + 1));
  ensure(st.work, periods * st.parts.length, UNIT, TWOPC_EVENT_LIMIT);
}
