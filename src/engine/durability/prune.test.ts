import { describe, expect, it } from 'vitest';
import { openDurability, rowsOf } from '../../../test/support/durability';
import type { Action } from './types';
import { waldump } from './waldump';

/*
 * Pruning on access (heap_page_prune_opt). The figures come from PostgreSQL 15.18: accounts(name
 * text primary key, balance int), CHECKPOINT, then UPDATEs of alice, one transaction each.
 * With alice and bob only, the 167th UPDATE's index fetch prunes the page (free space 8,084 - 44 x 166
 * = 780 bytes, under BLCKSZ / 10 = 819) and logs PRUNE 388/388 (nredirected 1, 165 unused);
 * with 1.9 kB memos, the 3rd, 5th, 7th... UPDATE prunes (PRUNE 60, then 62 bytes).
 */
const bank = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
];
const memo = (key: string, balance: number) => ({ key, values: { balance, memo: `${key}: `.padEnd(1900, '.') } });
const update = (n: number, key = 'alice'): Action[] => [
  { type: 'begin', tx: `T${n}` },
  { type: 'update', tx: `T${n}`, table: 'accounts', key, add: { balance: 1 } },
  { type: 'commit', tx: `T${n}` },
];
/** The UPDATEs (numbered from 1) during which a PRUNE was logged, and the PRUNE lines. */
function prunes(tables: Parameters<typeof openDurability>[0], n: number) {
  const lab = openDurability(tables);
  lab.run({ type: 'checkpoint' });
  const at: number[] = [];
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const before = lab.state.wal.records.length;
    lab.run(...update(i));
    const dump = waldump(lab.state).slice(before);
    if (dump.some((l) => l.includes('PRUNE'))) at.push(i);
    lines.push(...dump.filter((l) => l.includes('PRUNE')));
  }
  return { lab, at, lines };
}
const size = (l: string) => /len \(rec\/tot\):\s+(\d+)\/\s*(\d+)/.exec(l)!.slice(1).join('/');

describe('Pruning on access', () => {
  it('prunes the bank page at the 167th HOT update of one row, as PostgreSQL 15 does, and keeps every row', () => {
    const { lab, at, lines } = prunes({ tables: { accounts: bank } }, 170);
    expect(at).toEqual([167]);
    expect(lines.map(size)).toEqual(['388/388']);
    expect(lines[0]).toContain('nredirected 1 ndead 0');
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 270 }, bob: { balance: 50 } });
  });

  it('prunes a page of wide rows every second update once it is full, with an event the line-pointer panel draws', () => {
    const { lab, at, lines } = prunes({ tables: { accounts: [memo('alice', 100), memo('bob', 50)] } }, 8);
    expect(at).toEqual([3, 5, 7]);
    expect(lines.map(size)).toEqual(['60/60', '62/62', '62/62']);
    const events = update(9).flatMap((a) => (lab.run(a), lab.events));
    expect(events.find((e) => e.type === 'page.pruned')).toMatchObject({ table: 'accounts', block: 0, redirected: 1, unused: 2 });
  });

  it('does not prune while a transaction that has written holds the horizon, and prunes once it ends', () => {
    const lab = openDurability({ tables: { accounts: [memo('alice', 100), memo('bob', 50)], other: [{ key: 'x', values: { v: 1 } }] } });
    lab.run({ type: 'begin', tx: 'OLD' }, { type: 'update', tx: 'OLD', table: 'other', key: 'x', add: { v: 1 } });
    lab.run(...update(1), ...update(2), { type: 'read', table: 'accounts', key: 'alice' });
    expect(lab.state.wal.records.some((r) => r.kind === 'PRUNE')).toBe(false);
    lab.run({ type: 'commit', tx: 'OLD' }, { type: 'read', table: 'accounts', key: 'alice' });
    expect(lab.events.some((e) => e.type === 'page.pruned')).toBe(true);
    expect(rowsOf(lab, 'accounts')).toMatchObject({ alice: { balance: 102 }, bob: { balance: 50 } });
  });
});
