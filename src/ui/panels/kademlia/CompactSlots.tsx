import { memo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ContactView } from '../../../engine/kademlia/view';
import { nodeName } from './format';

/** Slot square, gap between squares, and the margin kept for the rings around new / seen contacts. */
const SIZE = 15;
const GAP = 3;
const PITCH = SIZE + GAP;
const PAD = 3;

export type SlotMark = 'new' | 'seen' | undefined;

/** One square's outline as a subpath, `inset` px inside the slot (negative: outside, for the rings). */
const square = (i: number, inset: number) => {
  const s = SIZE - 2 * inset;
  return `M${PAD + i * PITCH + inset} ${PAD + inset}h${s}v${s}h${-s}z`;
};
/** A cross inside slot i, for the down contacts (a glyph as well as a colour). */
const cross = (i: number) => {
  const x = PAD + i * PITCH + 4;
  const y = PAD + 4;
  const s = SIZE - 8;
  return `M${x} ${y}l${s} ${s}M${x + s} ${y}l${-s} ${s}`;
};

const describe = (c: ContactView) =>
  `${nodeName(c)}: ID ${c.id}, XOR distance ${c.distance}, last seen at ${c.lastSeen} ms${c.alive ? (c.fails > 0 ? `, ${c.fails} unanswered` : '') : ', down'}`;

const names = (cs: readonly ContactView[]) =>
  cs.length <= 6 ? cs.map(nodeName).join(', ') : `${cs.slice(0, 5).map(nodeName).join(', ')} and ${cs.length - 5} more`;

/** The words for one compact row: counts, the oldest and newest contacts, and which ones are down, new or seen again. */
function slotSummary(contacts: readonly ContactView[], marks: readonly SlotMark[], k: number | null): string {
  const n = contacts.length;
  const down = contacts.filter((c) => !c.alive);
  const fresh = contacts.filter((_, i) => marks[i] === 'new');
  const seen = contacts.filter((_, i) => marks[i] === 'seen');
  const parts = [k === null ? `${n} contact${n === 1 ? '' : 's'}` : `${n} of k = ${k} contacts`];
  if (n > 0) {
    const first = contacts[0];
    const last = contacts[n - 1];
    parts.push(
      n === 1
        ? `only ${nodeName(first)} (last seen at ${first.lastSeen} ms)`
        : `oldest ${nodeName(first)} (last seen at ${first.lastSeen} ms), newest ${nodeName(last)} (at ${last.lastSeen} ms)`,
    );
  }
  if (down.length > 0) parts.push(`${down.length} down: ${names(down)}`);
  if (fresh.length > 0) parts.push(`${fresh.length} new this step: ${names(fresh)}`);
  if (seen.length > 0) parts.push(`${seen.length} seen again: ${names(seen)}`);
  return parts.join('; ');
}

interface Props {
  contacts: readonly ContactView[];
  marks: readonly SlotMark[];
  /** Empty slots are drawn up to k; null for the replacement cache (no empty slots). */
  k: number | null;
  label: string;
  /** Content signature: the row redraws only when it changes (the view is a new object every step). */
  sig: string;
}

/**
 * A k = 20 bucket's contacts as one SVG: a single path per state (live, down, empty, the down
 * crosses, the new and seen-again rings), so a new focus node every step updates a handful of
 * attributes instead of k list items per bucket. The words (counts, oldest, newest, down, new)
 * are the SVG's accessible name; pointing at or arrowing through the squares names one contact.
 */
function CompactSlotsImpl({ contacts, marks, k, label }: Props) {
  const [at, setAt] = useState(-1);
  const n = contacts.length;
  const slots = Math.max(n, k ?? 0);
  let live = '';
  let down = '';
  let crosses = '';
  let empty = '';
  let fresh = '';
  let seen = '';
  for (let i = 0; i < slots; i++) {
    const c = contacts[i];
    if (!c) {
      empty += square(i, 0.75);
      continue;
    }
    if (c.alive) live += square(i, 0.75);
    else {
      down += square(i, 0.75);
      crosses += cross(i);
    }
    if (marks[i] === 'new') fresh += square(i, -1);
    else if (marks[i] === 'seen') seen += square(i, -1);
  }
  const width = PAD * 2 + Math.max(1, slots) * PITCH - GAP;
  const height = PAD * 2 + SIZE;
  const summary = slotSummary(contacts, marks, k);
  const inspected = at >= 0 && at < n ? contacts[at] : null;

  const onPointer = (e: PointerEvent<SVGSVGElement>) => {
    // Read only while the pointer moves over the row, never per step. On a narrow screen the row is
    // drawn smaller than its viewBox (it shrinks to fit): offsetX is in screen pixels, so scale it back.
    const shown = e.currentTarget.getBoundingClientRect().width;
    const x = shown > 0 ? (e.nativeEvent.offsetX * width) / shown : e.nativeEvent.offsetX;
    const i = Math.floor((x - PAD + GAP / 2) / PITCH);
    setAt(i >= 0 && i < n ? i : -1);
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    if (n === 0) return;
    const next =
      e.key === 'ArrowRight'
        ? Math.min(n - 1, at + 1)
        : e.key === 'ArrowLeft'
          ? Math.max(0, at < 0 ? 0 : at - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (next === null) return;
    // The lab's own ←/→/Home/End step the timeline: inside the row they move between contacts instead.
    e.preventDefault();
    e.stopPropagation();
    setAt(next);
  };

  return (
    <span className="slots-compact">
      <svg
        className={`slots-svg${k === null ? ' slots-cache' : ''}`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: ${summary}`}
        tabIndex={n > 0 ? 0 : undefined}
        data-contacts={n}
        onPointerMove={onPointer}
        onPointerLeave={() => setAt(-1)}
        onKeyDown={onKey}
        onBlur={() => setAt(-1)}
      >
        <title>{`${summary}. Point at a square (or focus the row and use ← →) for a contact's ID and distance.`}</title>
        <path className="slot-empty" d={empty} />
        <path className="slot-live" d={live} />
        <path className="slot-down" d={down} />
        <path className="slot-cross" d={crosses} />
        <path className="slot-ring slot-new" d={fresh} />
        <path className="slot-ring slot-seen" d={seen} />
        {inspected && <path className="slot-at" d={square(at, -1.5)} />}
      </svg>
      <span className="slot-tip" aria-live="polite">
        {inspected ? describe(inspected) : ''}
      </span>
    </span>
  );
}

export const CompactSlots = memo(CompactSlotsImpl, (a, b) => a.sig === b.sig && a.k === b.k && a.label === b.label);

/** What a compact row's drawing depends on, as one string (compared instead of the new-every-step view objects). */
export function slotSig(contacts: readonly ContactView[], marks: readonly SlotMark[]): string {
  // The first contact's XOR distance pins the table's owner (distances differ between owners).
  let s = `${contacts[0]?.distance ?? ''}|`;
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i];
    s += `${c.index}.${c.alive ? 1 : 0}.${c.fails}.${c.lastSeen}.${marks[i] ?? ''},`;
  }
  return s;
}
