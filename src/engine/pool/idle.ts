/**
 * pg-pool's idle timers. Every release arms one for `idleTimeoutMillis` and every acquire
 * clears it, so nearly all of them never fire. The simulation keeps a single event in the heap
 * for the whole idle list: the timer of its oldest client, which is due first since every
 * timer runs for the same delay and the list keeps the order clients went idle in. When it
 * fires it moves to the list's oldest client then. Each client keeps the due time and the
 * sequence number its timer was given at release, so the timer comes out exactly where its own
 * event would have (among events of the same instant too).
 *
 * The work meter (budget.ts) counts one event per timer armed, when the clock passes its due
 * time, as it did when each release put its own event in the queue: the ring below holds the
 * due times it has yet to count, in order.
 */
import * as heap from './heap';
import * as kinds from './kinds';
import type { Conn, Sim } from './types';

const { pushReserved, reserve } = heap;
const { K } = kinds;

export interface IdleTimers {
  /** A timer event is in the heap (for the client that was oldest when it was armed). */
  armed: boolean;
  /** Due times not counted yet, a ring of a power-of-two length: its first slot and its length. */
  due: Float64Array;
  head: number;
  size: number;
}

export const createIdleTimers = (): IdleTimers => ({ armed: false, due: new Float64Array(256), head: 0, size: 0 });

/** Twice the room in the ring, unrolled from its head. */
function grow(t: IdleTimers): void {
  const n = t.due.length;
  const due = new Float64Array(n * 2);
  due.set(t.due.subarray(t.head));
  due.set(t.due.subarray(0, t.head), n - t.head);
  t.due = due;
  t.head = 0;
}

function arm(sim: Sim, c: Conn): void {
  sim.idleTimers.armed = true;
  pushReserved(sim.heap, c.idleDue, c.idleOrder, K.idleTimeout, c.slot, c.idleGen);
}

/** A released client goes idle: its timer starts, and is the one in the heap if none is. */
export function startIdleTimer(sim: Sim, c: Conn): void {
  c.idleGen = sim.gen++;
  c.idleDue = sim.now + sim.cfg.idleTimeoutUs;
  c.idleOrder = reserve(sim.heap);
  const t = sim.idleTimers;
  if (t.size === t.due.length) grow(t);
  t.due[(t.head + t.size) & (t.due.length - 1)] = c.idleDue;
  t.size++;
  // None in the heap: no idle client has a timer running, so this one is the oldest that does.
  if (!t.armed) arm(sim, c);
}

/** The timer in the heap fired (and did its work): the oldest idle client's timer takes its place. */
export function rearmIdleTimer(sim: Sim): void {
  sim.idleTimers.armed = false;
  for (const slot of sim.idle) {
    const c = sim.conns[slot] as Conn;
    if (c.idleGen >= 0) return arm(sim, c);
  }
}

/** How many timers are due by `untilUs` that the meter has not counted yet; they count as counted. */
export function dueTimers(t: IdleTimers, untilUs: number): number {
  const mask = t.due.length - 1;
  let n = 0;
  while (n < t.size && t.due[(t.head + n) & mask] <= untilUs) n++;
  t.head = (t.head + n) & mask;
  t.size -= n;
  return n;
}
