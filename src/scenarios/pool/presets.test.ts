import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../engine/core/timeline';
import { poolLab } from '../../engine/pool/engine';
import { ActionSchema, ExpectedSchema, OptionsSchema } from '../../engine/pool/schema';
import { PRESETS } from '..';
import { poolCards, poolPresets } from './presets';

const timeline = (s: (typeof poolPresets)[number], every = 4) =>
  new Timeline(poolLab, { seed: s.seed, options: s.options, actions: s.steps.map((x) => x.do) }, { snapshotEvery: every });

describe('Connection pooling presets', () => {
  it('are the seven of the gallery, each with a card, in the pooling group', () => {
    expect(poolPresets.map((s) => s.preset)).toEqual([
      'pool-no-pool',
      'pool-of-10',
      'pool-too-small',
      'pool-too-large',
      'pool-leak',
      'pool-idle-timeout',
      'pool-spike',
    ]);
    for (const s of poolPresets) {
      expect(poolCards[s.preset]?.teaser, s.preset).toMatch(/\S/);
      expect(PRESETS.find((p) => p.id === s.preset)?.group).toBe('pooling');
    }
  });

  for (const scenario of poolPresets) {
    describe(`When "${scenario.title}" is replayed`, () => {
      it('validates against the lab schema', () => {
        expect(v.safeParse(OptionsSchema, scenario.options).issues).toBeUndefined();
        expect(v.safeParse(ExpectedSchema, scenario.expect).issues).toBeUndefined();
        for (const s of scenario.steps) expect(v.safeParse(ActionSchema, s.do).issues, JSON.stringify(s.do)).toBeUndefined();
      });

      it('runs without a refused step and reaches its expected outcome, which the start does not meet', () => {
        const t = timeline(scenario);
        const { frames } = t.runTo(t.total);
        const errors = frames.flatMap((f) => f.events.filter((e) => e.type === 'action.refused'));
        expect(errors).toEqual([]);
        expect(poolLab.check(t.engineState, scenario.expect!).failures).toEqual([]);
        t.seek(0);
        expect(poolLab.check(t.engineState, scenario.expect!).ok).toBe(false);
      });

      it('seeking back and forth gives the same view as running forward', () => {
        const forward = timeline(scenario, 1000);
        forward.runTo(forward.total);
        const end = poolLab.view(forward.engineState);
        const seeking = timeline(scenario, 2);
        seeking.seek(seeking.total);
        seeking.seek(1);
        seeking.seek(seeking.total);
        expect(poolLab.view(seeking.engineState)).toEqual(end);
      });
    });
  }
});
