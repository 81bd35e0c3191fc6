import * as v from 'valibot';
import { replicationLab } from './engine';
import { OptionsSchema } from './schema';
import type { Action, Event, Options, State } from './types';

/**
 * A small test and benchmark driver: validated options, one state, actions stepped in order,
 * the events of each step kept.
 */
export class ReplicationDriver {
  readonly state: State;
  readonly steps: Event[][] = [];

  constructor(options: v.InferInput<typeof OptionsSchema>, seed = 1) {
    const opts: Options = v.parse(OptionsSchema, options);
    this.state = replicationLab.init(opts, seed).state;
  }

  /** Step one action; returns its events. */
  do(action: Action): Event[] {
    const events = replicationLab.step(this.state, action);
    this.steps.push(events);
    return events;
  }

  /** Step several actions; throws on the first refused one (a test that expects a refusal uses `do`). */
  run(...actions: Action[]): this {
    for (const a of actions) {
      const events = this.do(a);
      const err = events.find((e) => e.type === 'error');
      if (err && err.type === 'error') throw new Error(`${JSON.stringify(a)} refused: ${err.message}`);
    }
    return this;
  }

  view() {
    return replicationLab.view(this.state);
  }

  /** What a new session on `node` reads for `key` (undefined: the node is down). */
  read(node: string, key: string) {
    const n = this.state.nodes[node];
    if (!n.up) return undefined;
    return Object.hasOwn(n.rows, key) ? n.rows[key].value : null;
  }
}
