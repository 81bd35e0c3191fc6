import { resolve } from './actions';
import { kademlia } from './engine';
import { toHex } from './id';
import { keyOf, slabOf } from './table';
import type { Action, Event, NodeRef, Options, State } from './types';
import type { View } from './view';

/**
 * A small test driver over the engine (tldraw's TestEditor idea): run actions, read
 * buckets and IDs, and fail loudly on a refused action unless the test expects one.
 */
export class DhtDriver {
  readonly state: State;
  /** Events of the last action. */
  events: Event[] = [];

  constructor(options: Options = {}, seed = 1) {
    this.state = kademlia.init(options, seed).state;
  }

  /** Run actions; throws on the first refused one. */
  run(...actions: Action[]): this {
    for (const a of actions) {
      const events = this.try(a);
      const err = events.find((e) => e.type === 'error');
      if (err) throw new Error(`${kademlia.label(a)}: ${err.message}`);
    }
    return this;
  }

  /** Run one action that may be refused; returns its events. */
  try(action: Action): Event[] {
    this.state.clock += 1;
    this.events = kademlia.step(this.state, action);
    return this.events;
  }

  node(ref: NodeRef): number {
    return resolve(this.state, ref);
  }

  /** A node's ID in hex. */
  id(ref: NodeRef): string {
    const s = this.state;
    return toHex(s.ids, this.node(ref) * s.words, s.words, s.cfg.bits);
  }

  /** Contacts of `node`'s bucket `i`, least recently seen first. */
  bucket(ref: NodeRef, i: number): number[] {
    const t = this.state.table;
    const x = this.node(ref);
    const s = slabOf(t, x, keyOf(t, x, i));
    return s < 0 ? [] : Array.from(t.contact.subarray(s * t.k, s * t.k + t.count[s]));
  }

  /** The replacement cache of `node`'s bucket `i`, oldest first. */
  cache(ref: NodeRef, i: number): number[] {
    const t = this.state.table;
    const x = this.node(ref);
    const s = slabOf(t, x, keyOf(t, x, i));
    return s < 0 ? [] : Array.from(t.repl.subarray(s * t.r, s * t.r + t.rcount[s]));
  }

  /** Event types of the last action, in order. */
  types(): string[] {
    return this.events.map((e) => e.type);
  }

  view(): View {
    return kademlia.view(this.state);
  }
}
