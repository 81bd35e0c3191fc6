import { expose, releaseProxy, type Remote, wrap } from 'comlink';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadArb } from '../../test/support/intent-log';
import { intentLog } from '../engine/intent-log/engine';
import { type Scenario, ScenarioError } from '../engine/scenario/schema';
import { PRESETS } from '../scenarios';
import { createInProcessClient } from './in-process';
import { createEngineHost } from './host';
import { type EngineApi, PROTOCOL_VERSION } from './protocol';

type IntentLogScenario = Extract<Scenario, { lab: 'intent-log' }>;
/** These tests speak the intent-log lab's actions: take only its presets. */
const INTENT_LOG = PRESETS.map((p) => p.scenario).filter((s): s is IntentLogScenario => s.lab === 'intent-log');
const preset = (i = 0): IntentLogScenario => structuredClone(INTENT_LOG[i]);
/**
 * The first preset of each lab: the host's code is the same for every preset, so one per lab covers
 * it; replaying every preset is the preset and timeline tests' job (in `npm run test:slow`).
 */
const FIRST_OF_EACH_LAB = PRESETS.filter((p, i) => PRESETS.findIndex((q) => q.scenario.lab === p.scenario.lab) === i).map(
  (p) => p.scenario,
);
/** A copy of an answer, so later calls cannot change what is compared. */
const copy = <T>(x: T): T => structuredClone(x);

function refusal(load: () => unknown): ScenarioError {
  try {
    load();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}

describe('When the host is given a scenario', () => {
  it('refuses an invalid one with a ScenarioError and keeps the loaded one', () => {
    const host = createEngineHost();
    expect(() => host.seek(1)).toThrow('No scenario is loaded.');
    const bad = { ...preset(), steps: [{ do: { type: 'explode' } }] } as unknown as Scenario;
    expect(refusal(() => host.load(bad)).code).toBe('invalid');
    expect(() => host.seek(1)).toThrow('No scenario is loaded.');
    host.load(preset(0));
    expect(refusal(() => host.load({ ...preset(), v: 2 } as unknown as Scenario)).code).toBe('unknown-version');
    expect(refusal(() => host.load(null as unknown as Scenario)).code).toBe('invalid');
    expect(host.seek(99).total).toBe(PRESETS[0].scenario.steps.length);
  });

  it('loads at step 0 with the init events and one label per step', () => {
    const host = createEngineHost();
    const s = preset(2);
    const loaded = host.load(s);
    expect(loaded.protocol).toBe(PROTOCOL_VERSION);
    expect(loaded.frame).toMatchObject({ step: 0, total: s.steps.length, events: [{ type: 'lab.started' }], outcome: null });
    expect(loaded.labels).toEqual(s.steps.map((st) => intentLog.label(st.do)));
    expect(loaded.labels[0]).toBe('T1: BEGIN');
  });
});

describe('When the host moves along the timeline', () => {
  it('load, seek, runTo and reset give the same frame for the same step, in every lab', () => {
    for (const s of FIRST_OF_EACH_LAB) {
      const host = createEngineHost();
      const total = s.steps.length;
      const start = copy(host.load(s).frame);
      const bySeek = Array.from({ length: total + 1 }, (_, n) => copy(host.seek(n)));
      expect(bySeek[0]).toEqual(start);
      expect(copy(host.reset())).toEqual(start);
      const batch = copy(host.runTo(total));
      expect(batch.frame).toEqual(bySeek[total]);
      expect(batch.steps).toEqual(bySeek.slice(1).map((f) => ({ step: f.step, events: f.events })));
      for (let n = total; n >= 0; n--) expect(copy(host.seek(n))).toEqual(bySeek[n]);
      // Only the last step carries the outcome check.
      expect(bySeek.map((f) => f.outcome !== null)).toEqual(bySeek.map((f) => f.step === total));
      expect(copy(host.reset())).toEqual(start);
    }
  });

  it('offers recovery as the only suggestion after a crash', () => {
    const host = createEngineHost();
    const s = preset(0);
    host.load(s);
    const crashAt = s.steps.findIndex((st) => st.do.type === 'crash') + 1;
    expect(host.seek(crashAt).suggestions).toEqual([{ label: 'Restart and recover', action: { type: 'recover' } }]);
    expect(host.seek(1).suggestions.map((x) => x.label)).toEqual(['Crash now', 'Commit T1', 'Roll back T1']);
  });
});

/**
 * The host behind comlink over a real MessageChannel: the worker's path (postMessage's structured
 * clone, comlink's wire format) without the thread. `close` releases the proxy and both ports.
 */
function overChannel(): { remote: Remote<EngineApi>; close(): void } {
  const { port1, port2 } = new MessageChannel();
  expose(createEngineHost(), port1);
  const remote = wrap<EngineApi>(port2);
  return {
    remote,
    close() {
      remote[releaseProxy]();
      port1.close();
      port2.close();
    },
  };
}

/** The path to the first value in `x` that is not plain data (a Map, a class instance, a function...), or null. */
function notPlain(x: unknown, path = 'answer'): string | null {
  if (x === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof x)) return null;
  if (typeof x !== 'object') return `${path} (${typeof x})`;
  const proto = Object.getPrototypeOf(x);
  if (Array.isArray(x) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null)
    return `${path} (${proto?.constructor?.name ?? 'unknown'})`;
  for (const [k, v] of Object.entries(x)) {
    const bad = notPlain(v, `${path}.${k}`);
    if (bad) return bad;
  }
  return null;
}

/** The first preset of each lab, and random intent-log workloads. */
function scenariosToDrive(): Scenario[] {
  const random = fc.sample(workloadArb(), { seed: 21, numRuns: 12 }).map((w, i): Scenario => ({
    v: 1,
    lab: 'intent-log',
    title: `random ${i}`,
    seed: i,
    options: { tables: w.tables },
    steps: w.actions.map((a) => ({ do: a })),
  }));
  return [...FIRST_OF_EACH_LAB, ...random];
}

describe('When the engine answers through comlink, as the worker does', () => {
  it('every answer is plain data, equal to what a fresh host gives running forward to the same step (seed 21)', async () => {
    const scenarios = scenariosToDrive();
    const random = fc.sample(
      fc.array(fc.tuple(fc.constantFrom('seek', 'runTo', 'reset'), fc.integer({ min: -2, max: 40 })), { minLength: 1, maxLength: 6 }),
      { seed: 21, numRuns: scenarios.length },
    );
    /** To the end, back, forward and back again: each backward seek restores a snapshot, so a second one shows whether the first left it intact. */
    const tour = (total: number): [string, number][] => [
      ['seek', total],
      ['seek', 1],
      ['runTo', total],
      ['seek', Math.ceil(total / 2)],
      ['reset', 0],
      ['runTo', total],
    ];
    const moves = scenarios.map((s, i) => [...tour(s.steps.length), ...random[i]]);
    /** A new host that has only ever run forward, from step 0 to `at`. */
    const fresh = (s: Scenario, at: number) => {
      const host = createEngineHost();
      host.load(s);
      if (at > 0) host.runTo(at);
      return host;
    };
    for (const [i, s] of scenarios.entries()) {
      const { remote, close } = overChannel();
      try {
        const loaded = await remote.load(s);
        expect(notPlain(loaded)).toBeNull();
        expect(loaded).toStrictEqual(createEngineHost().load(s));
        let at = 0;
        for (const [op, n] of moves[i]) {
          const got = op === 'seek' ? await remote.seek(n) : op === 'runTo' ? await remote.runTo(n) : await remote.reset();
          const want = op === 'seek' ? fresh(s, 0).seek(n) : op === 'runTo' ? fresh(s, at).runTo(n) : fresh(s, 0).reset();
          expect(notPlain(got), `${s.title}: ${op}(${n})`).toBeNull();
          expect(got, `${s.title}: ${op}(${n})`).toStrictEqual(want);
          at = 'frame' in got ? got.frame.step : got.step;
        }
      } finally {
        close();
      }
    }
  });

  it('a Map in a frame is caught as not plain data', () => {
    expect(notPlain({ view: { pages: [{ rows: new Map() }] } })).toBe('answer.view.pages.0.rows (Map)');
  });
});

describe('When the engine runs in process', () => {
  it('refuses an invalid scenario with a rejected ScenarioError', async () => {
    const client = createInProcessClient();
    await expect(client.load({ ...preset(), title: 5 } as unknown as Scenario)).rejects.toBeInstanceOf(ScenarioError);
  });

  it('a frame it returned does not change when the engine moves on', async () => {
    const client = createInProcessClient();
    const s = preset(1);
    await client.load(s);
    const early = await client.seek(2);
    const before = copy(early);
    await client.seek(s.steps.length);
    await client.runTo(s.steps.length);
    expect(early).toEqual(before);
  });
});
