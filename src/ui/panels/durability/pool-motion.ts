import { select } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';
import { slideTo } from './motion';
import { type PageMotion, type PageMove, pageMotion } from './page-motion';
import { handAngle, type PoolLayout } from './pool-layout';

/** What moves in the buffer pool panel at a step. */
export interface PoolMotion {
  /** The step's page moves; drawn only when `animated`. */
  readonly moves: readonly PageMove[];
  readonly animated: boolean;
  readonly layout: PoolLayout;
  readonly duration: number;
  /** The frame the clock sweep stopped at, of `frames`. */
  readonly clockHand: number;
  readonly frames: number;
}

/**
 * The buffer pool's d3 motion, bound to the panel's section (which outlives the SVG: a large
 * pool draws its SVG over a canvas, in another wrapper): ghost pages in `g.ghosts`, and the
 * clock hand (`g.clock-hand` on a ring, `g.hand-marker` on a grid). Each part moves only when
 * its own inputs change; `destroy` stops every transition under the section.
 */
export function poolMotion(section: HTMLElement): D3Behaviour<PoolMotion> {
  let ghosts: { readonly layer: SVGGElement; readonly motion: D3Behaviour<PageMotion> } | null = null;
  let angle: number | null = null;
  let last: PoolMotion | null = null;

  const moveGhosts = (p: PoolMotion) => {
    const layer = section.querySelector<SVGGElement>('g.ghosts');
    const changed = ghosts?.layer !== layer;
    if (changed) {
      ghosts?.motion.destroy();
      ghosts = layer ? { layer, motion: pageMotion(layer) } : null;
    }
    const same = last && last.moves === p.moves && last.animated === p.animated && last.layout === p.layout && last.duration === p.duration;
    if (!changed && same) return;
    ghosts?.motion.update({ moves: p.animated ? p.moves : [], layout: p.layout, duration: p.duration });
  };

  // The clock hand only turns forward, as the sweep does; the grid's marker slides to the frame.
  const moveHand = (p: PoolMotion) => {
    if (last && last.clockHand === p.clockHand && last.layout === p.layout && last.frames === p.frames && last.duration === p.duration)
      return;
    const hand = section.querySelector<SVGGElement>('g.clock-hand, g.hand-marker');
    if (!hand) return;
    const g = select(hand);
    g.interrupt();
    const { layout, duration } = p;
    if (layout.mode === 'ring') {
      const target = handAngle(p.clockHand, p.frames);
      const prev = angle;
      const to = prev === null ? target : prev + ((((target - prev) % 360) + 360) % 360);
      const rotate = (a: number) => `rotate(${a} ${layout.cx} ${layout.cy})`;
      if (duration > 0 && prev !== null && to !== prev) {
        g.transition()
          .duration(duration)
          .attrTween('transform', () => (t: number) => rotate(prev + (to - prev) * t));
      } else g.attr('transform', rotate(to));
      angle = to;
    } else {
      const box = layout.tiles[p.clockHand];
      if (box) slideTo(g, box.x, box.y, duration);
    }
  };

  return {
    update(p) {
      moveGhosts(p);
      moveHand(p);
      last = p;
    },
    destroy() {
      ghosts?.motion.destroy();
      interruptAll(section);
    },
  };
}
