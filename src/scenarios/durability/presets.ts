import { asyncCommit, bankTransfer, beforeCommit, checkpointShortens, commitNoPages } from './commit';
import { bgwriter, recipe, tornPage, walRule } from './pages';
import { btreePresets } from './presets-btree';
import { pruneOnRead } from './presets-prune';
import { autovacuumThreshold, idleBlocksVacuum, vacuumMakesRoom } from './presets-vacuum';
import type { DurabilityScenario } from './steps';

export type { DurabilityScenario } from './steps';

/** The Durability lab's presets, in gallery order. */
export const durabilityPresets: DurabilityScenario[] = [
  bankTransfer,
  beforeCommit,
  commitNoPages,
  checkpointShortens,
  asyncCommit,
  walRule,
  tornPage,
  bgwriter,
  recipe,
  ...btreePresets,
  pruneOnRead,
  idleBlocksVacuum,
  vacuumMakesRoom,
  autovacuumThreshold,
];
