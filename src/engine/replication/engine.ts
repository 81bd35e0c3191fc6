import type * as v from 'valibot';
import type { BaseState, LabEngine } from '../core/lab';
import { seedRng } from '../core/rng';
import type { ActionSchema, ExpectedSchema, OptionsSchema } from './schema';

// Placeholder engine of the Replication lab: a logical clock and nothing else yet.
type Action = v.InferOutput<typeof ActionSchema>;
type Options = v.InferOutput<typeof OptionsSchema>;
type Expected = v.InferOutput<typeof ExpectedSchema>;
type State = BaseState;
type Event = { type: 'tick'; clock: number };

export const replicationLab: LabEngine<State, Action, Event, { clock: number }, Options, Expected> = {
  id: 'replication',
  init: (_options, seed) => ({ state: { clock: 0, rng: seedRng(seed) }, events: [] }),
  step(state) {
    state.clock += 1;
    return [{ type: 'tick', clock: state.clock }];
  },
  view: (state) => ({ clock: state.clock }),
  describe: () => 'The clock ticks.',
  label: () => 'tick',
  suggest: () => [{ label: 'tick', action: { type: 'tick' } }],
  check: () => ({ ok: true, failures: [] }),
  summarize: (state) => ({ clock: state.clock }),
};
