import { describe, expect, it } from 'vitest';
import { TxnTable } from './txn-table';

/** What the table needs of a transaction: its name (and here an xid and a status to tell them apart). */
interface Named {
  readonly name: string;
  readonly xid: number;
  status: string;
}

// Among 200,000 names six share a 30-bit hash with an earlier one, so both maps are used.
const NAMES = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? `T${i}` : `tx-${i}-é`));

describe('When a run holds many transactions', () => {
  const table = new TxnTable<Named>();
  NAMES.forEach((name, i) => table.add({ name, xid: 750 + i, status: 'active' }));

  it('finds each by its name, even one whose hash another name has', () => {
    const wrong = NAMES.filter((n, i) => table.get(n)?.xid !== 750 + i);
    expect(wrong).toEqual([]);
  });

  it('finds none for a name never added', () => {
    const found = Array.from({ length: 50_000 }, (_, i) => `U${i}`).filter((n) => table.get(n) !== undefined);
    expect(found).toEqual([]);
    expect(table.get('T0')).toBeUndefined();
  });

  it('lists them in the order they began, and a copy holds copies', () => {
    // Joined: a 200,000-item diff would take seconds to compute.
    expect([...table.values()].map((t) => t.name).join(' ')).toBe(NAMES.join(' '));
    expect(table.size).toBe(NAMES.length);
    const copy = table.copy();
    const t = copy.get('T1');
    if (!t) throw new Error('T1 is missing from the copy');
    t.status = 'committed';
    expect(table.get('T1')?.status).toBe('active');
    expect([...copy.values()].map((x) => x.name).join(' ')).toBe(NAMES.join(' '));
  });
});
