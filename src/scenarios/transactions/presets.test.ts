import { describe, expect, it } from 'vitest';
import { timelineFor } from '../../engine/labs';
import { parseScenario } from '../../engine/scenario/schema';
import { transactions } from '../../engine/transactions/engine';
import { transactionsCards } from './cards';
import type { TxnScenario } from './helpers';
import { transactionsPresets } from './presets';

const replay = (scenario: TxnScenario) => {
  const t = timelineFor(scenario);
  const frames = [t.frame()];
  for (let n = 1; n <= t.total; n++) frames.push(t.seek(n));
  return { t, frames };
};

describe.each(transactionsPresets.map((p) => [p.preset, p] as const))('When transactions preset %s is replayed', (_id, preset) => {
  it('passes schema validation unchanged', () => {
    expect(parseScenario(structuredClone(preset))).toEqual(preset);
  });

  it('reaches its expected outcome, and not without its last step', () => {
    const { t } = replay(preset);
    const expected = preset.expect ?? {};
    expect(transactions.check(t.engineState, expected)).toMatchObject({ ok: true, failures: [] });
    const c = timelineFor({ ...preset, steps: preset.steps.slice(0, -1) });
    c.seek(c.total);
    expect(transactions.check(c.engineState, expected).ok).toBe(false);
  });

  it('narrates every step and refuses none', () => {
    const { frames } = replay(preset);
    for (const f of frames.slice(1)) expect(f.events.map((e) => e.type)).not.toContain('action.refused');
    expect(preset.steps.every((s) => (s.say ?? '').length > 0)).toBe(true);
  });

  it('seeks backwards to the same view as running forward', () => {
    const { t, frames } = replay(preset);
    for (let n = t.total; n >= 0; n--) expect(t.seek(n).view).toEqual(frames[n].view);
  });
});

describe('When the gallery shows the transactions presets', () => {
  it('every preset has a card and every card a preset', () => {
    expect(Object.keys(transactionsCards).sort()).toEqual(transactionsPresets.map((p) => p.preset).sort());
  });
});
