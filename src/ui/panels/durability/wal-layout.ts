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
const widthOf = scaleSqrt().domain([30, 8400]).range([32, 100]).clamp(true);

/** Width of a line of the tape's 12 px monospaced text (0.6 em per character, with a little to spare). */
export const textWidth = (text: string): number => Math.ceil(text.length * 7.4);

/**
 * Which of the two label rows under the tape each record's LSN goes in (-1: none). A label
 * starts at its record's left edge; it takes the first row where it clears the label before
 * it, so no two labels overlap, and a record squeezed between wide neighbours goes unlabelled
 * (its LSN is in its tooltip and in the list below).
 */
export function labelRows(records: readonly WalRecordView[], layout: TapeLayout): number[] {
  const ends = [-Infinity, -Infinity];
  return records.map((r, i) => {
    const x = layout.boxes[i].x;
    const row = ends.findIndex((end) => x >= end + 6);
    if (row >= 0) ends[row] = x + textWidth(r.lsnText);
    return row;
  });
}

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

/** The kinds as a tape label: short enough for a 32 px record at 12 px. */
export const KIND_SHORT: Record<WalRecordView['kind'], string> = {
  INSERT: 'INS',
  UPDATE: 'UPD',
  HOT_UPDATE: 'HOT',
  DELETE: 'DEL',
  LOCK: 'LOCK',
  INSERT_LEAF: 'IDX',
  INSERT_UPPER: 'UPPR',
  SPLIT_L: 'SPLT',
  SPLIT_R: 'SPLT',
  NEWROOT: 'ROOT',
  PRUNE: 'PRUNE',
  VACUUM: 'VAC',
  VISIBLE: 'VM',
  BTREE_VACUUM: 'IVAC',
  TRUNCATE: 'TRUNC',
  STANDBY_LOCK: 'XLOCK',
  COMMIT: 'CMT',
  ABORT: 'ABT',
  RUNNING_XACTS: 'SNAP',
  CHECKPOINT_ONLINE: 'CKPT',
  CHECKPOINT_SHUTDOWN: 'CKPT',
};

/**
 * Where the tape's records sit in a coordinate system that does not move when the window of
 * drawn records slides (the oldest dropped, new ones appended): a record keeps its `x + shift`
 * and its label row from one step to the next, so its memoised element is not redrawn. The
 * records are drawn in a group translated by `-shift`.
 */
export interface TapeAnchor {
  readonly shift: number;
  /** Ordinal of the first record (its label row is the ordinal's parity). */
  readonly first: number;
  readonly seen: ReadonlyMap<number, { readonly x: number; readonly end: number; readonly ord: number }>;
}

/** Beyond this shift the coordinates start again from 0 (one full redraw), keeping them small. */
const MAX_SHIFT = 1_000_000;

export function anchorTape(prev: TapeAnchor | null, records: readonly WalRecordView[], layout: TapeLayout): TapeAnchor {
  const head = records[0];
  const known = head ? prev?.seen.get(head.lsn) : undefined;
  let shift = 0;
  let first = 0;
  if (head && known && known.end === head.end && known.x - layout.boxes[0].x < MAX_SHIFT) {
    shift = known.x - layout.boxes[0].x;
    first = known.ord;
  }
  const seen = new Map<number, { x: number; end: number; ord: number }>();
  records.forEach((r, i) => seen.set(r.lsn, { x: layout.boxes[i].x + shift, end: r.end, ord: first + i }));
  return { shift, first, seen };
}
