import { describe, expect, it } from 'vitest';
import { openDurability, rowsOf } from '../../../test/support/durability';
import type { Action } from './types';
import { waldump } from './waldump';

/*
 * The figures come from PostgreSQL 15.18 (autovacuum off, full_page_writes on): accounts(name
 * text primary key, balance int) with alice, bob, carol; CHECKPOINT; two committed updates and a
 * delete; VACUUM, with and without a transaction holding back the horizon.
 */
const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
  { key: 'carol', values: { balance: 10 } },
];
const tx = (name: string, ...body: Action[]): Action[] => [{ type: 'begin', tx: name }, ...body, { type: 'commit', tx: name }];
const brief = (lines: string[]) =>
  lines.map(
    (l) => /rmgr: (\S+)\s+len \(rec\/tot\):\s+(\d+)\/\s*(\d+).*desc: (\S+)/.exec(l)!.slice(1).join(' ') + (l.includes('FPW') ? ' FPW' : ''),
  );

describe('VACUUM', () => {
  it('prunes HOT chains to redirects, removes a deleted row and its index entry, and marks the page all-visible, as PostgreSQL logs it', () => {
    const lab = openDurability({ tables: { accounts } });
    lab.run(
      { type: 'checkpoint' },
      ...tx('T1', { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -10 } }),
      ...tx('T2', { type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 10 } }),
      ...tx('T3', { type: 'delete', tx: 'T3', table: 'accounts', key: 'carol' }),
    );
    const before = lab.state.wal.records.length;
    lab.run({ type: 'vacuum', table: 'accounts' });
    const events = lab.events;
    expect(brief(waldump(lab.state).slice(before))).toEqual([
      'Heap2 64 64 PRUNE',
      'Btree 55 135 VACUUM FPW',
      'Heap2 50 50 VACUUM',
      'Heap2 64 8256 VISIBLE FPW',
    ]);
    expect(events.find((e) => e.type === 'table.vacuumed')).toMatchObject({ removed: 3, remain: 2, deadNotRemovable: 0, live: 2, dead: 0 });
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 90 }, bob: { balance: 60 } });
  });

  it('keeps versions a running transaction may still need: "dead but not yet removable" until it ends', () => {
    const lab = openDurability({ tables: { accounts } });
    lab.run(
      { type: 'checkpoint' },
      ...tx('T1', { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -10 } }),
      { type: 'begin', tx: 'OLD' },
      { type: 'insert', tx: 'OLD', table: 'accounts', key: 'zed', values: { balance: 1 } },
      ...tx('T2', { type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 10 } }),
      ...tx('T3', { type: 'delete', tx: 'T3', table: 'accounts', key: 'carol' }),
    );
    let at = lab.state.wal.records.length;
    lab.run({ type: 'vacuum', table: 'accounts' });
    const first = lab.events;
    expect(first.find((e) => e.type === 'table.vacuumed')).toMatchObject({ removed: 1, deadNotRemovable: 2, live: 2, dead: 2 });
    expect(brief(waldump(lab.state).slice(at))).toEqual(['Heap2 58 58 PRUNE']);
    lab.run({ type: 'abort', tx: 'OLD' });
    at = lab.state.wal.records.length;
    lab.run({ type: 'vacuum', table: 'accounts' });
    const second = lab.events;
    expect(second.find((e) => e.type === 'table.vacuumed')).toMatchObject({ removed: 3, deadNotRemovable: 0, live: 2, dead: 0 });
    expect(brief(waldump(lab.state).slice(at)).map((l) => l.split(' ').slice(0, 2).join(' ') + ' ' + l.split(' ')[3])).toEqual([
      'Heap2 62 PRUNE',
      'Btree 54 VACUUM', // ndeleted 2: carol and the rolled-back zed
      'Heap2 52 VACUUM',
      'Heap2 64 VISIBLE',
    ]);
  });
});
