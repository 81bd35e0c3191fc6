/**
 * The pool lab's work budget (core/budget.ts): simulated events run plus arrivals scheduled, per
 * simulation, over the whole scenario. The largest preset uses about PRESET_MAX of them; the
 * limit is measured in the README (src/engine/README.md, "Work budgets").
 */
import { ensure, spend } from '../core/budget';
import type { Action } from './schema';
import type { Sim } from './types';

/** The most simulated events one simulation may run in a scenario. */
const POOL_EVENT_LIMIT = 1_000_000;
const UNIT = 'simulated pool events';

/** Events a request costs at least: its arrival, its query's end and its release or failure. */
const EVENTS_PER_REQUEST = 3;

/** Count events as the loop runs them. */
export function spendEvents(sim: Sim, n: number): void {
  spend(sim.work, n, UNIT, POOL_EVENT_LIMIT);
}

/** Count `n` events at once; past the limit it stops as counting them one by one would, at the first one over. */
export function spendEventsAtOnce(sim: Sim, n: number): void {
  spend(sim.work, Math.min(n, POOL_EVENT_LIMIT + 1 - sim.work.used), UNIT, POOL_EVENT_LIMIT);
}

/** Requests the traffic already set up sends in `ms` of simulated time: the rate's and the closed loop's. */
function arrivalsOver(sim: Sim, ms: number): number {
  const fromRate = sim.rate.perSecond > 0 ? (sim.rate.perSecond * ms) / 1000 : 0;
  const loop = sim.loop;
  // A client sends at most once per think time plus query time (plus at least a microsecond).
  const fromLoop = loop.count > 0 ? (loop.count * ms * 1000) / Math.max(1, loop.thinkUs + loop.serviceUs) : 0;
  return fromRate + fromLoop;
}

/** The events this action asks for, estimated from the action and the traffic set so far. */
function estimate(sim: Sim, a: Action): number {
  switch (a.type) {
    case 'advance':
      return arrivalsOver(sim, a.ms) * EVENTS_PER_REQUEST;
    case 'next':
      return 0; // Stops at the first pool event: counted as it runs.
    case 'rate':
      return 0; // Costs nothing until time passes.
    case 'burst':
      return a.count * EVENTS_PER_REQUEST;
    case 'script':
      return a.arrivals.length * EVENTS_PER_REQUEST;
    case 'clients':
      return a.count;
    case 'request':
    case 'terminate':
      return 1;
  }
}

/** Stop an action whose estimated events, added to those already run, pass the limit: before it runs. */
export function ensureBudget(sim: Sim, a: Action): void {
  ensure(sim.work, estimate(sim, a), UNIT, POOL_EVENT_LIMIT);
}
