import type { AnyLab, EventOf, ViewOf } from './core/lab';
import { Timeline, type TimelineOptions } from './core/timeline';
import { durability } from './durability/engine';
import { intentLog } from './intent-log/engine';
import { kademlia } from './kademlia/engine';
import { poolLab } from './pool/engine';
import { replicationLab } from './replication/engine';
import type { LabId, ScenarioOf } from './scenario/schema';
import { transactions } from './transactions/engine';
import { twopcLab } from './two-phase-commit/engine';

/**
 * Every lab engine by the id its schema gives it: one line per lab. `satisfies` makes the
 * compiler name a lab of the scenario registry that has no engine, or an engine filed under
 * another lab's id.
 */
export const labs = {
  'intent-log': intentLog,
  durability,
  kademlia,
  transactions,
  pool: poolLab,
  'two-phase-commit': twopcLab,
  replication: replicationLab,
} as const satisfies { readonly [K in LabId]: AnyLab & { readonly id: K } };

export type Labs = typeof labs;
/** The engine of one lab, with its own types. */
export type LabOf<K extends LabId> = Labs[K];
/** What a frame of this lab carries as its view: the type the lab's `view` returns. */
export type LabView<K extends LabId> = ViewOf<Labs[K]>;
/** The events a step of this lab produces. */
export type LabEvent<K extends LabId> = EventOf<Labs[K]>;

/** The engine a scenario names. */
function labOf<K extends LabId>(scenario: ScenarioOf<K>): LabOf<K> {
  return labs[scenario.lab];
}

/** A timeline over a validated scenario. */
export function timelineFor<K extends LabId>(scenario: ScenarioOf<K>, opts?: TimelineOptions): Timeline<LabOf<K>> {
  return new Timeline(labOf(scenario), { seed: scenario.seed, options: scenario.options, actions: scenario.steps.map((s) => s.do) }, opts);
}
