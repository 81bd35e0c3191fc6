import { Suspense } from 'react';
import { useStore } from 'zustand';
import { LabPanels } from '../panels/registry';
import type { AppStore } from '../store';
import { StoreProvider } from '../store-context';
import { SideNarration } from './SideNarration';

interface Props {
  /** "A" or "B". */
  side: string;
  /** The side's value, in words ("Read Committed"). */
  value: string;
  store: AppStore;
  /** True when this side's step is at or after the first differing step. */
  differs: boolean;
  duration: number;
}

/**
 * One side of a comparison: its value, its words and its lab's panels, drawn from its own
 * store (panels that act, such as a crash button, act on this side only).
 */
export function CompareSide({ side, value, store, differs, duration }: Props) {
  const frame = useStore(store, (s) => s.frame);
  const labels = useStore(store, (s) => s.labels);
  const banner = useStore(store, (s) => s.banner);
  const headId = `compare-side-${side}`;
  return (
    <section className="compare-side" aria-labelledby={headId} data-side={side}>
      <h2 id={headId} className="compare-side-head">
        <span className="compare-badge" aria-hidden="true">
          {side}
        </span>
        <span className="visually-hidden">Side {side}: </span>
        {value}
        {differs && <span className="compare-differs">differs</span>}
      </h2>
      {banner && (
        <p className="compare-error" role="alert">
          {banner.title}: {banner.message}
        </p>
      )}
      {!frame ? (
        <p className="loading">Loading side {side}…</p>
      ) : (
        <StoreProvider store={store}>
          <SideNarration frame={frame} side={side} label={frame.step > 0 ? (labels[frame.step - 1] ?? '') : 'Start'} />
          <div className="lab-panels">
            <Suspense fallback={<p className="loading">Loading the panels…</p>}>
              <LabPanels frame={frame} duration={duration} essentials />
            </Suspense>
          </div>
        </StoreProvider>
      )}
    </section>
  );
}
