/**
 * The replication lab's work budget (core/budget.ts): simulated events (messages delivered,
 * WAL flushes and replays due) handled by `advance`, over the whole scenario; counted as they
 * run, since `advance` only handles what writes put in motion. Figures in src/engine/README.md.
 */
import { spend } from '../core/budget';
import type { State } from './types';

/** The most simulated events a scenario may handle. */
const REPLICATION_LIMIT = 1_000_000;

/** Count events as they run. */
export function spendEvents(state: State, n: number): void {
  spend(state.work, n, 'simulated replication events', REPLICATION_LIMIT);
}
