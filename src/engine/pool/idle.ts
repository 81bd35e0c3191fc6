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
  /**
   * Due times not counted yet, in order, in blocks of BLOCK: from `head` in the first block to
   * `tail` in the last. Blocks, unlike one array doubled, are never copied.
   */
  blocks: Float64Array[];
  head: number;
  tail: number;
}

const BLOCK = 4096;

export const createIdleTimers = (): IdleTimers => ({ armed: false, blocks: [new Float64Array(BLOCK)], head: 0, tail: 0 });

/** One more due time at the end. */
function append(t: IdleTimers, due: number): void {
  if (t.tail === BLOCK) {
    t.blocks.push(new Float64Array(BLOCK));
    t.tail = 0;
  }
  t.blocks[t.blocks.length - 1][t.tail++] = due;
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
  append(sim.idleTimers, c.idleDue);
  // None in the heap: no idle client has a timer running, so this one is the oldest that does.
  if (!sim.idleTimers.armed) arm(sim, c);
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
  let n = 0;
  for (;;) {
    const block = t.blocks[0];
    const end = t.blocks.length === 1 ? t.tail : BLOCK;
    let i = t.head;
    while (i < end && block[i] <= untilUs) i++;
    n += i - t.head;
    t.head = i;
    if (i < end) return n;
    if (t.blocks.length === 1) {
      // All counted: the block starts over.
      t.head = 0;
      t.tail = 0;
      return n;
    }
    t.blocks.shift();
    t.head = 0;
  }
}
