import { twopcLab } from './engine';
import type { Action, Event, Options, State } from './types';

/** A small test and bench driver: a lab state and a way to run actions on it, refusals thrown. */
export interface Driver {
  readonly state: State;
  /** Run an action; a refused action throws with the engine's message. */
  run(action: Action): Event[];
  /** Run an action whose refusal is expected; returns the message. */
  refused(action: Action): string;
}

/** Two banks by default: bank_a holds alice's 100, bank_b holds bob's 50. */
export const TWO_BANKS: Options = {
  participants: [
    { name: 'bank_a', rows: { alice: 100 } },
    { name: 'bank_b', rows: { bob: 50 } },
  ],
};

export function drive(options: Options = TWO_BANKS, seed = 1): Driver {
  const { state } = twopcLab.init(options, seed);
  return {
    state,
    run(action) {
      const events = twopcLab.step(state, action);
      const err = events.find((e) => e.type === 'error');
      if (err && err.type === 'error') throw new Error(`${twopcLab.label(action)}: ${err.message}`);
      return events;
    },
    refused(action) {
      const events = twopcLab.step(state, action);
      const err = events.find((e) => e.type === 'error');
      if (!err || err.type !== 'error') throw new Error(`${twopcLab.label(action)} was not refused`);
      return err.message;
    },
  };
}

/** The transfer of the presets: 30 from alice at bank_a to bob at bank_b. */
export const transfer = (gid = 'tx1', amount = 30): Action => ({
  type: 'begin',
  gid,
  writes: [
    { node: 'bank_a', key: 'alice', add: -amount },
    { node: 'bank_b', key: 'bob', add: amount },
  ],
});
