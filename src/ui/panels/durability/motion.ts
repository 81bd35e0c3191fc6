import type { Selection } from 'd3-selection';
import 'd3-transition';

const TRANSLATE = /translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)/;

/**
 * Slide a group to (x, y) by tweening plain numbers (d3's transform interpolator needs SVG
 * geometry that jsdom lacks, and plain numbers are cheaper). From nowhere, or with duration 0,
 * it jumps: reduced motion shows end states.
 */
export function slideTo(g: Selection<SVGGElement, unknown, null, undefined>, x: number, y: number, duration: number): void {
  g.interrupt();
  const m = TRANSLATE.exec(g.attr('transform') ?? '');
  const at = (px: number, py: number) => `translate(${px},${py})`;
  if (!m || duration <= 0) {
    g.attr('transform', at(x, y));
    return;
  }
  const [x0, y0] = [Number(m[1]), Number(m[2])];
  if (x0 === x && y0 === y) return;
  g.transition()
    .duration(duration)
    .attrTween('transform', () => (t: number) => at(x0 + (x - x0) * t, y0 + (y - y0) * t));
}
