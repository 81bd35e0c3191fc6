import { type ComponentType, lazy } from 'react';
import type { LabId } from '../engine/scenario/schema';

/** A chunk loaded once: React.lazy and an early preload share its promise, and the module is kept once it arrives. */
interface Chunk<T> {
  (): Promise<T>;
  /** The module, once it has arrived. */
  readonly loaded: () => T | undefined;
}

function once<T>(load: () => Promise<T>): Chunk<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  const chunk = () =>
    (loading ??= load().then((m) => {
      loaded = m;
      return m;
    }));
  return Object.assign(chunk, { loaded: () => loaded });
}

/**
 * A component from a chunk. Once the chunk has arrived it renders at once; before, it suspends
 * as React.lazy does. React.lazy alone suspends on its first render even when the module is
 * already loaded, and React then holds the Suspense fallback for 300 ms before the content
 * replaces it: a lab opened from a link waited that long after its frame had arrived.
 */
function fromChunk<P extends object>(chunk: Chunk<{ default: ComponentType<P> }>): ComponentType<P> {
  const Lazy = lazy(chunk);
  function FromChunk(props: P) {
    const Loaded = chunk.loaded()?.default;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return FromChunk;
}

const labViewChunk = once(() => import('./LabView'));

/** The lab view (timeline, narration, share bar). */
export const LabView = fromChunk(labViewChunk);

/** Each lab's panel chunk, code and CSS. The intent log's panels are small and ship with the lab view. */
const panelChunks = {
  durability: once(() => import('./panels/durability/DurabilityPanels')),
  kademlia: once(() => import('./panels/kademlia/KademliaPanels')),
  transactions: once(() => import('./panels/transactions/TransactionsPanels')),
  pool: once(() => import('./panels/pool/PoolPanels')),
  'two-phase-commit': once(() => import('./panels/two-phase-commit/TwoPhaseCommitPanels')),
  replication: once(() => import('./panels/replication/ReplicationPanels')),
};

/** Each lab's panels as a component that loads its chunk on first render (or earlier: `preloadLab`). */
export const lazyPanels = {
  durability: fromChunk(panelChunks.durability),
  kademlia: fromChunk(panelChunks.kademlia),
  transactions: fromChunk(panelChunks.transactions),
  pool: fromChunk(panelChunks.pool),
  'two-phase-commit': fromChunk(panelChunks['two-phase-commit']),
  replication: fromChunk(panelChunks.replication),
};

/**
 * Fetch a lab's code while its engine computes the first frame, rather than after it: a link
 * to a large scenario spends most of its first second in the worker, and the chunks then arrive
 * in parallel instead of one after the other once the frame is there. Settles when both have
 * arrived or failed; a failure is left to the render that needs the chunk, which reports it.
 */
export function preloadLab(lab: LabId): Promise<void> {
  const ignore = () => {};
  const loads = [labViewChunk().then(ignore, ignore)];
  if (lab !== 'intent-log') loads.push(panelChunks[lab]().then(ignore, ignore));
  return Promise.all(loads).then(ignore);
}
