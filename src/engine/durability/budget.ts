/**
 * The durability lab's work budget (core/budget.ts): ticks of logical time run (each wakes the
 * WAL writer, the background writer and the checkpointer) plus WAL records replayed by recovery,
 * over the whole scenario. A `tick` is checked before it runs; recovery is counted as it
 * replays. Figures in src/engine/README.md.
 */
import { ensure, spend } from '../core/budget';
import type { State } from './types';

/** The most ticks and replayed records a scenario may run. */
const DURABILITY_LIMIT = 1_000_000;
const UNIT = 'ticks and replayed WAL records';

/** Count work as it runs. */
export function spendWork(state: State, n: number): void {
  spend(state.work, n, UNIT, DURABILITY_LIMIT);
}

/** Stop a `tick` of n that passes the limit, before it runs. */
export function ensureTicks(state: State, n: number): void {
  ensure(state.work, n, UNIT, DURABILITY_LIMIT);
}
