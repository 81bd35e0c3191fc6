import { easeLinear } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';

/** Where the walk goes: the path's points, each path node's round, the round count. */
export interface WalkGeometry {
  readonly known: readonly (readonly [number, number])[];
  readonly pr: readonly number[];
  readonly rounds: number;
}

/** When the walk replays: a new step (or duration), if the lookup ran in it. */
export interface WalkProps {
  /** The lookup ran in this step: animate it. */
  readonly fresh: boolean;
  readonly duration: number;
  readonly stepKey: number;
}

/**
 * The lookup's message walking its path, one beat per round: each round's answers appear
 * as the message reaches it, and each hop's line is drawn behind it.
 */
export function lookupWalk(svg: SVGSVGElement, geometry: () => WalkGeometry): D3Behaviour<WalkProps> {
  return {
    update({ fresh, duration }) {
      const { known, pr, rounds } = geometry();
      const rows = select(svg).selectAll<SVGGElement, unknown>('g.round-row');
      const hops = select(svg).selectAll<SVGPathElement, unknown>('path.hop');
      const dot = select(svg).select<SVGCircleElement>('circle.message');
      rows.interrupt().attr('opacity', 1);
      hops.interrupt().attr('stroke-dasharray', null).attr('stroke-dashoffset', null);
      dot.interrupt().attr('opacity', 0);
      if (!fresh || duration <= 0 || known.length === 0) return;
      const beat = (duration * 1.8) / (rounds + 1);
      rows.attr('opacity', function () {
        return Number(this.dataset.round) === 0 ? 1 : 0;
      });
      rows
        .transition()
        .delay(function () {
          return Number(this.dataset.round) * beat;
        })
        .duration(beat * 0.6)
        .attr('opacity', 1);
      // Straight lines: the length is known, so the dash trick draws each one.
      hops
        .attr('stroke-dasharray', function () {
          return this.dataset.len ?? 0;
        })
        .attr('stroke-dashoffset', function () {
          return this.dataset.len ?? 0;
        })
        .transition()
        .ease(easeLinear)
        .delay(function () {
          return Number(this.dataset.from) * beat;
        })
        .duration(function () {
          return Math.max(1, Number(this.dataset.to) - Number(this.dataset.from)) * beat;
        })
        .attr('stroke-dashoffset', 0);
      let t = dot.attr('cx', known[0][0]).attr('cy', known[0][1]).attr('opacity', 1).transition().duration(0);
      for (let i = 1; i < known.length; i++) {
        const [px, py] = known[i];
        const span = Math.max(1, (pr[i] ?? i) - (pr[i - 1] ?? i - 1));
        t = t
          .transition()
          .ease(easeLinear)
          .duration(beat * span)
          .attr('cx', px)
          .attr('cy', py);
      }
      t.transition()
        .duration(beat * 0.5)
        .attr('opacity', 0);
    },
    destroy() {
      interruptAll(svg);
    },
  };
}
