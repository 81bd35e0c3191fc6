import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { send, type TxnDriver, type TxnEvent, txnLab, waiting } from '../../../test/support/transactions';
import { checkHistory } from './history';
import { VIEW_GRAPH_TXNS } from './history-trim';
import { txnRecords } from './txn-records';
import type { HistOp } from './types';
import { verdictOf } from './view';

const SETUP = 'CREATE TABLE kv (k int PRIMARY KEY, v int NOT NULL); INSERT INTO kv VALUES (1, 0), (2, 0), (3, 0);';
const SESSIONS = ['s1', 's2', 's3'];

const key = fc.integer({ min: 1, max: 4 });
const read = fc.oneof(
  key.map((k) => `SELECT v FROM kv WHERE k = ${k}`),
  fc.constant('SELECT k FROM kv WHERE v > 0'),
  fc.constant('SELECT sum(v) FROM kv'),
);
const op = fc.oneof(
  read,
  read,
  fc.constant('BEGIN'),
  fc.constant('BEGIN ISOLATION LEVEL REPEATABLE READ'),
  fc.constant('COMMIT'),
  fc.constant('COMMIT'),
  fc.constant('ROLLBACK'),
  fc.constant('SAVEPOINT a'),
  fc.constant('ROLLBACK TO a'),
  key.map((k) => `UPDATE kv SET v = v + 1 WHERE k = ${k}`),
  key.map((k) => `INSERT INTO kv VALUES (${k + 3}, 1)`),
  key.map((k) => `DELETE FROM kv WHERE k = ${k}`),
);

/** Bursts of steps in random sessions: open blocks overlap, and runs of lone SELECTs are quiet. */
const workload = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), op, fc.integer({ min: 0, max: 30 })), {
  minLength: 20,
  maxLength: 40,
});

/** Every op the run recorded: the setup's (none is ever dropped there), then those of the steps' events. */
const recorded = (events: readonly TxnEvent[], setup = SETUP): HistOp[] => [
  ...txnLab(setup, SESSIONS).state.history,
  ...events.flatMap((e): HistOp[] => (e.type === 'op.recorded' ? [e.op] : [])),
];

/** The view's graph (the newest transactions) equals the one over every op they recorded. */
function expectViewGraph(d: TxnDriver, events: readonly TxnEvent[]): void {
  const recent = txnRecords(d.state).slice(-VIEW_GRAPH_TXNS);
  const shown = new Set(recent.map((t) => t.vxid));
  expect(verdictOf(d.state, VIEW_GRAPH_TXNS)).toEqual(
    checkHistory(
      recorded(events).filter((o) => shown.has(o.t)),
      recent,
    ),
  );
}

/** Run the workload (each entry: a step, then that many lone SELECTs in the same session), keeping every event. */
function run(w: readonly [number, string, number][]) {
  const d = txnLab(SETUP, SESSIONS);
  const events: TxnEvent[] = [];
  for (const [i, sql, quiet] of w) {
    const s = SESSIONS[i];
    if (waiting(d, s)) continue;
    events.push(...send(d, s, sql));
    for (let q = 0; q < quiet && !waiting(d, s); q++) events.push(...send(d, s, `SELECT v FROM kv WHERE k = ${1 + (q % 3)}`));
    expectViewGraph(d, events);
  }
  for (const s of SESSIONS) if (!waiting(d, s) && d.state.sessions[s].txn) events.push(...send(d, s, 'COMMIT'));
  return { d, events };
}

describe('When the reads of quiet read-only transactions leave the history (fast-check, seed 20261206)', () => {
  it('the checker finds the same anomalies and cycle, and the view the same graph, as over every recorded read', () => {
    let trimmed = 0;
    fc.assert(
      fc.property(workload, (w) => {
        const { d, events } = run(w);
        const ops = recorded(events);
        if (d.state.history.length < ops.length) trimmed++;
        const full = checkHistory(ops, txnRecords(d.state));
        const kept = verdictOf(d.state);
        expect({ anomalies: kept.anomalies, cycle: kept.cycle }).toEqual({ anomalies: full.anomalies, cycle: full.cycle });
        expectViewGraph(d, events);
      }),
      { seed: 20261206, numRuns: 60 },
    );
    // The workloads are long enough that reads were dropped in most runs.
    expect(trimmed).toBeGreaterThan(30);
  });

  it('keeps the reads of a version its writer replaced in a rolled-back savepoint (an intermediate read, G1b)', () => {
    const setup = 'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10); CREATE TABLE u (id int PRIMARY KEY);';
    const d = txnLab(setup, ['s1', 's2']);
    const events: TxnEvent[] = [];
    for (const sql of [
      'BEGIN',
      'UPDATE t SET v = 101 WHERE id = 1',
      'SAVEPOINT a',
      'UPDATE t SET v = 102 WHERE id = 1',
      'ROLLBACK TO a',
      'COMMIT',
    ])
      events.push(...send(d, 's1', sql));
    for (let i = 0; i < 100; i++) events.push(...send(d, 's2', 'SELECT v FROM t WHERE id = 1'));
    // Writers push those reads out of the view's graph, then quiet reads of another table drop what can go.
    for (let i = 0; i < 60; i++) events.push(...send(d, 's2', `INSERT INTO u VALUES (${i})`));
    for (let i = 0; i < 200; i++) events.push(...send(d, 's2', 'SELECT id FROM u WHERE id = 1'));
    expect(d.state.history.length).toBeLessThan(recorded(events, setup).length);
    const full = checkHistory(recorded(events, setup), txnRecords(d.state));
    expect(full.anomalies).toContain('G1b');
    expect(verdictOf(d.state).anomalies).toEqual(full.anomalies);
  });
});
