import { type Selection, select, selectAll } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';

/** What a bucket row's animation depends on: the step, its duration, and whether a full bucket pinged. */
export interface BeatProps {
  readonly step: number;
  readonly duration: number;
  /** PING incidents in this bucket this step: the new contacts slide in after their story. */
  readonly incidents: number;
}

/**
 * A bucket row's motion: the ping-then-evict story plays beat by beat, and new (or seen
 * again) contacts slide in from the tail side. Every element it ever animated is remembered
 * until its transition is interrupted, so a chip React removed mid-slide stops too.
 */
export function bucketBeats(row: Element): D3Behaviour<BeatProps> {
  let animated = false;
  let touched: Element[] = [];
  const stop = () => {
    selectAll(touched).interrupt();
    touched = [];
  };
  const reset = (sel: Selection<HTMLElement, unknown, Element, unknown>, props: readonly string[]) => {
    sel.interrupt();
    for (const p of props) sel.style(p, null);
  };
  return {
    update({ duration, incidents }) {
      // At Max speed (no motion) a row that never animated has nothing to reset: skip the queries.
      if (duration <= 0 && !animated) return;
      animated = duration > 0;
      stop();
      const beats = select(row).selectAll<HTMLElement, unknown>('.story .beat');
      const fresh = select(row).selectAll<HTMLElement, unknown>('.chip-new, .chip-seen, .slot-ring');
      reset(beats, ['opacity']);
      reset(fresh, ['opacity', 'transform']);
      if (duration <= 0) return;
      touched = [...beats.nodes(), ...fresh.nodes()];
      const beat = (duration * 1.5) / 3;
      beats
        .style('opacity', 0)
        .transition()
        .delay((_, i) => (i % 3) * beat)
        .duration(beat * 0.5)
        .style('opacity', 1);
      fresh
        .style('opacity', 0)
        .style('transform', 'translateX(40px)')
        .transition()
        .delay(incidents > 0 ? beat * 2 : 0)
        .duration(beat)
        .style('opacity', 1)
        .style('transform', 'translateX(0px)');
    },
    destroy() {
      stop();
      interruptAll(row);
    },
  };
}
