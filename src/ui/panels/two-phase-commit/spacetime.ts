import type { MsgView, View } from '../../../engine/two-phase-commit/view';

/** Pixel sizes of the space-time diagram. It is drawn 1:1 (never scaled), so its 12 px labels stay 12 px. */
export const SIZE = {
  lane: 52,
  top: 30,
  left: 118,
  /** The lane names' column in a narrow box (a phone): room for "coordinator ✕" at 13 px. */
  leftNarrow: 104,
  /** A box narrower than this gets the narrow names column. */
  narrowBelow: 480,
  right: 24,
  /** Pixels per ms of network time while something happens. */
  perMs: 6,
  /** A quiet stretch longer than this (ms) is drawn as a break of BREAK_PX. */
  quietMs: 60,
  breakPx: 64,
  /** The block standing for the older messages when they do not fit ("12 earlier"). */
  earlierPx: 60,
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
  readonly ticks: readonly { readonly x: number; readonly text: string; readonly anchor: 'middle' | 'start' | 'end' }[];
  /** Quiet stretches drawn short: where, and how long they really were. */
  readonly breaks: readonly { readonly x: number; readonly ms: number }[];
  readonly nowX: number;
  readonly messages: readonly PlacedMsg[];
  /** Messages drawn without a label (no room): they are in the list in words. */
  readonly unlabelled: number;
  /** Where the diagram's time area starts (the lane names sit left of it). */
  readonly left: number;
  /** Older messages that did not fit, drawn as one block at the left: where, and how many. */
  readonly earlier: { readonly x: number; readonly w: number; readonly count: number; readonly until: number } | null;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Pixels for a ms of activity and for a quiet stretch, from the roomiest scale to the tightest still readable. */
const SCALES = [
  { perMs: SIZE.perMs, breakPx: SIZE.breakPx },
  { perMs: 4, breakPx: 48 },
  { perMs: 3, breakPx: 40 },
  { perMs: 2, breakPx: 32 },
] as const;
type Scale = { readonly perMs: number; readonly breakPx: number };

/** Room kept right of the last time when the box is tight: the "now" label then sits left of its line. */
const TIGHT_RIGHT = 12;

interface Axis {
  /** Pixel position of each time drawn. */
  readonly at: Map<number, number>;
  /** The times drawn, ascending. */
  readonly shown: readonly number[];
  readonly breaks: { x: number; ms: number }[];
  /** Where the last time is drawn. */
  readonly end: number;
}

/** The times from `from` on, laid out from `x0`: every ms of activity the same width, quiet stretches as breaks. */
function axis(times: readonly number[], from: number, x0: number, scale: Scale): Axis {
  const shown = times.filter((t) => t >= from);
  const at = new Map<number, number>();
  const breaks: { x: number; ms: number }[] = [];
  let x = x0;
  shown.forEach((t, i) => {
    if (i > 0) {
      const gap = t - shown[i - 1];
      if (gap > SIZE.quietMs) {
        breaks.push({ x: x + scale.breakPx / 2, ms: gap });
        x += scale.breakPx;
      } else x += gap * scale.perMs;
    }
    at.set(t, x);
  });
  return { at, shown, breaks, end: x };
}

/**
 * The time axis for a box `maxWidth` wide. Everything at the roomiest scale that fits; when
 * nothing fits, the older times are cut off (their messages become one "N earlier" block)
 * at the earliest time that lets the rest fit, never after `focusFrom` (the first send of the
 * step's and the in-flight messages). Past the tightest readable scale the kept times are
 * squeezed into the box.
 */
function fitAxis(times: readonly number[], focusFrom: number, left: number, maxWidth: number): { axis: Axis; cut: number | null } {
  const room = maxWidth - TIGHT_RIGHT;
  for (const scale of SCALES.slice(0, 3)) {
    const a = axis(times, -Infinity, left + 8, scale);
    if (a.end <= room) return { axis: a, cut: null };
  }
  const after = left + 4 + SIZE.earlierPx + 10;
  const cuts = times.filter((t) => t > times[0] && t <= focusFrom);
  for (const scale of SCALES.slice(1)) {
    for (const cut of cuts) {
      const a = axis(times, cut, after, scale);
      if (a.end <= room) return { axis: a, cut };
    }
  }
  const cut = cuts.length > 0 ? cuts[cuts.length - 1] : null;
  const start = cut === null ? left + 8 : after;
  const a = axis(times, cut ?? -Infinity, start, { perMs: 1, breakPx: 24 });
  const k = a.end > start ? Math.min(1, (room - start) / (a.end - start)) : 1;
  const squeeze = (x: number) => start + (x - start) * k;
  return {
    axis: {
      at: new Map([...a.at].map(([t, x]) => [t, squeeze(x)])),
      shown: a.shown,
      breaks: a.breaks.map((b) => ({ x: squeeze(b.x), ms: b.ms })),
      end: squeeze(a.end),
    },
    cut,
  };
}

/** Where a step's attention starts: the first send among its own and the in-flight messages (else the latest message). */
function focusStart(view: View, fresh: ReadonlySet<number>): number {
  const focus = view.messages.filter((m) => fresh.has(m.id) || m.status === 'flight');
  if (focus.length > 0) return Math.min(...focus.map((m) => m.sentAt));
  const last = view.messages.reduce<MsgView | null>((a, m) => (a === null || m.id > a.id ? m : a), null);
  return last?.sentAt ?? view.now;
}

/**
 * The diagram's geometry for a box `maxWidth` pixels wide. Time runs to the right on a broken
 * axis: while messages move, every ms gets the same width; a quiet stretch (a wait, a crash)
 * is drawn as a short break marked with its real length, so the messages before it stay as
 * readable as those after it. When the box is too narrow for all of it (a phone), the older
 * messages are summarised as one block at the left and the step's own messages keep their
 * room. Labels are placed where they cover no other label, the newest messages first; a
 * message with no room keeps its line and its entry in the list.
 */
export function layoutSpacetime(view: View, fresh: ReadonlySet<number>, maxWidth = Infinity): Spacetime {
  const left = maxWidth < SIZE.narrowBelow ? SIZE.leftNarrow : SIZE.left;
  const names = view.nodes.map((n) => n.name);
  const laneY = (name: string) => SIZE.top + Math.max(0, names.indexOf(name)) * SIZE.lane + SIZE.lane / 2;
  const times = [...new Set([view.now, ...view.messages.flatMap((m) => [m.sentAt, m.arriveAt])])].sort((a, b) => a - b);
  const { axis: ax, cut } = fitAxis(times, focusStart(view, fresh), left, maxWidth);
  const blockX = left + 4;
  const blockEnd = blockX + SIZE.earlierPx;
  const x = ax.end;
  const px = (t: number) => (cut !== null && t < cut ? blockEnd : (ax.at.get(t) ?? x));
  // A time between two marked ones (a dot part-way along its line) is interpolated.
  const pxBetween = (t: number) => {
    if (ax.at.has(t) || (cut !== null && t < cut)) return px(t);
    const after = ax.shown.findIndex((u) => u > t);
    if (after <= 0) return after === 0 ? px(ax.shown[0]) : x;
    const a = ax.shown[after - 1];
    const b = ax.shown[after];
    return px(a) + ((px(b) - px(a)) * (t - a)) / (b - a);
  };
  const nowText = `now ${view.now} ms`;
  const natural = Math.max(x + 6 + nowText.length * SIZE.charPx + 4, left + 200);
  const width = Math.max(Math.min(natural, maxWidth), x + TIGHT_RIGHT);
  const height = SIZE.top + names.length * SIZE.lane + 8;
  const older = cut === null ? [] : view.messages.filter((m) => m.arriveAt < cut);
  const earlier = cut === null ? null : { x: blockX, w: SIZE.earlierPx, count: older.length, until: cut };

  // Axis labels: the first time, the end of each break, and now; each only where it fits.
  const taken: Box[] = names.map((n) => ({ x: 0, y: laneY(n) - 10, w: left - 4, h: 20 }));
  if (earlier) taken.push({ x: earlier.x, y: 0, w: earlier.w, h: height });
  const ticks: { x: number; text: string; anchor: 'middle' | 'start' | 'end' }[] = [];
  const tickAt = (t: number, text = `${t} ms`, anchor: 'middle' | 'start' | 'end' = 'middle') => {
    const w = text.length * SIZE.charPx;
    const tx = anchor === 'start' ? px(t) + 4 : anchor === 'end' ? px(t) - 4 : px(t);
    const box = { x: anchor === 'start' ? tx : anchor === 'end' ? tx - w : tx - w / 2, y: 2, w, h: SIZE.font + 4 };
    if (box.x < left - 8 || box.x + w > width || taken.some((b) => overlaps(b, box))) return false;
    taken.push(box);
    ticks.push({ x: tx, text, anchor });
    return true;
  };
  // The breaks' real lengths first, then now, the times around the breaks, then the first time.
  for (const b of ax.breaks) {
    const w = `+${b.ms} ms`.length * SIZE.charPx;
    taken.push({ x: b.x - w / 2, y: 2, w, h: SIZE.font + 4 });
  }
  if (!tickAt(view.now, nowText, 'start')) tickAt(view.now, nowText, 'end');
  ax.shown.forEach((t, i) => {
    if (i > 0 && t - ax.shown[i - 1] > SIZE.quietMs) tickAt(t);
  });
  if (ax.shown.length > 0) tickAt(ax.shown[0]);

  // Newest (and this step's) messages claim label room first; the older ones are in the block.
  const drawn = view.messages.filter((m) => cut === null || m.arriveAt >= cut);
  const order = [...drawn].sort(
    (a, b) => Number(fresh.has(b.id) || b.status === 'flight') - Number(fresh.has(a.id) || a.status === 'flight') || b.id - a.id,
  );
  const placed = new Map<number, PlacedMsg>();
  let unlabelled = 0;
  for (const m of order) {
    const from = laneY(m.from);
    const y2 = laneY(m.to);
    const x2 = px(m.arriveAt);
    // A message sent before the cut starts at the block's edge, where its line crosses it.
    const crossed = cut !== null && m.sentAt < cut ? (cut - m.sentAt) / Math.max(1, m.arriveAt - m.sentAt) : 0;
    const x1 = px(m.sentAt);
    const y1 = from + (y2 - from) * crossed;
    const flying = m.status === 'flight';
    const f = flying ? Math.min(1, Math.max(0, (view.now - m.sentAt) / Math.max(1, m.arriveAt - m.sentAt))) : 1;
    const dotX = flying ? pxBetween(m.sentAt + (m.arriveAt - m.sentAt) * f) : x2;
    const dotY = from + (y2 - from) * f;
    const text = SHORT[m.kind];
    const w = text.length * SIZE.charPx + 6;
    let label: PlacedMsg['label'] = null;
    for (const frac of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      const cx = x1 + (x2 - x1) * frac;
      const cy = y1 + (y2 - y1) * frac;
      for (const dy of [-6, 6 + SIZE.font, -6 - SIZE.font - 2, 8 + 2 * SIZE.font]) {
        const box = { x: cx - w / 2, y: cy + dy - SIZE.font, w, h: SIZE.font + 3 };
        if (box.x < left || box.x + w > width || box.y < SIZE.top - 6 || box.y + box.h > height) continue;
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
    breaks: ax.breaks,
    nowX: px(view.now),
    messages: drawn.map((m) => placed.get(m.id)).filter((p): p is PlacedMsg => p !== undefined),
    unlabelled,
    left,
    earlier,
  };
}
