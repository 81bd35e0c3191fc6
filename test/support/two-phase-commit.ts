/**
 * Two-phase commit conveniences for tests and the benchmark, over the one LabDriver: the
 * presets' two banks, their transfer, a participant by name, and a refusal's message.
 */
import { LabDriver } from '../../src/engine/core/driver';
import { twopcLab } from '../../src/engine/two-phase-commit/engine';
import type { Action, Options, Participant, State } from '../../src/engine/two-phase-commit/types';

/** Two banks by default: bank_a holds alice's 100, bank_b holds bob's 50. */
export const TWO_BANKS: Options = {
  participants: [
    { name: 'bank_a', rows: { alice: 100 } },
    { name: 'bank_b', rows: { bob: 50 } },
  ],
};

/** A Two-phase commit lab driven through the kernel, as on the timeline. */
export const twopc = (options: Options = TWO_BANKS, seed = 1) => new LabDriver(twopcLab, options, seed);
export type TwopcDriver = ReturnType<typeof twopc>;

/** The transfer of the presets: `amount` from alice at bank_a to bob at bank_b. */
export const transfer = (gid = 'tx1', amount = 30): Extract<Action, { type: 'begin' }> => ({
  type: 'begin',
  gid,
  writes: [
    { node: 'bank_a', key: 'alice', add: -amount },
    { node: 'bank_b', key: 'bob', add: amount },
  ],
});

/** A participant by name; throws when there is none. */
export function part(st: State, name: string): Participant {
  const p = st.parts.find((x) => x.name === name);
  if (!p) throw new Error(`No participant ${name}`);
  return p;
}

/** Run an action the lab must refuse; returns the refusal's message, throws if it ran. */
export function refusalOf(d: TwopcDriver, action: Action): string {
  d.try(action);
  if (d.refusal === null) throw new Error(`${twopcLab.label(action)} was not refused`);
  return d.refusal;
}
