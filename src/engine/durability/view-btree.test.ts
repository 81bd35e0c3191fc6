import { describe, expect, it } from 'vitest';
import { openDurability } from '../../../test/support/durability';
import type { Options } from './types';
import { view } from './view';

/** `n` one-row tables t0, t1, …: one heap page each. */
const tables = (n: number): Options['tables'] =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, [{ key: '1', values: { v: 0 } }]]));

const pagesOf = (lab: ReturnType<typeof openDurability>) => view(lab.state).heapItems.map((p) => `${p.table}/${p.block}`);

/** Update the row of each table named, one transaction each, in that order. */
function touch(lab: ReturnType<typeof openDurability>, names: readonly string[]): void {
  for (const table of names) {
    const tx = `T${lab.state.nextXid}`;
    lab.run({ type: 'begin', tx });
    lab.run({ type: 'update', tx, table, key: '1', add: { v: 1 } });
    lab.run({ type: 'commit', tx });
  }
}

describe('When a run has more heap pages than the line-pointer panel draws', () => {
  it('draws every page of a small run, in table and block order', () => {
    const lab = openDurability({ tables: tables(8) });
    touch(lab, ['t5', 't2']);
    expect(pagesOf(lab)).toEqual(['t0/0', 't1/0', 't2/0', 't3/0', 't4/0', 't5/0', 't6/0', 't7/0']);
    expect(view(lab.state).heapPages).toBe(8);
  });

  it('draws the eight pages with the newest page LSN, still in table and block order, and counts them all', () => {
    const lab = openDurability({ tables: tables(12) });
    // Before any change the pages tie: the first eight in table order.
    expect(pagesOf(lab)).toEqual(['t0/0', 't1/0', 't2/0', 't3/0', 't4/0', 't5/0', 't6/0', 't7/0']);
    touch(lab, ['t11', 't9', 't10', 't8']);
    expect(pagesOf(lab)).toEqual(['t0/0', 't1/0', 't2/0', 't3/0', 't8/0', 't9/0', 't10/0', 't11/0']);
    expect(view(lab.state).heapPages).toBe(12);
    // A change pushes out a page with the oldest LSN (of the pages never changed, the last in table order).
    touch(lab, ['t6']);
    expect(pagesOf(lab)).toEqual(['t0/0', 't1/0', 't2/0', 't6/0', 't8/0', 't9/0', 't10/0', 't11/0']);
  });

  it('orders the tables by their last change, newest first; tables never changed keep their order at the end', () => {
    const lab = openDurability({ tables: tables(10) });
    expect(view(lab.state).recentTables).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    touch(lab, ['t7', 't3', 't9', 't3']);
    expect(view(lab.state).recentTables).toEqual(['t3', 't9', 't7', 't0', 't1', 't2', 't4', 't5', 't6', 't8']);
  });
});
