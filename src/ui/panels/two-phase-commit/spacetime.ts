import type { MsgView, View } from '../../../engine/two-phase-commit/view';

/** Pixel sizes of the space-time diagram. It is drawn 1:1 (never scaled), so its 12 px labels stay 12 px. */
export const SIZE = {
  lane: 52,
  top: 30,
  left: 118,
  right: 24,
  /** Pixels per ms of network time while something happens. */
  perMs: 6,
  /** A quiet stretch longer than this (ms) is drawn as a break of BREAK_PX. */
  quietMs: 60,
  breakPx: 64,
  /** Label font size (px) and the width of one character, estimated a little wide. */
  font: 12,
  charPx: 7.4,
} as const;

/** A few words for the line itself; the full SQL is in the list and the tooltip. */
const SHORT: Record<MsgView['kind'], string> = {
  PREPARE: 'PREPARE',
  VOTE_YES: 'yes',
  VOTE_NO: 'no',
  COMMIT_PREPARED: 'COMMIT PREPARED',
  ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
  ROLLBACK: 'ROLLBACK',
  ACK: 'done',
  SCAN: 'pg_prepared_xacts?',
  SCAN_REPLY: 'list',
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedMsg {
  readonly m: MsgView;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Where the dot is now (in flight) or ended. */
  readonly dotX: number;
  readonly dotY: number;
  /** Its label, when there was room for one without covering another. */
  readonly label: { readonly x: number; readonly y: number; readonly text: string } | null;
}

export interface Spacetime {
  readonly width: number;
  readonly height: number;
  readonly lanes: readonly { readonly name: string; readonly y: number; readonly up: boolean }[];
  /** Times written on the axis, with where. */
  readonly ticks: readonly { readonly x: number; readonly text: string; readonly anchor: 'middle' | 'start' }[];
  /** Quiet stretches drawn short: where, and how long they really were. */
  readonly breaks: readonly { readonly x: number; readonly ms: number }[];
  readonly nowX: number;
  readonly messages: readonly PlacedMsg[];
  /** Messages drawn without a label (no room): they are in the list in words. */
  readonly unlabelled: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The diagram's geometry. Time runs to the right on a broken axis: while messages move, every
 * ms gets the same width; a quiet stretch (a wait, a crash) is drawn as a short break marked
 * with its real length, so the messages before it stay as readable as those after it. Labels
 * are placed where they cover no other label, the newest messages first; a message with no
 * room keeps its line and its entry in the list.
 */
export function layoutSpacetime(view: View, fresh: ReadonlySet<number>): Spacetime {
  const names = view.nodes.map((n) => n.name);
  const laneY = (name: string) => SIZE.top + Math.max(0, names.indexOf(name)) * SIZE.lane + SIZE.lane / 2;
  const times = [...new Set([view.now, ...view.messages.flatMap((m) => [m.sentAt, m.arriveAt])])].sort((a, b) => a - b);
  // Pixel position of each distinct time.
  const at = new Map<number, number>();
  const breaks: { x: number; ms: number }[] = [];
  let x = SIZE.left + 8;
  times.forEach((t, i) => {
    if (i > 0) {
      const gap = t - times[i - 1];
      if (gap > SIZE.quietMs) {
        breaks.push({ x: x + SIZE.breakPx / 2, ms: gap });
        x += SIZE.breakPx;
      } else x += gap * SIZE.perMs;
    }
    at.set(t, x);
  });
  const px = (t: number) => at.get(t) ?? x;
  // A time between two marked ones (a dot part-way along its line) is interpolated.
  const pxBetween = (t: number) => {
    if (at.has(t)) return px(t);
    const after = times.findIndex((u) => u > t);
    if (after <= 0) return after === 0 ? px(times[0]) : x;
    const a = times[after - 1];
    const b = times[after];
    return px(a) + ((px(b) - px(a)) * (t - a)) / (b - a);
  };
  const nowText = `now ${view.now} ms`;
  const width = Math.max(x + 6 + nowText.length * SIZE.charPx + 4, SIZE.left + 200);
  const height = SIZE.top + names.length * SIZE.lane + 8;

  // Axis labels: the first time, the end of each break, and now; each only where it fits.
  const taken: Box[] = names.map((n) => ({ x: 0, y: laneY(n) - 10, w: SIZE.left - 4, h: 20 }));
  const ticks: { x: number; text: string; anchor: 'middle' | 'start' }[] = [];
  const tickAt = (t: number, text = `${t} ms`, anchor: 'middle' | 'start' = 'middle') => {
    const w = text.length * SIZE.charPx;
    const box = { x: anchor === 'start' ? px(t) + 4 : px(t) - w / 2, y: 2, w, h: SIZE.font + 4 };
    if (box.x < SIZE.left - 8 || box.x + w > width || taken.some((b) => overlaps(b, box))) return;
    taken.push(box);
    ticks.push({ x: anchor === 'start' ? px(t) + 4 : px(t), text, anchor });
  };
  // The breaks' real lengths first, then the times around them, then the first time.
  for (const b of breaks) {
    const text = `+${b.ms} ms`;
    const w = text.length * SIZE.charPx;
    taken.push({ x: b.x - w / 2, y: 2, w, h: SIZE.font + 4 });
  }
  tickAt(view.now, nowText, 'start');
  times.forEach((t, i) => {
    if (i > 0 && t - times[i - 1] > SIZE.quietMs) tickAt(t);
  });
  if (times.length > 0) tickAt(times[0]);

  // Newest (and this step's) messages claim label room first.
  const order = [...view.messages].sort(
    (a, b) => Number(fresh.has(b.id) || b.status === 'flight') - Number(fresh.has(a.id) || a.status === 'flight') || b.id - a.id,
  );
  const placed = new Map<number, PlacedMsg>();
  let unlabelled = 0;
  for (const m of order) {
    const y1 = laneY(m.from);
    const y2 = laneY(m.to);
    const x1 = px(m.sentAt);
    const x2 = px(m.arriveAt);
    const flying = m.status === 'flight';
    const f = flying ? Math.min(1, Math.max(0, (view.now - m.sentAt) / Math.max(1, m.arriveAt - m.sentAt))) : 1;
    const dotX = flying ? pxBetween(m.sentAt + (m.arriveAt - m.sentAt) * f) : x2;
    const dotY = y1 + (y2 - y1) * f;
    const text = SHORT[m.kind];
    const w = text.length * SIZE.charPx + 6;
    let label: PlacedMsg['label'] = null;
    for (const frac of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      const cx = x1 + (x2 - x1) * frac;
      const cy = y1 + (y2 - y1) * frac;
      for (const dy of [-6, 6 + SIZE.font, -6 - SIZE.font - 2, 8 + 2 * SIZE.font]) {
        const box = { x: cx - w / 2, y: cy + dy - SIZE.font, w, h: SIZE.font + 3 };
        if (box.x < SIZE.left || box.x + w > width || box.y < SIZE.top - 6 || box.y + box.h > height) continue;
        if (taken.some((b) => overlaps(b, box))) continue;
        taken.push(box);
        label = { x: cx, y: cy + dy, text };
        break;
      }
      if (label) break;
    }
    if (!label) unlabelled++;
    placed.set(m.id, { m, x1, y1, x2, y2, dotX, dotY, label });
  }
  return {
    width,
    height,
    lanes: view.nodes.map((n) => ({ name: n.name, y: laneY(n.name), up: n.up })),
    ticks,
    breaks,
    nowX: px(view.now),
    messages: view.messages.map((m) => placed.get(m.id)).filter((p): p is PlacedMsg => p !== undefined),
    unlabelled,
  };
}
