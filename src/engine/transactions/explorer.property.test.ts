import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../core/timeline';
import type { Scenario } from '../scenario/schema';
import { threeByThree, txnPreset as preset } from '../../../test/support/transactions';
import { transactions } from './engine';
import { cellScenario, classify, explore } from './explorer';

/* The explorer's sweeps, in the slow project (vitest.config.ts); explorer.test.ts has the rest. */

type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;

/** Each session reads a row and increments another; a and c write the same row (waits, 40001s, write skew). */
const THREE = threeByThree([2, 3, 2]);

/** Replay a cell's scenario through the lab's normal timeline and classify where it ends. */
function replayCell(scenario: TxnScenario): ReturnType<typeof classify> {
  const actions = scenario.steps.map((s) => s.do);
  const t = new Timeline(transactions, { seed: scenario.seed, options: scenario.options, actions });
  const base = t.engineState;
  const start = { errors: base.errors.length, waitSeq: base.waitSeq };
  let skipped = 0;
  for (let n = 1; n <= actions.length; n++) {
    if (t.seek(n).events.some((e) => e.type === 'action.refused')) skipped++;
  }
  return classify(t.engineState, start, skipped);
}

describe('When every sampled cell is replayed in the lab', () => {
  it('classifies every sampled cell exactly as the explorer did (property, over four presets and a 3×3 scenario)', () => {
    const scenarios = [preset('txn-lost-update-rc'), preset('txn-write-skew'), preset('txn-deadlock'), preset('txn-unique-race'), THREE];
    const results = scenarios.map((s) => explore(s));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), fc.nat(), (k, pi, li) => {
        const r = results[k];
        const p = pi % r.permutations.length;
        const l = li % r.levels.length;
        expect(replayCell(cellScenario(scenarios[k], r, r.permutations[p], r.levels[l]))).toEqual(r.outcomes[p][l]);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('is deterministic and its answer survives a structured clone', () => {
    const a = explore(THREE);
    expect(a.permutations).toHaveLength(1680);
    // Anomalies are counted over the runs classed as such, not over those that could not run as written
    // (some of which commit a write skew too).
    expect(a.outcomes.some((row) => row.some((o) => o.kind === 'invalid' && o.anomaly))).toBe(true);
    for (const s of a.summary) expect(Object.values(s.anomalies).reduce((x, y) => x + y, 0)).toBe(s.counts.anomaly);
    expect(structuredClone(a)).toEqual(a);
    expect(explore(THREE)).toEqual(a);
  });
});
