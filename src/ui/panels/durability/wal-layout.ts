import { scaleSqrt } from 'd3-scale';
import type { WalRecordView } from '../../../engine/durability/view';

export interface TapeBox {
  readonly x: number;
  readonly w: number;
}

export interface TapeLayout {
  readonly boxes: readonly TapeBox[];
  /** x of the left edge of the first record (after the stub for records off the tape). */
  readonly start: number;
  /** x of the right edge of the last record. */
  readonly end: number;
  /** Where an LSN falls on the tape (clamped to the ends). */
  readonly at: (lsn: number) => number;
}

const GAP = 3;
export const STUB_W = 34;

/** Record widths grow with the square root of their size, so a 34-byte COMMIT and an 8 kB full-page image both read. */
const widthOf = scaleSqrt().domain([30, 8400]).range([26, 96]).clamp(true);

/** Lay the records out left to right; `hidden` records before them are drawn as one stub. */
export function tapeLayout(records: readonly WalRecordView[], hidden: boolean, left = 8): TapeLayout {
  const start = left + (hidden ? STUB_W + GAP : 0);
  let x = start;
  const boxes = records.map((r) => {
    const w = widthOf(r.size);
    const box = { x, w };
    x += w + GAP;
    return box;
  });
  const end = records.length > 0 ? x - GAP : start;
  const at = (lsn: number): number => {
    if (records.length === 0 || lsn <= records[0].lsn) return start;
    // Binary search for the last record starting at or before lsn.
    let lo = 0;
    let hi = records.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (records[mid].lsn <= lsn) lo = mid;
      else hi = mid - 1;
    }
    const r = records[lo];
    const b = boxes[lo];
    if (lsn >= r.end) return lo === records.length - 1 ? end : b.x + b.w + GAP / 2;
    return b.x + ((lsn - r.lsn) / (r.end - r.lsn)) * b.w;
  };
  return { boxes, start, end, at };
}

/** The kinds as a tape label: short enough for a 26 px record. */
export const KIND_SHORT: Record<WalRecordView['kind'], string> = {
  INSERT: 'INS',
  UPDATE: 'UPD',
  DELETE: 'DEL',
  COMMIT: 'CMT',
  ABORT: 'ABT',
  CHECKPOINT_ONLINE: 'CKPT',
  CHECKPOINT_SHUTDOWN: 'CKPT',
};
