import { type ComponentType, lazy } from 'react';
import type { LabId } from '../engine/scenario/schema';

/** A component whose code is a chunk of its own, and a way to fetch that chunk before it is drawn. */
type ChunkComponent<P> = ComponentType<P> & { readonly preload: () => Promise<unknown> };

/**
 * A component from a chunk, loaded once: a preload and the first render share one promise. Once
 * the chunk has arrived the component renders at once; before, it suspends as React.lazy does.
 * React.lazy alone suspends on its first render even when the module is already loaded, and
 * React then holds the Suspense fallback for 300 ms before the content replaces it: a lab opened
 * from a link waited that long after its frame had arrived.
 */
function fromChunk<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ChunkComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () =>
    (loading ??= load().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(preload);
  function FromChunk(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(FromChunk, { preload });
}

/** The lab view (timeline, narration, share bar). */
export const LabView = fromChunk(() => import('./LabView'));

/** Each lab's panels, code and CSS in their own chunk. The intent log's are small and ship with the lab view. */
export const lazyPanels = {
  durability: fromChunk(() => import('./panels/durability/DurabilityPanels')),
  kademlia: fromChunk(() => import('./panels/kademlia/KademliaPanels')),
  transactions: fromChunk(() => import('./panels/transactions/TransactionsPanels')),
  pool: fromChunk(() => import('./panels/pool/PoolPanels')),
  'two-phase-commit': fromChunk(() => import('./panels/two-phase-commit/TwoPhaseCommitPanels')),
  replication: fromChunk(() => import('./panels/replication/ReplicationPanels')),
};

/**
 * Fetch a lab's code while its engine computes the first frame, rather than after it: a link
 * to a large scenario spends most of its first second in the worker, and the chunks then arrive
 * in parallel instead of one after the other once the frame is there. Settles when both have
 * arrived or failed; a failure is left to the render that needs the chunk, which reports it.
 */
export function preloadLab(lab: LabId): Promise<void> {
  const ignore = () => {};
  const loads = [LabView.preload().then(ignore, ignore)];
  if (lab !== 'intent-log') loads.push(lazyPanels[lab].preload().then(ignore, ignore));
  return Promise.all(loads).then(ignore);
}
