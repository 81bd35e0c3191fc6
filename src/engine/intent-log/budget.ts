/**
 * The intent-log lab's work budget (core/budget.ts): log records read by recovery, over the
 * whole scenario (each recovery reads the whole log, so crash and recover in a loop costs the
 * square of the steps). Counted as recovery reads. Figures in src/engine/README.md.
 */
import { spend } from '../core/budget';
import type { State } from './types';

/** The most log records recoveries may read in a scenario. */
const INTENT_LOG_LIMIT = 20_000_000;

/** Count records as recovery reads them. */
export function spendRecords(state: State, n: number): void {
  spend(state.work, n, 'log records read by recovery', INTENT_LOG_LIMIT);
}
