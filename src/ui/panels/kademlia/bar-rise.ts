import { select } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';

/** When the bars move: a new step's duration, or new counts. */
export interface RiseProps {
  readonly duration: number;
  readonly lookups: number;
  readonly hops: readonly number[];
}

/**
 * The hop histogram's bars grow to their height (`data-y`, their top) over a step's
 * duration, or are set there at once under reduced motion.
 */
export function barRise(svg: SVGSVGElement, base: number): D3Behaviour<RiseProps> {
  return {
    update({ duration }) {
      const bars = select(svg).selectAll<SVGRectElement, unknown>('rect.bar');
      bars.interrupt();
      bars.each(function () {
        const el = select(this);
        const top = Number(this.dataset.y);
        if (duration <= 0) el.attr('y', top).attr('height', base - top);
        else
          el.transition()
            .duration(duration)
            .attr('y', top)
            .attr('height', base - top);
      });
    },
    destroy() {
      interruptAll(svg);
    },
  };
}
