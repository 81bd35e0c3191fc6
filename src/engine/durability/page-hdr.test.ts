import { describe, expect, it } from 'vitest';
import { applyAction } from '../core/lab';
import { runTpcb, setupTpcb } from './bench-workload';
import { durability } from './engine';
import type { HeapPage } from './page';
import { cloneState } from './clone';
import { beginScan, endScan, scanTo } from './index-scan';
import { ctidBlock } from './page';
import { headersFor, headersOf } from './page-hdr';
import { pageKey } from './storage';
import type { Action, State } from './types';

/** Every heap page the state holds: in buffers, in the kernel's cache, on disk, and in the WAL's page images. */
function pages(state: State): [string, HeapPage][] {
  const all: [string, HeapPage][] = [];
  state.pool.frames.forEach((f, i) => f.page && all.push([`frame ${i}`, f.page]));
  for (const [k, p] of Object.entries(state.disk.os)) all.push([`os ${k}`, p]);
  for (const [k, p] of Object.entries(state.disk.durable)) all.push([`disk ${k}`, p]);
  state.wal.records.forEach((r, i) => {
    if (r.fpi) all.push([`fpi ${i}`, r.fpi]);
    if (r.oldFpi) all.push([`old fpi ${i}`, r.oldFpi]);
  });
  return all;
}

/** Whether redo left the page's `hdr` stale (empty beside items), to be built on first read. */
const isStale = (p: HeapPage): boolean => p.hdr.length === 0 && p.items.length > 0;

/** The pages whose `hdr` numbers are neither stale nor what their tuples say. */
const mismatched = (state: State): string[] =>
  pages(state).flatMap(([where, p]) => (isStale(p) || JSON.stringify(p.hdr) === JSON.stringify(headersOf(p.items)) ? [] : [where]));

const stale = (state: State): number => pages(state).filter(([, p]) => isStale(p)).length;

describe('When pages keep their tuple headers as numbers', () => {
  it('the numbers match the tuples on every page after HOT updates, pruning, eviction, VACUUM, a crash and recovery', () => {
    const state = setupTpcb({ accounts: 3_000, frames: 24 });
    const run = (a: Action) => applyAction(durability, state, a);
    runTpcb(state, 1_500, 7);
    expect(state.wal.records.filter((r) => r.kind === 'PRUNE').length).toBeGreaterThan(100);
    expect(state.counters.evictions).toBeGreaterThan(0);
    expect(mismatched(state)).toEqual([]);
    run({ type: 'vacuum', table: 'pgbench_accounts' });
    run({ type: 'checkpoint' });
    runTpcb(state, 500, 8);
    expect(mismatched(state)).toEqual([]);
    run({ type: 'crash' });
    run({ type: 'recover' });
    expect(mismatched(state)).toEqual([]);
    runTpcb(state, 300, 9);
    expect(mismatched(state)).toEqual([]);
  });

  it('redo leaves them stale, and the forward path after recovery builds them when it reads them, as if they had been kept', () => {
    const state = setupTpcb({ accounts: 3_000, frames: 24 });
    const run = (a: Action) => applyAction(durability, state, a);
    runTpcb(state, 1_500, 7);
    run({ type: 'crash' });
    run({ type: 'recover' });
    expect(stale(state)).toBeGreaterThan(10);
    expect(mismatched(state)).toEqual([]);
    // The same state with every page's numbers built at once: the runs after must write the same WAL.
    const eager = cloneState(state);
    for (const [, p] of pages(eager)) if (isStale(p)) headersFor(p);
    expect(stale(eager)).toBe(0);
    const from = state.wal.records.length;
    runTpcb(state, 800, 9);
    runTpcb(eager, 800, 9);
    // Pages may hold stale or built numbers; the WAL, the pages and the index (LP_DEAD marks) must be the same.
    const tail = (s: State) =>
      JSON.stringify([s.wal.records.slice(from), s.pool.frames, s.tables.pgbench_accounts.index.pages], (k, v: unknown) =>
        k === 'hdr' ? undefined : v,
      );
    expect(state.wal.records.slice(from).filter((r) => r.kind === 'PRUNE').length).toBeGreaterThan(20);
    expect(tail(state) === tail(eager)).toBe(true);
    expect(mismatched(state)).toEqual([]);
  });

  it('an index scan after recovery walks the HOT chains of pages whose numbers redo left stale', () => {
    const state = setupTpcb({ accounts: 3_000, frames: 24 });
    runTpcb(state, 1_500, 7);
    applyAction(durability, state, { type: 'crash' });
    applyAction(durability, state, { type: 'recover' });
    // The index scan reaches every key's version on a stale page through its HOT chain (redirects included).
    const rel = state.tables.pgbench_accounts;
    const onStale = Object.keys(rel.pk).filter((k) => {
      const f = state.pool.map[pageKey(rel, ctidBlock(rel.pk[k]))];
      return f !== undefined && isStale(state.pool.frames[f].page!);
    });
    expect(onStale.length).toBeGreaterThan(100);
    // Pages not worth pruning on access, so the chain walk is the first to read their numbers.
    for (const f of state.pool.frames) if (f.page && isStale(f.page)) f.page.pruneXid = 0;
    const missed = onStale.filter((k) => {
      const scan = beginScan(rel, k);
      const frame = scanTo(state, scan, rel.pk[k], null);
      endScan(state, scan, null);
      return frame < 0;
    });
    expect(missed).toEqual([]);
  });
});
