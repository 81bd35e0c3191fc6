import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { labSchema } from '../scenario/lab-schema';
import { LabDriver } from './driver';
import { applyAction, type BaseState, defineLab, refusalIn } from './lab';
import { refuse } from './refusal';
import { seedRng } from './rng';

// A counter that refuses to go below zero, and has a bug at 13.
interface CounterState extends BaseState {
  n: number;
}
type CounterEvent = { readonly type: 'counter.changed'; readonly to: number } | { readonly type: 'counter.checked'; readonly n: number };

const counter = defineLab({
  schema: labSchema('counter', { options: v.object({}), action: v.object({ by: v.number() }), expected: v.number() }),
  init: (_o: object, seed: number): { state: CounterState; events: CounterEvent[] } => ({
    state: { clock: 0, rng: seedRng(seed), n: 0 },
    events: [],
  }),
  step(state: CounterState, action: { by: number }): CounterEvent[] {
    const checked: CounterEvent = { type: 'counter.checked', n: state.n };
    if (state.n + action.by < 0) refuse(`${state.n} ${action.by} is below zero.`, [checked]);
    if (state.n + action.by === 13) throw new TypeError('a bug');
    state.n += action.by;
    return [checked, { type: 'counter.changed', to: state.n }];
  },
  view: (s: CounterState) => ({ n: s.n }),
  describe: () => '',
  label: (a: { by: number }) => `add ${a.by}`,
  suggest: () => [],
  check: (s: CounterState, n: number) => ({ ok: s.n === n, failures: [] }),
  summarize: (s: CounterState) => ({ n: s.n }),
});

describe('When the kernel runs an action', () => {
  it('advances the logical clock once, whether the lab ran it or refused it', () => {
    const { state } = counter.init({}, 1);
    applyAction(counter, state, { by: 2 });
    applyAction(counter, state, { by: -5 });
    expect(state.clock).toBe(2);
    expect(state.n).toBe(2);
  });

  it("turns a Refusal into action.refused after the events emitted before it, with the lab's words", () => {
    const { state } = counter.init({}, 1);
    const events = applyAction(counter, state, { by: -1 });
    expect(events).toEqual([
      { type: 'counter.checked', n: 0 },
      { type: 'action.refused', message: '0 -1 is below zero.' },
    ]);
    expect(refusalIn(events)).toBe('0 -1 is below zero.');
    expect(refusalIn(applyAction(counter, state, { by: 1 }))).toBeNull();
  });

  it('lets any other exception through: an engine bug is never shown as the user refused', () => {
    const { state } = counter.init({}, 1);
    expect(() => applyAction(counter, state, { by: 13 })).toThrow(new TypeError('a bug'));
  });
});

describe('When a test drives a lab through LabDriver', () => {
  it('runs actions through the kernel, fails loudly on a refusal, and lets a test expect one with try', () => {
    const d = new LabDriver(counter, {});
    d.run({ by: 3 }, { by: 4 });
    expect(d.view()).toEqual({ n: 7 });
    expect(d.state.clock).toBe(2);
    expect(d.of('counter.changed')).toEqual([{ type: 'counter.changed', to: 7 }]);
    expect(() => d.run({ by: -10 })).toThrow('add -10: 7 -10 is below zero.');
    d.try({ by: -8 });
    expect(d.refusal).toBe('7 -8 is below zero.');
    expect(d.log.filter((e) => e.type === 'action.refused')).toHaveLength(2);
  });
});
