import { describe, expect, it } from 'vitest';
import { transactionsPresets } from '../../scenarios/transactions/presets';
import { send, txnLab } from '../../../test/support/transactions';
import { timelineFor } from '../labs';
import { checkEvents } from './history';
import { verdictOf } from './view';

const verdictOfPreset = (id: string) => {
  const p = transactionsPresets.find((x) => x.preset === id);
  if (!p) throw new Error(id);
  const t = timelineFor(p);
  t.seek(t.total);
  return verdictOf(t.engineState);
};

describe('When the history checker reads what the presets provoke', () => {
  it.each([
    ['txn-lost-update-rc', 'G-single'],
    ['txn-write-skew', 'G2-item'],
    ['txn-dirty-read-textbook', 'G1a'],
    ['txn-coupon-serializable', null],
    ['txn-no-dirty-read', null],
    ['txn-recipe-for-update', null],
  ])('%s shows %s', (id, anomaly) => {
    expect(verdictOfPreset(id).anomaly).toBe(anomaly);
  });

  it('reaches the same verdict from the event log alone as from the state', () => {
    for (const p of transactionsPresets) {
      const t = timelineFor(p);
      const events = [...t.frame().events, ...t.runTo(t.total).frames.flatMap((f) => f.events)];
      expect(checkEvents(events), p.preset).toEqual(verdictOf(t.engineState));
    }
  });

  it('finds a predicate anti-dependency cycle (G2) when two Repeatable Read inserts miss each other', () => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);');
    for (const s of ['s1', 's2']) send(d, s, 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    send(d, 's1', 'SELECT * FROM t WHERE v % 3 = 0');
    send(d, 's2', 'SELECT * FROM t WHERE v % 3 = 0');
    send(d, 's1', 'INSERT INTO t VALUES (3, 30)');
    send(d, 's2', 'INSERT INTO t VALUES (4, 42)');
    send(d, 's1', 'COMMIT');
    send(d, 's2', 'COMMIT');
    const v = verdictOf(d.state);
    expect(v.anomaly).toBe('G2');
    expect(v.deps.filter((x) => x.kind === 'rw-pred')).toHaveLength(2);
  });

  it('finds an intermediate read (G1b) in the textbook dirty-read mode', () => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);', ['s1', 's2'], {
      textbookDirtyReads: true,
    });
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 101 WHERE id = 1');
    send(d, 's2', 'BEGIN ISOLATION LEVEL READ UNCOMMITTED');
    send(d, 's2', 'SELECT v FROM t');
    send(d, 's1', 'UPDATE t SET v = 11 WHERE id = 1');
    send(d, 's1', 'COMMIT');
    send(d, 's2', 'COMMIT');
    expect(verdictOf(d.state).anomalies).toContain('G1b');
  });
});
