import { select } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';
import { slideTo } from './motion';

/** Where the WAL tape's pointers go at a step, and the stretch recovery read, if it ran. */
export interface WalMotion {
  /** x of an LSN on the tape. */
  readonly at: (lsn: number) => number;
  readonly insert: number;
  readonly written: number;
  readonly flushed: number;
  /** This step's replay: from the REDO point to where it ended. */
  readonly replay: { readonly from: number; readonly to: number } | null;
  readonly duration: number;
}

/**
 * The WAL tape's d3 motion, bound to its SVG: the insert, written and flushed pointers slide to
 * their LSNs, and on a recovery step a cursor runs from the REDO point to the end of replay.
 * `destroy` stops every transition under the SVG.
 */
export function walMotion(svg: SVGSVGElement): D3Behaviour<WalMotion> {
  return {
    update({ at, insert, written, flushed, replay, duration }) {
      const root = select(svg);
      const place = (sel: string, x: number) => slideTo(root.select<SVGGElement>(sel), x, 0, duration);
      place('g.ptr-insert', at(insert));
      place('g.ptr-written', at(written));
      place('g.ptr-flushed', at(flushed));
      const cursor = root.select<SVGGElement>('g.replay-cursor');
      cursor.interrupt();
      if (replay) {
        cursor.attr('opacity', 1).attr('transform', `translate(${at(replay.from)},0)`);
        slideTo(cursor, at(replay.to), 0, duration * 2);
      } else cursor.attr('opacity', 0);
    },
    destroy() {
      interruptAll(svg);
    },
  };
}
