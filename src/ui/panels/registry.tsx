import { type ComponentType, lazy } from 'react';
import type { LabId } from '../../engine/scenario/schema';
import type { LabFrame } from '../../worker/protocol';
import { IntentLogPanels } from './intent-log/IntentLogPanels';
import type { PanelProps } from './panel-props';

/**
 * Every lab's panel set, by lab id: one line per lab. The type is complete, not partial,
 * so a lab without panels does not compile. Each lab's panels are their own chunk (code
 * and CSS): the gallery and the other labs never load them. The intent log's are small
 * and ship with the lab view.
 */
const PANELS: { readonly [K in LabId]: ComponentType<PanelProps<K>> } = {
  'intent-log': IntentLogPanels,
  durability: lazy(() => import('./durability/DurabilityPanels')),
  kademlia: lazy(() => import('./kademlia/KademliaPanels')),
  transactions: lazy(() => import('./transactions/TransactionsPanels')),
  pool: lazy(() => import('./pool/PoolPanels')),
  'two-phase-commit': lazy(() => import('./two-phase-commit/TwoPhaseCommitPanels')),
  replication: lazy(() => import('./replication/ReplicationPanels')),
};

/** The panels of the frame's own lab, handed that frame with its lab's view type. */
export function LabPanels<K extends LabId>({ frame, duration }: { frame: LabFrame<K>; duration: number }) {
  const Panels: ComponentType<PanelProps<K>> = PANELS[frame.lab];
  return <Panels frame={frame} duration={duration} />;
}
