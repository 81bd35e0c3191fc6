import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { send, type TxnDriver, txnLab, waiting } from '../../../test/support/transactions';
import type { IsoLevel } from './types';
import { verdictOf } from './view';

const SETUP = 'CREATE TABLE kv (k int PRIMARY KEY, v int NOT NULL); INSERT INTO kv VALUES (1, 0), (2, 0), (3, 0);';
const SESSIONS = ['s1', 's2', 's3'];

const key = fc.integer({ min: 1, max: 4 });
const op = fc.oneof(
  key.map((k) => `SELECT v FROM kv WHERE k = ${k}`),
  fc.constant('SELECT sum(v) FROM kv'),
  fc.constant('SELECT k FROM kv WHERE v > 0'),
  key.map((k) => `UPDATE kv SET v = v + 1 WHERE k = ${k}`),
  fc.tuple(key, fc.integer({ min: 0, max: 9 })).map(([k, c]) => `UPDATE kv SET v = ${c} WHERE k = ${k}`),
  key.map((k) => `INSERT INTO kv VALUES (${k + 3}, 1)`),
  key.map((k) => `DELETE FROM kv WHERE k = ${k}`),
  key.map((k) => `SELECT * FROM kv WHERE k = ${k} FOR UPDATE`),
  fc.constant('UPDATE kv SET v = v + 1 WHERE v = 0'),
);

const workload = fc.record({
  programs: fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  schedule: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 10, maxLength: 30 }),
});

/** Run the programs interleaved by the schedule (a blocked session's turn is skipped), then finish them. */
function run(iso: IsoLevel, w: { programs: string[][]; schedule: number[] }): TxnDriver {
  const d = txnLab(SETUP, SESSIONS);
  const steps = w.programs.map((p) => [`BEGIN ISOLATION LEVEL ${iso.toUpperCase()}`, ...p, 'COMMIT']);
  const pos = [0, 0, 0];
  const turn = (i: number) => {
    if (pos[i] >= steps[i].length || waiting(d, SESSIONS[i])) return false;
    send(d, SESSIONS[i], steps[i][pos[i]++]);
    return true;
  };
  for (const i of w.schedule) turn(i);
  for (let guard = 0; guard < 100 && pos.some((p, i) => p < steps[i].length || waiting(d, SESSIONS[i])); guard++) {
    if (![0, 1, 2].map(turn).some(Boolean)) break;
  }
  expect(
    SESSIONS.some((s) => waiting(d, s)),
    'every step finished',
  ).toBe(false);
  return d;
}

describe('When random concurrent workloads run (fast-check)', () => {
  it('Serializable never commits a dependency cycle (seed 20261124)', () => {
    fc.assert(
      fc.property(workload, (w) => {
        const v = verdictOf(run('serializable', w).state);
        expect(v.anomalies, JSON.stringify(v)).toEqual([]);
      }),
      { seed: 20261124, numRuns: 150 },
    );
  });

  it('Repeatable Read never shows G0, G1 or G-single (seed 424242)', () => {
    fc.assert(
      fc.property(workload, (w) => {
        const v = verdictOf(run('repeatable read', w).state);
        expect(
          v.anomalies.filter((a) => a !== 'G2-item' && a !== 'G2'),
          JSON.stringify(v.deps),
        ).toEqual([]);
      }),
      { seed: 424242, numRuns: 150 },
    );
  });

  it('Read Committed never shows G0 or G1 (seed 777)', () => {
    fc.assert(
      fc.property(workload, (w) => {
        const v = verdictOf(run('read committed', w).state);
        expect(v.anomalies.filter((a) => a.startsWith('G0') || a.startsWith('G1'))).toEqual([]);
      }),
      { seed: 777, numRuns: 150 },
    );
  });
});
