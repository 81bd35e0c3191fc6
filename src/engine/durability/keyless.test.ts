import { describe, expect, it } from 'vitest';
import { openDurability } from '../../../test/support/durability';
import { setupTpcb } from './bench-workload';
import { withoutPrimaryKey } from './relation';

/*
 * A table without a primary key (relation.ts, withoutPrimaryKey), as pgbench -i creates
 * pgbench_history: an INSERT writes its heap record alone, and the lab refuses what would scan it.
 */
const open = () => {
  const lab = openDurability({ tables: { history: [] } });
  withoutPrimaryKey(lab.state.tables.history);
  return lab;
};
const walKinds = (lab: ReturnType<typeof openDurability>) => lab.log.flatMap((e) => (e.type === 'wal.inserted' ? [e.kind] : []));

describe('When a table has no primary key', () => {
  it('an INSERT logs its heap record and no btree record, and a repeated key is no duplicate', () => {
    const lab = open();
    lab.run(
      { type: 'begin', tx: 'T1' },
      { type: 'insert', tx: 'T1', table: 'history', key: '1', values: { delta: 5 } },
      { type: 'insert', tx: 'T1', table: 'history', key: '1', values: { delta: 6 } },
      { type: 'commit', tx: 'T1' },
    );
    expect(walKinds(lab)).toEqual(['INSERT', 'INSERT', 'COMMIT']);
    expect(lab.state.tables.history.index.pages.flatMap((p) => p?.items ?? [])).toEqual([]);
  });

  it('a read, an UPDATE, a DELETE and a VACUUM of it are refused', () => {
    const lab = open();
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'insert', tx: 'T1', table: 'history', key: '1', values: { delta: 5 } });
    for (const action of [
      { type: 'read', tx: 'T1', table: 'history', key: '1' },
      { type: 'update', tx: 'T1', table: 'history', key: '1', add: { delta: 1 } },
      { type: 'delete', tx: 'T1', table: 'history', key: '1' },
      { type: 'vacuum', table: 'history' },
    ] as const) {
      lab.try(action);
      expect(lab.refusal, action.type).toMatch(/has no primary key/);
    }
  });

  it('autovacuum checks it and leaves it alone', () => {
    const lab = openDurability({ tables: { history: [] }, autovacuum: true, autovacuum_vacuum_insert_threshold: 1 });
    withoutPrimaryKey(lab.state.tables.history);
    lab.run({ type: 'begin', tx: 'T1' });
    for (const key of ['1', '2', '3']) lab.run({ type: 'insert', tx: 'T1', table: 'history', key, values: { delta: 5 } });
    lab.run({ type: 'commit', tx: 'T1' }, { type: 'tick', n: 120 });
    expect(lab.log.filter((e) => e.type === 'autovacuum.checked').map((e) => e.vacuum)).toContain(false);
    expect(lab.log.some((e) => e.type === 'autovacuum.checked' && e.vacuum)).toBe(false);
    expect(lab.state.tables.history.stats.autovacuums).toBe(0);
  });

  it('a table that holds rows keeps its primary key', () => {
    const lab = openDurability({ tables: { t: [{ key: 'a', values: { v: 1 } }] } });
    expect(() => withoutPrimaryKey(lab.state.tables.t)).toThrow(/has rows/);
  });
});

describe('The TPC-B workload', () => {
  it('has pgbench_history without a primary key, as pgbench -i makes it', () => {
    expect(setupTpcb({ accounts: 100 }).tables.pgbench_history.keyless).toBe(true);
  });
});
