import { describe, expect, it } from 'vitest';
import { openDurability, rowsOf } from '../../../test/support/durability';
import type { Action } from './types';

/*
 * The index scan under a read, UPDATE or DELETE by key (index-scan.ts): every live index entry of
 * the key, in (key, heap TID) order, has its heap page fetched and given a chance to be pruned;
 * an entry whose HOT chain is dead to everyone is marked LP_DEAD and later scans skip it.
 * Rows of 3 kB, two to a page: a and b on block 0, c on block 1.
 */
const wide = (key: string, balance: number) => ({ key, values: { balance, note: 'y'.repeat(3000) } });
const tables = { tables: { accounts: [wide('a', 1), wide('b', 2), wide('c', 3)] } };
const update = (tx: string, key: string): Action[] => [
  { type: 'begin', tx },
  { type: 'update', tx, table: 'accounts', key, add: { balance: 10 } },
  { type: 'commit', tx },
];
/** The accounts pages a step reached (read or hit), in order, as block numbers. */
const visited = (lab: ReturnType<typeof openDurability>) => {
  const rel = lab.state.tables.accounts.relfilenode;
  return lab.events.flatMap((e) =>
    (e.type === 'page.read' || e.type === 'page.hit') && e.page.startsWith(`${rel}/`) ? [Number(e.page.split('/')[1])] : [],
  );
};
const entries = (lab: ReturnType<typeof openDurability>, key: string) =>
  lab.state.tables.accounts.index.pages.flatMap((p) => (p && p.level === 0 ? p.items.filter((e) => e.key === key) : []));

describe('An index scan fetches every entry of its key', () => {
  it('after an UPDATE moved a row, a read fetches the old page first and prunes it; the dead entry is killed and skipped later', () => {
    const lab = openDurability(tables);
    lab.run(...update('T1', 'a'));
    // The row moved to block 1: the key has two entries, (0,1) then (1,2).
    expect(entries(lab, 'a').map((e) => [e.ctid >> 16, e.ctid & 0xffff])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    lab.run({ type: 'read', table: 'accounts', key: 'a' });
    expect(visited(lab)).toEqual([0, 1]);
    expect(lab.events.find((e) => e.type === 'page.pruned')).toMatchObject({ block: 0, dead: 1 });
    // The old entry's chain is a dead line pointer now: the scan marked it LP_DEAD (no WAL).
    expect(entries(lab, 'a').map((e) => e.dead === true)).toEqual([true, false]);
    lab.run({ type: 'read', table: 'accounts', key: 'a' });
    expect(visited(lab)).toEqual([1]);
    expect(rowsOf(lab, 'accounts').a).toEqual({ balance: 11, note: 'y'.repeat(3000) });
  });

  it("a DELETE's scan prunes an older entry's page before it deletes the row it finds on another", () => {
    const lab = openDurability(tables);
    // b moves to block 1 too: a (0,1) stays, b has (0,2) and (1,2); a transaction holds the horizon meanwhile.
    lab.run({ type: 'begin', tx: 'OLD' }, { type: 'update', tx: 'OLD', table: 'accounts', key: 'c', add: { balance: 1 } });
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 'accounts', key: 'b', add: { balance: 1 } });
    lab.run({ type: 'commit', tx: 'T1' }, { type: 'commit', tx: 'OLD' });
    const before = lab.state.wal.records.length;
    lab.run({ type: 'begin', tx: 'T2' }, { type: 'delete', tx: 'T2', table: 'accounts', key: 'b' });
    const kinds = lab.state.wal.records.slice(before).map((r) => r.kind);
    // The DELETE's scan: (0,2) on block 0 is pruned before the row it finds on block 1 is deleted.
    expect(kinds).toEqual(['PRUNE', 'DELETE']);
  });

  it('a DELETE fetches the entries after the one it changed once its record is written', () => {
    const lab = openDurability({ tables: { accounts: [...tables.tables.accounts, wide('d', 4)] } });
    // Room on block 0 (b deleted and vacuumed); c moves there from block 1 (full with d): its entries are (0,2), then (1,1).
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'delete', tx: 'T1', table: 'accounts', key: 'b' }, { type: 'commit', tx: 'T1' });
    lab.run({ type: 'vacuum', table: 'accounts' }, ...update('T2', 'c'));
    expect(entries(lab, 'c').map((e) => e.ctid >> 16)).toEqual([0, 1]);
    const before = lab.state.wal.records.length;
    lab.run({ type: 'begin', tx: 'T3' }, { type: 'delete', tx: 'T3', table: 'accounts', key: 'c' }, { type: 'commit', tx: 'T3' });
    // The DELETE on block 0 comes first; then the scan goes on to (1,1) and prunes block 1.
    expect(lab.state.wal.records.slice(before).map((r) => `${r.kind} ${r.block}`)).toEqual(['DELETE 0', 'PRUNE 1', 'COMMIT 0']);
  });
});
