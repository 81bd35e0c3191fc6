import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../scenario/schema';
import { scenarioStep, threeByThree, txnPreset } from '../../../test/support/transactions';
import { cellScenario, countInterleavings, explore, ExploreError, levelsFor, MAX_RUNS, type ExploreResult } from './explorer';
import { allPermutations, interleavings, type Spec } from './spec-parse';
import { runPermutation } from './spec-run';

type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;

const preset = txnPreset;
const step = scenarioStep;

/** Each session reads a row and increments another; a and c write the same row (waits, 40001s, write skew). */
const THREE = threeByThree([2, 3, 2]);

const cellOf = (r: ExploreResult, p: number, level: string) => r.outcomes[p][r.levels.indexOf(level as ExploreResult['levels'][number])];

describe('When the explorer enumerates the interleavings', () => {
  it('counts n! / (k1! k2! …): 70 for two sessions of four steps, 1,680 for three of three', () => {
    expect(countInterleavings([4, 4])).toBe(70);
    expect(countInterleavings([3, 3, 3])).toBe(1680);
    expect(countInterleavings([5, 5, 5, 5])).toBe(11_732_745_024);
  });

  it("gives exactly the isolation tester's permutations, in its order, each keeping every session's own order", () => {
    const lists = [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ];
    const perms = interleavings(lists);
    expect(perms).toHaveLength(1680);
    expect(new Set(perms.map((p) => p.join(','))).size).toBe(1680);
    for (const p of perms) for (const l of lists) expect(p.filter((i) => l.includes(i))).toEqual(l);
    const spec: Spec = {
      setup: [],
      teardown: null,
      permutations: [],
      sessions: lists.map((l, s) => ({
        name: `s${s}`,
        setup: null,
        teardown: null,
        steps: l.map((i) => ({ name: `st${i}`, session: `s${s}`, sql: '' })),
      })),
    };
    expect(allPermutations(spec)).toEqual(perms.map((p) => p.map((i) => `st${i}`)));
  });
});

describe('When the lost-update preset is explored', () => {
  const scenario = preset('txn-lost-update-rc');
  const r = explore(scenario);

  it('runs its 70 orders at Read Committed, Repeatable Read and Serializable (no Read Uncommitted outside textbook mode)', () => {
    expect(r.levels).toEqual(['read committed', 'repeatable read', 'serializable']);
    expect(r.permutations).toHaveLength(70);
    expect(r.runs).toBe(210);
    expect(r.permutations[r.original]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // s1 and s2 share a first letter, so the sessions are a and b.
    expect(r.sessions).toEqual([
      { name: 's1', short: 'a' },
      { name: 's2', short: 'b' },
    ]);
    expect(r.permutations[r.original].map((i) => r.steps[i].short).join(' ')).toBe('a1 b1 a2 b2 a3 b3 a4 b4');
  });

  it("finds the preset's own order lost (G-single) under Read Committed and stopped by 40001 under Repeatable Read and Serializable", () => {
    expect(cellOf(r, r.original, 'read committed')).toMatchObject({ kind: 'anomaly', anomaly: 'G-single', blocked: true, codes: [] });
    expect(cellOf(r, r.original, 'repeatable read')).toMatchObject({ kind: 'serialization', anomaly: null, codes: ['40001'] });
    expect(cellOf(r, r.original, 'serializable')).toMatchObject({ kind: 'serialization', anomaly: null, codes: ['40001'] });
  });

  it("never lets an anomaly through under Serializable, and sums each level's counts to the permutations", () => {
    for (const s of r.summary) expect(Object.values(s.counts).reduce((a, b) => a + b, 0)).toBe(70);
    expect(r.summary[2].anomalies).toEqual({});
    expect(r.summary[0].anomalies['G-single']).toBeGreaterThan(0);
    // Serial orders (all of s1 then all of s2, and the reverse) commit cleanly at every level.
    const serial = r.permutations.findIndex((p) => p.join(',') === '0,2,4,6,1,3,5,7');
    expect(r.outcomes[serial].map((o) => o.kind)).toEqual(['ok', 'ok', 'ok']);
  });

  it('marks an order invalid exactly when the isolation tester cannot run it (a step of a session still waiting, or left waiting)', () => {
    const spec: Spec = {
      setup: scenario.options.setup ?? [],
      teardown: null,
      permutations: [],
      sessions: r.sessions.map((s) => ({
        name: s.name,
        setup: null,
        teardown: null,
        steps: r.steps.flatMap((st) => (st.session === s.name ? [{ name: st.short, session: s.name, sql: st.sql }] : [])),
      })),
    };
    let invalid = 0;
    r.permutations.forEach((p, i) => {
      const out = runPermutation(
        spec,
        p.map((k) => r.steps[k].short),
      );
      const testerInvalid = out.includes('isolationtester: canceling step');
      expect(cellOf(r, i, 'read committed').kind === 'invalid').toBe(testerInvalid);
      if (testerInvalid) invalid++;
    });
    expect(invalid).toBeGreaterThan(0);
  });
});

describe('When other presets are explored', () => {
  it('write skew: G2-item under Read Committed and Repeatable Read, never under Serializable', () => {
    const r = explore(preset('txn-write-skew'));
    expect(cellOf(r, r.original, 'repeatable read')).toMatchObject({ kind: 'anomaly', anomaly: 'G2-item' });
    expect(r.summary.map((s) => s.anomalies['G2-item'] ?? 0)).toEqual([expect.any(Number), expect.any(Number), 0]);
    expect(r.summary[0].anomalies['G2-item']).toBeGreaterThan(0);
    expect(r.summary[2].counts.serialization).toBeGreaterThan(0);
  });

  it('deadlock: its own order ends in 40P01 at every level', () => {
    const r = explore(preset('txn-deadlock'));
    expect(r.outcomes[r.original].map((o) => o.kind)).toEqual(['deadlock', 'deadlock', 'deadlock']);
    expect(r.outcomes[r.original][0].codes).toContain('40P01');
  });

  it('unique race: another error class (23505) with the wait before it', () => {
    const r = explore(preset('txn-unique-race'));
    expect(cellOf(r, r.original, 'read committed')).toMatchObject({ kind: 'error', blocked: true });
    expect(cellOf(r, r.original, 'read committed').codes).toContain('23505');
  });

  it('names the sessions whose steps choose their own level, which the columns cannot change', () => {
    const r = explore(preset('txn-coupon-serializable'));
    expect(r.ownLevel).toEqual(['ana', 'ben']);
    expect(explore(preset('txn-lost-update-rc')).ownLevel).toEqual([]);
  });

  it('adds Read Uncommitted in textbook dirty-reads mode, where it differs from Read Committed', () => {
    const sc = preset('txn-dirty-read-textbook');
    expect(levelsFor(sc.options)).toEqual(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);
    const plain = {
      ...sc,
      steps: sc.steps.map((s) => ({ do: { ...s.do, sql: s.do.sql.replace(' ISOLATION LEVEL READ UNCOMMITTED', '') } })),
    };
    const r = explore(plain);
    expect(r.summary[0].anomalies.G1a ?? 0).toBeGreaterThan(0);
    expect(r.summary[1].anomalies.G1a ?? 0).toBe(0);
  });
});

describe('When a cell is replayed in the lab', () => {
  it("its scenario is valid, says which order and level it is, and drops the preset's narration and expectation", () => {
    const sc = preset('txn-lost-update-rc');
    const r = explore(sc);
    const cell = cellScenario(sc, r, r.permutations[5], 'serializable');
    expect(() => parseScenario(cell)).not.toThrow();
    expect(cell.title).toBe(`${sc.title} · ${r.permutations[5].map((i) => r.steps[i].short).join(' ')} at Serializable`);
    expect(cell.options.isolation).toEqual({ s1: 'serializable', s2: 'serializable' });
    expect(cell.steps.map((s) => s.do)).toEqual(r.permutations[5].map((i) => sc.steps[i].do));
    expect(cell).not.toHaveProperty('expect');
    expect(cell).not.toHaveProperty('preset');
    expect(cell.steps.some((s) => 'say' in s)).toBe(false);
  });
});

describe('When the explorer is given too much or nothing', () => {
  it('refuses more than MAX_RUNS runs with the counts in the message', () => {
    const sessions = ['a', 'b', 'c', 'd'];
    const big: TxnScenario = {
      ...THREE,
      options: { sessions },
      steps: sessions.flatMap((s) => [1, 2, 3, 4].map((n) => step(s, `SELECT ${n}`))),
    };
    expect(() => explore(big)).toThrow(ExploreError);
    expect(() => explore(big)).toThrow(
      `63,063,000 interleavings × 3 levels = 189,189,000 runs; the explorer runs at most ${MAX_RUNS.toLocaleString('en')}`,
    );
  });

  it('refuses a scenario without steps, and one whose setup fails', () => {
    expect(() => explore({ ...THREE, steps: [] })).toThrow('no steps');
    expect(() =>
      explore({ ...THREE, options: { ...THREE.options, setup: ['CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE t (id int)'] } }),
    ).toThrow(/setup fails \(42P07/);
  });
});
