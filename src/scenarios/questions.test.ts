import { beforeAll, describe, expect, it } from 'vitest';
import { timelineFor } from '../engine/labs';
import { answerAt, choicesAt, isProblem } from '../engine/questions';
import { loadSqlParser } from '../engine/sql/pg';
import { PRESETS, presetById } from '.';

beforeAll(async () => {
  await loadSqlParser();
});

/** Every question a preset asks, graded from the engine's frames: what the engine answers. */
const EXPECTED: Record<string, Record<number, string>> = {
  'txn-no-dirty-read': { 4: '100' },
  'txn-nonrepeatable-read-rr': { 4: '100' },
  'txn-coupon-serializable': { 8: 'ben' },
  'txn-check-oversell': { 5: 's2' },
  'txn-write-skew': { 8: 'none' },
  'txn-deadlock': { 6: 's1' },
  'pg-checkpoint-shortens-recovery': { 12: '0/10002D0' },
  'two-cooks-one-crash': { 8: 'T2' },
  'kademlia-five-peers': { 7: 'A' },
  'pool-too-large': { 3: '100' },
  'pool-leak': { 6: '5' },
  'pool-idle-timeout': { 6: '1' },
  '2pc-one-votes-no': { 5: 'abort' },
  'repl-async-stale-read': { 4: '90', 5: '100' },
  'repl-failover-loses-commits': { 8: '50' },
  'repl-vacuum-cancels-standby-query': { 10: '50' },
};

describe('When a preset step asks a question', () => {
  it('at least 12 presets across all seven labs ask, and the list above names every one', () => {
    const asking = PRESETS.filter((p) => p.scenario.steps.some((s) => s.ask));
    expect(asking.map((p) => p.scenario.preset).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(asking.length).toBeGreaterThanOrEqual(12);
    expect(new Set(asking.map((p) => p.scenario.lab)).size).toBe(7);
  });

  for (const [id, answers] of Object.entries(EXPECTED)) {
    it(`${id}: the engine's answer is one of the choices offered before the step, with a why`, () => {
      const scenario = presetById(id)?.scenario;
      if (!scenario) throw new Error(`no preset ${id}`);
      const asked = scenario.steps.flatMap((s, i) => (s.ask ? [i + 1] : []));
      expect(asked).toEqual(Object.keys(answers).map(Number));
      const timeline = timelineFor(scenario);
      for (const step of asked) {
        const about = scenario.steps[step - 1].ask?.about ?? '';
        const before = { lab: scenario.lab, ...timeline.seek(step - 1) };
        const after = { lab: scenario.lab, ...timeline.seek(step) };
        const choices = choicesAt(before as never, about);
        const answer = answerAt(after as never, before as never, about);
        if (isProblem(choices) || isProblem(answer)) throw new Error(`${id} step ${step}: ${JSON.stringify([choices, answer])}`);
        expect(answer.value).toBe(answers[step]);
        expect(choices).toContain(answer.value);
        expect(choices.length).toBeGreaterThan(1);
        expect(answer.why).toMatch(/\w.*\.$/);
      }
    });
  }
});
