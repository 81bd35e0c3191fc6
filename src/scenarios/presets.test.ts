import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../engine/scenario/schema';
import { createEngineHost } from '../worker/host';
import { LAB_GROUPS, PRESETS, PRESETS_BY_LAB, presetById } from '.';

/** Load a preset into a fresh host, as the app does. */
function open(scenario: (typeof PRESETS)[number]['scenario']) {
  const host = createEngineHost();
  const loaded = host.load(scenario);
  return { host, loaded, total: scenario.steps.length };
}

describe('When the gallery lists the presets', () => {
  it('there is at least one, and every id is unique and names its own scenario', () => {
    expect(PRESETS.length).toBeGreaterThan(0);
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PRESETS) {
      expect(p.scenario.preset).toBe(p.id);
      expect(presetById(p.id)).toBe(p);
    }
    expect(presetById('no-such-preset')).toBeUndefined();
  });

  it('every lab has at least one preset, filed under its own lab, and every one is in the gallery', () => {
    for (const [lab, scenarios] of Object.entries(PRESETS_BY_LAB)) {
      expect(scenarios.length, lab).toBeGreaterThan(0);
      for (const s of scenarios) {
        expect(s.lab).toBe(lab);
        expect(PRESETS.some((p) => p.scenario === s)).toBe(true);
      }
    }
  });

  it('every card has a teaser, tags and a known group', () => {
    const groups: readonly string[] = LAB_GROUPS.map((g) => g.id);
    for (const p of PRESETS) {
      expect(p.teaser, p.id).toMatch(/\S/);
      expect(p.tags.length, p.id).toBeGreaterThan(0);
      expect(groups).toContain(p.group);
    }
  });
});

describe.each(PRESETS.map((p) => [p.id, p] as const))('When preset %s is replayed', (_id, preset) => {
  it('passes schema validation unchanged', () => {
    expect(parseScenario(structuredClone(preset.scenario))).toEqual(preset.scenario);
  });

  it('reaches its last step with its expected outcome', () => {
    const { host, total } = open(preset.scenario);
    expect(preset.scenario.expect).toBeDefined();
    const last = host.seek(total);
    expect(last.step).toBe(total);
    expect(last.outcome).toMatchObject({ ok: true, failures: [] });
    // Running forward in one batch agrees with the jump.
    host.reset();
    expect(host.runTo(total).frame.outcome).toMatchObject({ ok: true, failures: [] });
  });

  it('has a non-empty narration at every step and no refused action', () => {
    const { host, loaded, total } = open(preset.scenario);
    expect(loaded.frame.narration).toMatch(/\S/);
    for (let n = 1; n <= total; n++) {
      const frame = host.seek(n);
      expect(typeof frame.narration, `step ${n}`).toBe('string');
      expect(frame.narration, `step ${n}`).toMatch(/\S/);
      expect(
        frame.events.map((e) => e.type),
        `step ${n}`,
      ).not.toContain('action.refused');
      const say = preset.scenario.steps[n - 1].say;
      if (say !== undefined) expect(frame.narration).toBe(say);
    }
  });

  it('checks an outcome that depends on the steps: without the last one it fails', () => {
    const cut = { ...preset.scenario, steps: preset.scenario.steps.slice(0, -1) } as Scenario;
    const { host, total } = open(cut);
    const outcome = host.seek(total).outcome;
    expect(outcome?.ok).toBe(false);
    expect(outcome?.failures.length).toBeGreaterThan(0);
  });
});
