import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../engine/core/timeline';
import { durability } from '../../engine/durability/engine';
import { ActionSchema, ExpectedSchema, OptionsSchema } from '../../engine/durability/schema';
import { durabilityPresets } from './presets';

describe('Durability presets', () => {
  it('have unique preset ids and a narration on their first step', () => {
    const ids = durabilityPresets.map((s) => s.preset);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of durabilityPresets) expect(s.steps[0].say, s.preset).toBeTruthy();
  });

  for (const scenario of durabilityPresets) {
    describe(`When "${scenario.title}" is replayed`, () => {
      it('validates against the lab schema', () => {
        expect(v.safeParse(OptionsSchema, scenario.options).success).toBe(true);
        expect(v.safeParse(ExpectedSchema, scenario.expect).success).toBe(true);
        for (const s of scenario.steps) expect(v.safeParse(ActionSchema, s.do).issues, JSON.stringify(s.do)).toBeUndefined();
      });

      it('runs without a refused step and reaches its expected outcome', () => {
        const t = new Timeline(
          durability,
          { seed: scenario.seed, options: scenario.options, actions: scenario.steps.map((s) => s.do) },
          { snapshotEvery: 4 },
        );
        const { frames } = t.runTo(t.total);
        const refusals = frames.flatMap((f) =>
          f.events.filter((e) => e.type === 'action.refused').map((e) => `step ${f.step}: ${JSON.stringify(e)}`),
        );
        expect(refusals).toEqual([]);
        const result = durability.check(t.engineState, scenario.expect!);
        expect(result.failures).toEqual([]);
      });

      it('seeks back to any step and gets the same view as running forward', () => {
        const input = { seed: scenario.seed, options: scenario.options, actions: scenario.steps.map((s) => s.do) };
        const forward = new Timeline(durability, input, { snapshotEvery: 3 });
        const views = [JSON.stringify(forward.frame().view)];
        for (let i = 1; i <= forward.total; i++) views.push(JSON.stringify(forward.seek(i).view));
        for (let i = forward.total; i >= 0; i -= 2) expect(JSON.stringify(forward.seek(i).view)).toBe(views[i]);
      });
    });
  }
});
