import type { AnyLab } from './core/lab';
import { Timeline, type TimelineOptions } from './core/timeline';
import { kademlia } from './kademlia/engine';
import { durability } from './durability/engine';
import { intentLog } from './intent-log/engine';
import { poolLab } from './pool/engine';
import { replicationLab } from './replication/engine';
import type { LabId, Scenario } from './scenario/schema';
import { transactions } from './transactions/engine';
import { twopcLab } from './two-phase-commit/engine';

/** Every lab engine by the id scenarios name it with. */
export const labs: Record<LabId, AnyLab> = {
  'intent-log': intentLog,
  durability,
  kademlia,
  transactions,
  pool: poolLab,
  'two-phase-commit': twopcLab,
  replication: replicationLab,
};

/** A timeline over a validated scenario. */
export function timelineFor(scenario: Scenario, opts?: TimelineOptions): Timeline<AnyLab> {
  return new Timeline(
    labs[scenario.lab],
    { seed: scenario.seed, options: scenario.options, actions: scenario.steps.map((s) => s.do) },
    opts,
  );
}
