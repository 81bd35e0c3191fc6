import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadArb } from '../../test/support/intent-log';
import { intentLog } from '../engine/intent-log/engine';
import { type Scenario, ScenarioError } from '../engine/scenario/schema';
import { PRESETS } from '../scenarios';
import { createInProcessClient } from './in-process';
import { createEngineHost } from './host';
import { PROTOCOL_VERSION } from './protocol';

type IntentLogScenario = Extract<Scenario, { lab: 'intent-log' }>;
/** These tests speak the intent-log lab's actions: take only its presets. */
const INTENT_LOG = PRESETS.map((p) => p.scenario).filter((s): s is IntentLogScenario => s.lab === 'intent-log');
const preset = (i = 0): IntentLogScenario => structuredClone(INTENT_LOG[i]);
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
    expect(loaded.frame).toMatchObject({ step: 0, total: s.steps.length, events: [{ type: 'init' }], outcome: null });
    expect(loaded.labels).toEqual(s.steps.map((st) => intentLog.label(st.do)));
    expect(loaded.labels[0]).toBe('T1: BEGIN');
  });
});

describe('When the host moves along the timeline', () => {
  it('load, seek, runTo and reset give the same frame for the same step', () => {
    for (const p of PRESETS) {
      const host = createEngineHost();
      const total = p.scenario.steps.length;
      const start = copy(host.load(p.scenario).frame);
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

describe('When the engine runs in process', () => {
  it('gives the same frames as the host for presets and random scenarios (seed 21)', async () => {
    const scenarios: Scenario[] = [
      ...PRESETS.map((p) => p.scenario),
      ...fc.sample(workloadArb(), { seed: 21, numRuns: 40 }).map(
        (w, i): Scenario => ({ v: 1, lab: 'intent-log', title: `random ${i}`, seed: i, options: { tables: w.tables }, steps: w.actions.map((a) => ({ do: a })) }),
      ),
    ];
    const moves = fc.sample(fc.array(fc.tuple(fc.constantFrom('seek', 'runTo', 'reset'), fc.integer({ min: -2, max: 70 })), { minLength: 1, maxLength: 8 }), { seed: 21, numRuns: scenarios.length });
    for (const [i, s] of scenarios.entries()) {
      const host = createEngineHost();
      const client = createInProcessClient();
      expect(await client.load(s)).toEqual(copy(host.load(s)));
      for (const [op, n] of moves[i]) {
        if (op === 'seek') expect(await client.seek(n)).toEqual(copy(host.seek(n)));
        else if (op === 'runTo') expect(await client.runTo(n)).toEqual(copy(host.runTo(n)));
        else expect(await client.reset()).toEqual(copy(host.reset()));
      }
      client.dispose();
    }
  });

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
