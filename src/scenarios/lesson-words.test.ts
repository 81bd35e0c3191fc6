import { describe, expect, it } from 'vitest';
import { frameAt } from '../../test/support/frame-at';
import type { Expectation } from '../engine/core/lab';
import type { Scenario } from '../engine/scenario/schema';
import { PRESETS, presetById } from '.';

/** The end of a preset run with another expectation: its lines in words. */
function linesWith(id: string, expect: unknown): readonly Expectation[] {
  const s = { ...presetById(id)!.scenario, expect } as Scenario;
  return frameAt(s, s.steps.length).outcome?.expectations ?? [];
}

describe('Every preset states its goal', () => {
  it('in one or two plain sentences, saying what to watch', () => {
    expect(PRESETS).toHaveLength(58);
    for (const { id, scenario } of PRESETS) {
      const goal = scenario.goal ?? '';
      expect(goal.length, id).toBeGreaterThanOrEqual(80);
      expect(goal.length, id).toBeLessThanOrEqual(240);
      // Sentences: a full stop followed by a capital starts a new one.
      expect(goal.split(/[.:!?]\s+(?=[A-Z])/).length, `${id}: ${goal}`).toBeLessThanOrEqual(3);
      expect(goal, id).toMatch(/\bWatch\b/);
      expect(goal, id).toMatch(/\.$/);
    }
    expect(new Set(PRESETS.map((p) => p.scenario.goal)).size).toBe(PRESETS.length);
  });
});

describe('When an expectation does not hold, its line says what happened instead', () => {
  it('intent log: which transactions recovery undid', () => {
    const [line] = linesWith('recipe-all-or-none', { rolledBack: [] });
    expect(line).toEqual({ expected: 'recovery undoes no transaction', actual: 'recovery undoes T1', ok: false });
  });

  it('durability: the rows a table holds after recovery', () => {
    const [line] = linesWith('pg-bank-transfer-survives', { rows: { accounts: [{ key: 'alice', values: { balance: 71 } }] } });
    expect(line).toMatchObject({
      expected: 'accounts holds alice (balance 71)',
      actual: 'accounts holds alice (balance 70), bob (balance 80)',
    });
    expect(line.ok).toBe(false);
  });

  it('transactions: who did not fail, with the condition name of the SQLSTATE expected', () => {
    const lines = linesWith('txn-coupon-serializable', { errors: [{ session: 'ana', code: '40001' }] });
    expect(lines).toEqual([
      expect.objectContaining({ expected: 'ana fails with SQLSTATE 40001 (serialization failure)', actual: 'ana did not fail', ok: false }),
    ]);
  });

  it('kademlia: the path the lookup took, by node name', () => {
    const [line] = linesWith('kademlia-five-peers', { lastLookup: { path: ['B', 'D', 'E'] } });
    expect(line).toEqual({ expected: 'the lookup goes B → D → E', actual: 'it goes B → C → D → E', ok: false });
  });

  it('pool: the count the run reached', () => {
    const [line] = linesWith('pool-too-large', { refused: 50 });
    expect(line).toMatchObject({ expected: 'connections refused by the server: exactly 50', actual: '100', ok: false });
  });

  it("two-phase commit: a global transaction's fate on every participant", () => {
    const lines = linesWith('2pc-one-votes-no', { outcomes: { tx1: 'committed' } });
    expect(lines[1]).toEqual({
      expected: 'tx1 is committed on every participant',
      actual: 'tx1 is rolled back on every participant',
      ok: false,
    });
  });

  it('replication: the commits a failover lost', () => {
    const [line] = linesWith('repl-failover-loses-commits', { lostCommits: [] });
    expect(line).toMatchObject({ expected: 'no commit lost', actual: 'T2 lost', ok: false });
  });
});

describe('When a preset is about a failure, its end says the failure is the lesson', () => {
  it.each([
    ['pg-torn-page', /^Recovery failed, as this lesson expects: a torn page without a full-page image cannot be repaired/],
    ['txn-coupon-serializable', /^A serialization failure, as this lesson expects/],
    ['txn-deadlock', /^A deadlock, as this lesson expects/],
    ['pool-too-large', /^Refused, as this lesson expects/],
    ['2pc-coordinator-crash-in-doubt', /^No decision, as this lesson expects/],
    ['repl-failover-loses-commits', /^Lost, as this lesson expects/],
  ])('%s', (id, lesson) => {
    const end = frameAt(id, presetById(id)!.scenario.steps.length).outcome!;
    expect(end.ok).toBe(true);
    expect(end.expectations?.some((e) => e.ok && lesson.test(e.lesson ?? ''))).toBe(true);
  });

  it('and a preset whose expectations are all successes names no lesson', () => {
    const end = frameAt('pg-bank-transfer-survives', 6).outcome!;
    expect(end.expectations?.length).toBe(3);
    expect(end.expectations?.filter((e) => e.lesson)).toEqual([]);
  });
});
