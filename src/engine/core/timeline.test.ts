import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeze, workloadArb } from '../../../test/support/intent-log';
import { PRESETS } from '../../scenarios';
import { intentLog } from '../intent-log/engine';
import { labs } from '../labs';
import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { type AnyLab, type BaseState, defineLab } from './lab';
import { randInt, type RngState, seedRng } from './rng';
import { Timeline, type TimelineInput } from './timeline';

// A fixture lab that draws from the generator in its state on every step: a random
// walk. If a snapshot or a restore lost the generator, replays would walk elsewhere.
interface WalkState extends BaseState {
  pos: number;
  trail: number[];
}
type WalkAction = { readonly max: number };
type WalkEvent = { readonly type: 'walk.started' | 'walker.moved'; readonly by: number; readonly to: number; readonly tick: number };
const walkSchema = labSchema('walk', {
  options: v.object({ start: v.number() }),
  action: v.object({ max: v.number() }),
  expected: v.number(),
});

const walkLab = defineLab({
  schema: walkSchema,
  init: (o: { start: number }, seed: number): { state: WalkState; events: WalkEvent[] } => ({
    state: { clock: 0, rng: seedRng(seed), pos: o.start, trail: [] },
    events: [{ type: 'walk.started', by: 0, to: o.start, tick: 0 }],
  }),
  step(state: WalkState, action: WalkAction): WalkEvent[] {
    const [by, rng] = randInt(state.rng, -action.max, action.max);
    state.rng = rng;
    state.pos += by;
    state.trail.push(state.pos);
    return [{ type: 'walker.moved', by, to: state.pos, tick: state.clock }];
  },
  view: (s: WalkState) => ({ pos: s.pos, trail: s.trail, clock: s.clock }),
  describe: () => '',
  label: (a: WalkAction) => `walk up to ${a.max}`,
  suggest: () => [],
  check: (s: WalkState, pos: number) => ({ ok: s.pos === pos, failures: [] }),
  summarize: (s: WalkState) => ({ pos: s.pos }),
});
type WalkLab = typeof walkLab;

const walk = (seed: number, steps: number): TimelineInput<WalkAction, { start: number }> => ({
  seed,
  options: { start: 0 },
  actions: Array.from({ length: steps }, (_, i) => ({ max: 1 + (i % 7) })),
});

/** The reference: a fresh timeline run forward to `n`. */
const forward = (lab: AnyLab, input: TimelineInput<unknown, unknown>, n: number) =>
  freeze(new Timeline(lab, input, { snapshotEvery: 1_000_000 }).runTo(n).frame);

const logInput = (w: { tables: object; actions: unknown[] }): TimelineInput<unknown, unknown> => ({
  seed: 1,
  options: { tables: w.tables },
  actions: w.actions,
});

/** JSON of every step's events, running forward one step at a time. */
function eventStream(lab: AnyLab, input: TimelineInput<unknown, unknown>): string[] {
  const tl = new Timeline(lab, input);
  const out = [JSON.stringify(tl.frame().events)];
  for (let i = 1; i <= tl.total; i++) out.push(JSON.stringify(tl.seek(i).events));
  return out;
}

describe('When the same scenario runs twice', () => {
  it('every preset of every lab gives identical event streams', () => {
    for (const p of PRESETS) {
      const input = { seed: p.scenario.seed, options: p.scenario.options, actions: p.scenario.steps.map((s) => s.do) };
      const lab = labs[p.scenario.lab];
      expect(eventStream(lab, input), p.id).toEqual(eventStream(lab, input));
    }
  });

  it('random intent-log workloads give identical event streams (seed 17)', () => {
    fc.assert(
      fc.property(workloadArb(), (w) => {
        expect(eventStream(intentLog, logInput(w))).toEqual(eventStream(intentLog, logInput(w)));
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('the random walk gives the same walk for a seed and another walk for another seed', () => {
    const a = eventStream(walkLab, walk(5, 60));
    expect(eventStream(walkLab, walk(5, 60))).toEqual(a);
    expect(eventStream(walkLab, walk(6, 60))).not.toEqual(a);
    // Not a walk that stands still: the generator is really drawn from.
    expect(new Set(a).size).toBeGreaterThan(30);
  });
});

describe('When seeking from arbitrary positions', () => {
  const moves = fc.array(fc.record({ op: fc.constantFrom('seek', 'runTo'), to: fc.integer({ min: -3, max: 65 }) }), {
    minLength: 1,
    maxLength: 8,
  });

  it('seek(n) and runTo(n) give the frame of a fresh forward run to n, backwards and forwards (seed 42)', () => {
    fc.assert(
      fc.property(workloadArb(), moves, fc.constantFrom(1, 2, 3, 5, 64), (w, ms, every) => {
        const input = logInput(w);
        const tl = new Timeline<AnyLab>(intentLog, input, { snapshotEvery: every });
        for (const { op, to } of ms) {
          const from = tl.step;
          const target = Math.max(0, Math.min(tl.total, to));
          if (op === 'seek') {
            expect(freeze(tl.seek(to))).toEqual(forward(intentLog, input, to));
          } else {
            const { frames, frame } = tl.runTo(to);
            expect(freeze(frame)).toEqual(forward(intentLog, input, to));
            expect(frames.map((f) => f.step)).toEqual(Array.from({ length: Math.max(0, target - from) }, (_, i) => from + i + 1));
            for (const f of frames) expect(structuredClone(f.events)).toEqual(forward(intentLog, input, f.step).events);
          }
          expect((tl.engineState as BaseState).clock).toBe(target);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('When snapshots are taken at different intervals', () => {
  const everyStep = (lab: AnyLab, input: TimelineInput<unknown, unknown>, every: number, order: number[]) => {
    const tl = new Timeline(lab, input, { snapshotEvery: every });
    const frames = new Map<number, unknown>();
    tl.seek(tl.total);
    for (const n of order) frames.set(n, freeze(tl.seek(n)));
    return { frames: [...frames.keys()].sort((a, b) => a - b).map((n) => frames.get(n)), snapshots: tl.snapshotCount };
  };
  const orders = (total: number) => {
    const down = Array.from({ length: total + 1 }, (_, i) => total - i);
    const zigzag = down.map((_, i) => (i % 2 === 0 ? i / 2 : total - (i - 1) / 2));
    return [down, zigzag];
  };

  it('every 1, 3, 64 and 10 000 steps give identical frames at every step (seed 7)', () => {
    fc.assert(
      fc.property(workloadArb(), (w) => {
        const input = logInput(w);
        const total = w.actions.length;
        const ref = Array.from({ length: total + 1 }, (_, n) => forward(intentLog, input, n));
        for (const every of [1, 3, 64, 10_000]) {
          for (const order of orders(total)) expect(everyStep(intentLog, input, every, order).frames).toEqual(ref);
        }
        // The intervals really differ: one snapshot per step against only the initial one.
        expect(everyStep(intentLog, input, 1, [0]).snapshots).toBe(total + 1);
        expect(everyStep(intentLog, input, 10_000, [0]).snapshots).toBe(1);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('the random walk gives identical frames at every step for every interval', () => {
    const input = walk(123, 150);
    const ref = Array.from({ length: 151 }, (_, n) => forward(walkLab, input, n));
    for (const every of [1, 3, 64, 10_000]) {
      for (const order of orders(150)) expect(everyStep(walkLab, input, every, order).frames).toEqual(ref);
    }
  });
});

describe('When a lab draws random numbers on every step', () => {
  it('a seek after a snapshot restores the generator too (seed 99)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.integer({ min: -2, max: 62 }), { minLength: 2, maxLength: 10 }),
        fc.constantFrom(1, 3, 4, 10),
        (seed, targets, every) => {
          const input = walk(seed, 60);
          const tl = new Timeline(walkLab, input, { snapshotEvery: every });
          for (const t of targets) {
            expect(freeze(tl.seek(t))).toEqual(forward(walkLab, input, t));
            expect((tl.engineState as WalkState).rng).toEqual(walkRngAt(seed, Math.max(0, Math.min(60, t))));
          }
        },
      ),
      { seed: 99, numRuns: 200 },
    );
  });

  it('a lab that kept its generator outside the state would replay differently (the test above can fail)', () => {
    let outside: RngState = seedRng(1);
    const leaky: WalkLab = {
      ...walkLab,
      init: (o, seed) => {
        outside = seedRng(seed);
        return walkLab.init(o, seed);
      },
      step(state, action) {
        const [by, rng] = randInt(outside, -action.max, action.max);
        outside = rng;
        state.pos += by;
        state.trail.push(state.pos);
        return [{ type: 'walker.moved', by, to: state.pos, tick: state.clock }];
      },
    };
    const input = walk(4, 30);
    const tl = new Timeline(leaky, input, { snapshotEvery: 5 });
    tl.seek(25);
    const replayed = freeze(tl.seek(12));
    expect(replayed).not.toEqual(forward(leaky, input, 12));
  });
});

/** The walk's generator state after `n` steps, computed without the kernel. */
function walkRngAt(seed: number, n: number): RngState {
  let rng = seedRng(seed);
  for (let i = 0; i < n; i++) rng = randInt(rng, -(1 + (i % 7)), 1 + (i % 7))[1];
  return rng;
}

describe('When seeking outside the timeline', () => {
  const input = walk(3, 10);

  it('clamps below 0 and above the total, and truncates fractions', () => {
    const tl = new Timeline(walkLab, input);
    expect(freeze(tl.seek(25))).toEqual(forward(walkLab, input, 10));
    expect(tl.step).toBe(10);
    expect(freeze(tl.seek(-4))).toEqual(forward(walkLab, input, 0));
    expect(tl.step).toBe(0);
    expect(tl.seek(Number.POSITIVE_INFINITY).step).toBe(10);
    expect(tl.seek(Number.NEGATIVE_INFINITY).step).toBe(0);
    expect(freeze(tl.seek(4.9))).toEqual(forward(walkLab, input, 4));
  });

  it('stays where it is for NaN instead of losing its state', () => {
    const tl = new Timeline(walkLab, input);
    tl.seek(6);
    expect(freeze(tl.seek(Number.NaN))).toEqual(forward(walkLab, input, 6));
    expect(tl.runTo(Number.NaN).frames).toEqual([]);
    expect(freeze(tl.seek(8))).toEqual(forward(walkLab, input, 8));
  });

  it('runTo returns each intermediate step and its events, and nothing when going back', () => {
    const tl = new Timeline(walkLab, input, { snapshotEvery: 3 });
    tl.seek(2);
    const { frames, frame } = tl.runTo(7);
    expect(frames.map((f) => f.step)).toEqual([3, 4, 5, 6, 7]);
    for (const f of frames) expect(f.events).toEqual(forward(walkLab, input, f.step).events);
    expect(freeze(frame)).toEqual(forward(walkLab, input, 7));
    const back = tl.runTo(1);
    expect(back.frames).toEqual([]);
    expect(freeze(back.frame)).toEqual(forward(walkLab, input, 1));
    expect(tl.runTo(99).frames.map((f) => f.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('step 0 carries the init events, also after coming back to it', () => {
    const tl = new Timeline(walkLab, input);
    const first = freeze(tl.frame());
    expect(first.events).toEqual([{ type: 'walk.started', by: 0, to: 0, tick: 0 }]);
    tl.seek(9);
    expect(freeze(tl.seek(0))).toEqual(first);
  });
});
