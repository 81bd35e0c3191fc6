/** Where the lookup chart puts its columns, rounds, marks and labels: plain geometry, no DOM. */
import { shortHex } from './format';
import { textWidth } from './text-width';
import { type Lookup, type Mark, pathRounds } from './xor-layout';

export type { Mark } from './xor-layout';

/** Room for the round labels on the left, and the target's slot on the right. */
const LEFT = 62;
const SLOT = 84;
const TOP = 40;
const ROW = 36;
/** Narrowest column: below it the chart grows wider than its box and scrolls inside it. */
const MIN_COL = 16;
/** Gap between a mark and its label. */
const GAP = 11;

export interface Placed {
  readonly m: Mark;
  readonly x: number;
  readonly y: number;
  /** The label beside the mark, or null when there is no room for it. */
  readonly label: { readonly x: number; readonly anchor: 'start' | 'end'; readonly dist: string } | null;
}

export interface Column {
  /** Leading bits shared with the target. */
  readonly p: number;
  readonly x0: number;
  readonly x1: number;
  /** Whether the column's number is written (every other one when columns are narrow). */
  readonly label: boolean;
}

/**
 * The layout: one column per whole number of shared bits, up to two past the closest node
 * short of the target (the rest of the space collapses into a break before the target's
 * slot); marks of one round and one column spread across it, farthest left; labels go right
 * of their mark, else left, else (off the path) are left out, so none overlaps another.
 */
export function convergenceLayout(lookup: Lookup, marks: readonly Mark[], bits: number, width: number, labelAll: boolean) {
  let max = 0;
  for (const m of marks) if (m.shared !== null && m.shared < bits) max = Math.max(max, m.shared);
  const cols = Math.min(bits, Math.max(4, max + 2));
  const inner = Math.max(width - LEFT - SLOT, cols * MIN_COL);
  const W = LEFT + inner + SLOT;
  const colW = inner / cols;
  const columns: Column[] = Array.from({ length: cols }, (_, p) => ({
    p,
    x0: LEFT + p * colW,
    x1: LEFT + (p + 1) * colW,
    label: colW >= 18 || p % 2 === 0,
  }));
  const targetX = LEFT + inner + SLOT / 2;
  const rounds = lookup.rounds.length;
  const y = (r: number) => TOP + r * ROW + ROW / 2;
  const height = TOP + (rounds + 1) * ROW + 8;

  // Spread each (round, column) group across its column, ordered by distance.
  const groups = new Map<string, Mark[]>();
  for (const m of marks) {
    if (m.shared === null) continue;
    const key = `${m.round}/${m.shared >= bits ? 'target' : m.shared}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const at = new Map<Mark, { x: number; y: number }>();
  for (const group of groups.values()) {
    group.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    group.forEach((m, i) => {
      const n = group.length;
      const dy = n > 1 ? (i % 2 === 0 ? -5 : 5) : 0;
      const x = m.shared! >= bits ? targetX : LEFT + m.shared! * colW + (colW * (i + 1)) / (n + 1);
      at.set(m, { x, y: y(m.round) + dy });
    });
  }

  // Labels, row by row: the path's first, then left to right.
  const taken = new Map<number, [number, number][]>();
  const free = (r: number, a: number, b: number) =>
    a >= LEFT - 4 && b <= W - 2 && !(taken.get(r) ?? []).some(([p, q]) => a < q + 4 && b > p - 4);
  const labels = new Map<Mark, Placed['label']>();
  const wanted = marks.filter((m) => at.has(m) && (labelAll || m.onPath));
  wanted.sort((a, b) => Number(b.onPath) - Number(a.onPath) || at.get(a)!.x - at.get(b)!.x);
  for (const m of wanted) {
    const { x } = at.get(m)!;
    const r = m.round;
    const options = [m.distance === null ? '' : ` d = ${shortHex(m.distance, 6)}`, ...(m.onPath ? [''] : [])];
    let label: Placed['label'] = null;
    for (const dist of options) {
      const w = textWidth(m.name, 13, true) + textWidth(dist, 12, false, true);
      if (free(r, x + GAP, x + GAP + w)) {
        label = { x: GAP, anchor: 'start', dist };
        taken.set(r, [...(taken.get(r) ?? []), [x + GAP, x + GAP + w]]);
      } else if (free(r, x - GAP - w, x - GAP)) {
        label = { x: -GAP, anchor: 'end', dist };
        taken.set(r, [...(taken.get(r) ?? []), [x - GAP - w, x - GAP]]);
      }
      if (label) break;
    }
    labels.set(m, label);
  }

  const placed: Placed[] = marks.filter((m) => at.has(m)).map((m) => ({ m, ...at.get(m)!, label: labels.get(m) ?? null }));
  const pr = pathRounds(lookup);
  const onPath = new Map(placed.filter((q) => q.m.onPath).map((q) => [`${q.m.node}/${q.m.round}`, q]));
  const points = lookup.path.map((node, i) => {
    const q = onPath.get(`${node}/${pr[i]}`);
    return q ? ([q.x, q.y] as [number, number]) : null;
  });
  return {
    W,
    height,
    top: TOP,
    left: LEFT,
    columns,
    broken: cols < bits,
    breakX: LEFT + inner + 2,
    targetX,
    y,
    placed,
    points,
    pr,
    rounds,
  };
}
