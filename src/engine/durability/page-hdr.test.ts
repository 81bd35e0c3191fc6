import { describe, expect, it } from 'vitest';
import { applyAction } from '../core/lab';
import { runTpcb, setupTpcb } from './bench-workload';
import { durability } from './engine';
import type { HeapPage } from './page';
import { headersOf } from './page-hdr';
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

/** The pages whose `hdr` numbers are not what their tuples say. */
const mismatched = (state: State): string[] =>
  pages(state).flatMap(([where, p]) => (JSON.stringify(p.hdr) === JSON.stringify(headersOf(p.items)) ? [] : [where]));

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
});
