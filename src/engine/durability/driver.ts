import { durability } from './engine';
import type { Action, Event, Options, State } from './types';
import { type View, visibleRows } from './view';

/**
 * A small test driver over the engine (tldraw's TestEditor idea): run actions, read rows,
 * and fail loudly on an engine error unless the test expects one.
 */
export class DurabilityDriver {
  readonly state: State;
  /** Events of the last action. */
  events: Event[] = [];

  constructor(options: Options = {}, seed = 1) {
    this.state = durability.init(options, seed).state;
  }

  /** Run actions; throws on the first refused one. */
  run(...actions: Action[]): this {
    for (const a of actions) {
      this.state.clock += 1;
      this.events = durability.step(this.state, a);
      const err = this.events.find((e) => e.type === 'error');
      if (err) throw new Error(`${durability.label(a)}: ${err.message}`);
    }
    return this;
  }

  /** Run one action that may be refused; returns its events. */
  try(action: Action): Event[] {
    this.state.clock += 1;
    this.events = durability.step(this.state, action);
    return this.events;
  }

  /** Visible rows of a table as key -> values. */
  rows(table: string): Record<string, unknown> {
    return Object.fromEntries((visibleRows(this.state).rows[table] ?? []).map((r) => [r.key, r.values]));
  }

  view(): View {
    return durability.view(this.state);
  }

  of<T extends Event['type']>(type: T): Extract<Event, { type: T }>[] {
    return this.events.filter((e) => e.type === type) as Extract<Event, { type: T }>[];
  }
}
