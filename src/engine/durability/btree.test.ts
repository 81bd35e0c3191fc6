import { describe, expect, it } from 'vitest';
import { openDurability, rowsOf } from '../../../test/support/durability';
import { applyAction } from '../core/lab';
import { cloneState } from './clone';
import { durability } from './engine';
import type { Action, State } from './types';
import { waldump } from './waldump';

/*
 * The figures come from PostgreSQL 15.18 (autovacuum off, full_page_writes on): accounts(name
 * text primary key, balance int) with alice, bob, carol; CHECKPOINT; then one INSERT a
 * transaction, rising keys u0000, u0001... or random ones r00000..r99999 (an LCG, seed 7,
 * duplicates skipped). pg_waldump's Btree records other than INSERT_LEAF, in order.
 */
const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
  { key: 'carol', values: { balance: 10 } },
];

export function risingKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => 'u' + String(i).padStart(4, '0'));
}

export function randomKeys(n: number, seed = 7): string[] {
  let s = seed;
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const k = 'r' + String(s % 100000).padStart(5, '0');
    if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

function insertAll(keys: readonly string[]) {
  const lab = openDurability({ tables: { accounts } });
  const actions: Action[] = [{ type: 'checkpoint' }];
  keys.forEach((key, i) => {
    const tx = `T${i}`;
    actions.push({ type: 'begin', tx }, { type: 'insert', tx, table: 'accounts', key, values: { balance: i } }, { type: 'commit', tx });
  });
  lab.run(...actions);
  return lab;
}

const structural = (lines: string[]) =>
  lines
    .filter((l) => l.startsWith('rmgr: Btree') && !l.includes('INSERT_LEAF'))
    .map((l) => /len \(rec\/tot\):\s+(\d+)\/\s*(\d+),.*desc: (.*)$/.exec(l)!.slice(1).join(' ').replaceAll('16386', 'IDX'));

describe('The primary-key btree splits as PostgreSQL 15 splits it', () => {
  it('rising keys: the root leaf splits 90/10 (SPLIT_R, new item on the right) and a new root is made', () => {
    const lab = insertAll(risingKeys(500));
    expect(structural(waldump(lab.state))).toEqual([
      '752 752 SPLIT_R level 0, firstrightoff 367, newitemoff 408, postingoff 0, blkref #0: rel 1663/5/IDX blk 1, blkref #1: rel 1663/5/IDX blk 2',
      '122 122 NEWROOT lev 1, blkref #0: rel 1663/5/IDX blk 3, blkref #1: rel 1663/5/IDX blk 1, blkref #2: rel 1663/5/IDX blk 0',
    ]);
    const tree = lab.state.tables.accounts.index;
    expect(tree.root).toBe(3);
    expect(tree.pages[1]!.items).toHaveLength(366);
    expect(tree.pages[3]!.items.map((e) => e.down)).toEqual([1, 2]);
  });

  it('random keys: SPLIT_L on the root, then 50/50 splits of inner leaves with INSERT_UPPER into the root', () => {
    const lab = insertAll(randomKeys(1200));
    expect(structural(waldump(lab.state))).toEqual([
      '768 768 SPLIT_L level 0, firstrightoff 366, newitemoff 106, postingoff 0, blkref #0: rel 1663/5/IDX blk 1, blkref #1: rel 1663/5/IDX blk 2',
      '122 122 NEWROOT lev 1, blkref #0: rel 1663/5/IDX blk 3, blkref #1: rel 1663/5/IDX blk 1, blkref #2: rel 1663/5/IDX blk 0',
      '3384 3384 SPLIT_L level 0, firstrightoff 204, newitemoff 124, postingoff 0, blkref #0: rel 1663/5/IDX blk 1, blkref #1: rel 1663/5/IDX blk 4, blkref #2: rel 1663/5/IDX blk 2',
      '72 72 INSERT_UPPER off 2, blkref #0: rel 1663/5/IDX blk 3, blkref #1: rel 1663/5/IDX blk 1',
      '3368 3368 SPLIT_R level 0, firstrightoff 205, newitemoff 293, postingoff 0, blkref #0: rel 1663/5/IDX blk 4, blkref #1: rel 1663/5/IDX blk 5, blkref #2: rel 1663/5/IDX blk 2',
      '72 72 INSERT_UPPER off 3, blkref #0: rel 1663/5/IDX blk 3, blkref #1: rel 1663/5/IDX blk 4',
      '3384 3384 SPLIT_L level 0, firstrightoff 204, newitemoff 183, postingoff 0, blkref #0: rel 1663/5/IDX blk 1, blkref #1: rel 1663/5/IDX blk 6, blkref #2: rel 1663/5/IDX blk 4',
      '72 72 INSERT_UPPER off 2, blkref #0: rel 1663/5/IDX blk 3, blkref #1: rel 1663/5/IDX blk 1',
    ]);
    // Every leaf entry points at its row's current version, in key order across the leaves.
    const tree = lab.state.tables.accounts.index;
    const leaves: string[] = [];
    let block = tree.pages[tree.root]!.items[0].down;
    let left = 0;
    while (block !== 0) {
      const page = tree.pages[block]!;
      leaves.push(...page.items.map((e) => e.key!));
      // A split's right half sits between the left half and its old right sibling (whose btpo_prev it becomes).
      expect(page.left, `btpo_prev of leaf ${block}`).toBe(left);
      left = block;
      block = page.right;
    }
    expect(leaves).toEqual(Object.keys(rowsOf(lab, 'accounts')).sort());
  });

  it('a crash puts the index back at the REDO point and recovery replays its splits to the same pages', () => {
    const lab = insertAll(randomKeys(700));
    const before = structuredClone(lab.state.tables.accounts.index.pages);
    lab.run({ type: 'crash' });
    expect(lab.state.tables.accounts.index.pages).toHaveLength(2);
    lab.run({ type: 'recover' });
    const after = lab.state.tables.accounts.index.pages;
    expect(after.map((p) => p?.items.map((e) => [e.key, e.ctid, e.down]))).toEqual(
      before.map((p) => p?.items.map((e) => [e.key, e.ctid, e.down])),
    );
  });
});

describe('A snapshot shares the btree pages and each side copies one before changing it', () => {
  const insert = (i: number, key: string): Action[] => [
    { type: 'begin', tx: `S${i}` },
    { type: 'insert', tx: `S${i}`, table: 'accounts', key, values: { balance: i } },
    { type: 'commit', tx: `S${i}` },
  ];
  const keys = (s: State) => s.tables.accounts.index.pages.map((p) => p?.items.map((e) => e.key) ?? null);

  it('a snapshot taken before an insert does not see it; the state does', () => {
    const lab = insertAll(risingKeys(30));
    // Inserts after the checkpoint and before the snapshot: the leaf is this generation's, changed in place.
    lab.run(...insert(1, 'v1'), ...insert(2, 'v2'));
    const snapshot = cloneState(lab.state);
    const seen = structuredClone(keys(snapshot));
    lab.run(...insert(3, 'v3'), ...insert(4, 'v4'));
    expect(keys(lab.state)[1]).toEqual([...seen[1]!, 'v3', 'v4']);
    expect(keys(snapshot)).toEqual(seen);
    // The snapshot's own insert leaves the state alone, and the state's next one the snapshot.
    for (const a of insert(5, 'v0')) applyAction(durability, snapshot, a);
    expect(keys(snapshot)[1]).toEqual([...seen[1]!, 'v0'].sort());
    lab.run(...insert(6, 'v5'));
    expect(keys(lab.state)[1]).toEqual([...seen[1]!, 'v3', 'v4', 'v5']);
    expect(keys(snapshot)[1]).toEqual([...seen[1]!, 'v0'].sort());
  });

  it('a crash after changes in place puts the leaf back as it was at the REDO point', () => {
    const lab = insertAll(risingKeys(30));
    lab.run({ type: 'checkpoint' });
    const atRedo = structuredClone(keys(lab.state));
    lab.run(...insert(1, 'v1'), ...insert(2, 'v2'), ...insert(3, 'v3'));
    lab.run({ type: 'crash' });
    expect(keys(lab.state)).toEqual(atRedo);
  });
});
