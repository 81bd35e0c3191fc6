import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../engine/core/timeline';
import { labs } from '../../engine/labs';
import { parseScenario } from '../../engine/scenario/schema';
import { createEngineHost } from '../../worker/host';
import { kademlia } from '../../engine/kademlia/engine';
import { ActionSchema, ExpectedSchema, OptionsSchema } from '../../engine/kademlia/schema';
import { HEAVY, type KademliaScenario, kademliaPresets } from './presets';

const timeline = (s: KademliaScenario, every = 4) =>
  new Timeline(kademlia, { seed: s.seed, options: s.options, actions: s.steps.map((x) => x.do) }, { snapshotEvery: every });

describe('Kademlia presets', () => {
  it('have unique preset ids and narration on every step', () => {
    const ids = kademliaPresets.map((s) => s.preset);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of kademliaPresets) for (const step of s.steps) expect(step.say, s.preset).toMatch(/\S/);
  });

  for (const scenario of kademliaPresets) {
    describe(`When "${scenario.title}" is replayed`, () => {
      it('validates against the lab schema', () => {
        expect(v.safeParse(OptionsSchema, scenario.options).issues).toBeUndefined();
        expect(v.safeParse(ExpectedSchema, scenario.expect).issues).toBeUndefined();
        for (const s of scenario.steps) expect(v.safeParse(ActionSchema, s.do).issues, JSON.stringify(s.do)).toBeUndefined();
      });

      it('runs without a refused step and reaches its expected outcome, which the last step decides', () => {
        const t = timeline(scenario);
        const { frames } = t.runTo(t.total);
        const errors = frames.flatMap((f) =>
          f.events.filter((e) => e.type === 'action.refused').map((e) => `step ${f.step}: ${JSON.stringify(e)}`),
        );
        expect(errors).toEqual([]);
        expect(kademlia.check(t.engineState, scenario.expect!).failures).toEqual([]);
        const cut = timeline({ ...scenario, steps: scenario.steps.slice(0, -1) });
        cut.seek(cut.total);
        expect(kademlia.check(cut.engineState, scenario.expect!).ok).toBe(false);
      });

      if (!HEAVY.includes(scenario.preset)) {
        it('seeks back to any step and gets the same view as running forward', () => {
          const t = timeline(scenario, 2);
          const views = [JSON.stringify(t.frame().view)];
          for (let i = 1; i <= t.total; i++) views.push(JSON.stringify(t.seek(i).view));
          for (let i = t.total; i >= 0; i--) expect(JSON.stringify(t.seek(i).view)).toBe(views[i]);
        });
      }
    });
  }
});

// Through the worker's host, as the app loads them: runs once the lab is registered in labs.ts.
describe.skipIf(!('kademlia' in labs))('Kademlia presets through the engine host', () => {
  for (const scenario of kademliaPresets.filter((s) => !HEAVY.includes(s.preset))) {
    it(`"${scenario.title}" passes scenario validation and reaches its expected outcome`, () => {
      const parsed = parseScenario(structuredClone(scenario));
      expect(parsed).toEqual(scenario);
      const host = createEngineHost();
      const loaded = host.load(parsed);
      expect(loaded.frame.narration).toMatch(/\S/);
      for (let n = 1; n <= scenario.steps.length; n++) {
        const frame = host.seek(n);
        expect(frame.narration).toBe(scenario.steps[n - 1].say);
        expect(frame.events.map((e) => e.type)).not.toContain('action.refused');
      }
      expect(host.seek(scenario.steps.length).outcome).toMatchObject({ ok: true, failures: [] });
      host.reset();
      expect(host.runTo(scenario.steps.length).frame.outcome).toMatchObject({ ok: true, failures: [] });
    });
  }
});
