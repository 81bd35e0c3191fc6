import { select } from 'd3-selection';
import 'd3-transition';
import type { D3Behaviour } from '../../d3-behaviour';
import type { DurabilityEvent } from './format';
import type { PoolLayout, TileBox } from './pool-layout';

/** A page moving in this step: read from disk into a frame, written from a frame to disk, or evicted. */
export interface PageMove {
  readonly kind: 'read' | 'new' | 'write' | 'evict';
  readonly page: string;
  readonly frame: number;
}

/** Animating more than this many moves in one step is noise: the end state says it better. */
export const MAX_ANIMATED_MOVES = 48;

/** The step's page movements, in event order; every event names its frame. */
export function pageMoves(events: readonly DurabilityEvent[]): PageMove[] {
  const moves: PageMove[] = [];
  for (const e of events) {
    if (e.type === 'page.read') moves.push({ kind: e.from === 'new' ? 'new' : 'read', page: e.page, frame: e.frame });
    else if (e.type === 'page.evicted') moves.push({ kind: 'evict', page: e.page, frame: e.frame });
    else if (e.type === 'page.written') moves.push({ kind: 'write', page: e.page, frame: e.frame });
  }
  return moves;
}

/** When, within a step of `duration` ms, move `i` of `n` starts and how long it takes. */
export function moveTiming(i: number, n: number, duration: number): { delay: number; length: number } {
  const gap = n <= 1 ? 0 : (duration * 0.5) / (n - 1);
  return { delay: i * gap, length: n <= 1 ? duration : duration * 0.5 };
}

const centre = (b: TileBox, w: number, h: number) => ({ x: b.x + w / 2, y: b.y + h / 2 });

/** What the ghost layer animates: a step's moves on a layout, within `duration` ms. */
export interface PageMotion {
  readonly moves: readonly PageMove[];
  readonly layout: PoolLayout;
  readonly duration: number;
}

/**
 * Ghost pages flying along a curve between the data-file strip and a frame, in a layer (`g`)
 * React leaves empty. Each update replaces the previous step's ghosts; `destroy` stops and
 * removes them, so no transition outlives the panel.
 */
export function pageMotion(layer: SVGGElement): D3Behaviour<PageMotion> {
  const clear = () => void select(layer).selectAll('*').interrupt().remove();
  return {
    update: ({ moves, layout, duration }) => {
      clear();
      animateMoves(layer, moves, layout, duration);
    },
    destroy: clear,
  };
}

/** With duration 0 nothing moves: the tiles already show the end state. */
function animateMoves(layer: SVGGElement, moves: readonly PageMove[], layout: PoolLayout, duration: number): void {
  const root = select(layer);
  if (duration <= 0 || moves.length === 0 || moves.length > MAX_ANIMATED_MOVES) return;
  const gw = Math.min(layout.tileW, 44);
  const gh = Math.min(layout.tileH, 30);
  moves.forEach((m, i) => {
    const tile = layout.tiles[m.frame];
    if (!tile) return;
    const { delay, length } = moveTiming(i, moves.length, duration);
    const at = centre(tile, layout.tileW, layout.tileH);
    const slot = layout.disk.slot(m.page);
    const disk = slot ? centre(slot, layout.disk.slotW, layout.disk.h) : { x: layout.width / 2, y: layout.disk.y + layout.disk.h / 2 };
    const ghost = root
      .append('g')
      .attr('class', `ghost ghost-${m.kind}`)
      .attr('opacity', 0)
      .attr('transform', `translate(${at.x - gw / 2},${at.y - gh / 2})`);
    ghost.append('rect').attr('width', gw).attr('height', gh).attr('rx', 4);
    if (gw >= 30)
      ghost
        .append('text')
        .attr('x', gw / 2)
        .attr('y', gh / 2 + 4)
        .attr('text-anchor', 'middle')
        .text(m.page);
    if (m.kind === 'new' || m.kind === 'evict') {
      // A zeroed page appears in place; an evicted one fades out of its frame.
      const fromOpacity = m.kind === 'new' ? 0 : 1;
      ghost
        .attr('opacity', fromOpacity)
        .transition()
        .delay(delay)
        .duration(length)
        .attr('opacity', 1 - fromOpacity)
        .attrTween(
          'transform',
          () => (t: number) => `translate(${at.x - gw / 2},${at.y - gh / 2 + (m.kind === 'evict' ? t * 14 : (1 - t) * -10)})`,
        )
        .remove();
      return;
    }
    const [from, to] = m.kind === 'read' ? [disk, at] : [at, disk];
    // A quadratic curve bowing sideways, so pages going both ways in one step do not overlap.
    const ctrl = { x: (from.x + to.x) / 2 + (m.kind === 'read' ? -40 : 40), y: (from.y + to.y) / 2 };
    const point = (t: number) => ({
      x: (1 - t) ** 2 * from.x + 2 * (1 - t) * t * ctrl.x + t ** 2 * to.x,
      y: (1 - t) ** 2 * from.y + 2 * (1 - t) * t * ctrl.y + t ** 2 * to.y,
    });
    ghost
      .attr('transform', `translate(${from.x - gw / 2},${from.y - gh / 2})`)
      .transition()
      .delay(delay)
      .duration(length)
      .attrTween('opacity', () => () => '1')
      .attrTween('transform', () => (t: number) => {
        const p = point(t);
        return `translate(${p.x - gw / 2},${p.y - gh / 2})`;
      })
      .transition()
      .duration(Math.min(200, length / 2))
      .attr('opacity', 0)
      .remove();
  });
}
