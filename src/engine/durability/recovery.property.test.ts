import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAction } from '../core/lab';
import { durability, initState } from './engine';
import { heapRead } from './heap-read';
import { horizon } from './horizon';
import { diskImage } from './storage';
import type { Action, KeyedRow, State } from './types';
import { visibleRows } from './view';

/** One write of a transaction, resolved against the keys that exist when it runs. */
type Op = { kind: 'insert' | 'update' | 'delete'; pick: number; size: number };
type Txn = { ops: Op[]; abort: boolean; then: 'none' | 'checkpoint' | 'spread' | 'tick' | 'read' | 'vacuum'; pick: number };

const opFields = {
  kind: fc.constantFrom('insert', 'update', 'update', 'delete'),
  pick: fc.nat(),
  size: fc.integer({ min: 0, max: 1500 }),
};
const op = fc.record(opFields);
const txnFields = {
  ops: fc.array(op, { minLength: 1, maxLength: 4 }),
  abort: fc.boolean(),
  then: fc.constantFrom('none', 'none', 'checkpoint', 'spread', 'tick', 'tick', 'read', 'read', 'vacuum', 'vacuum'),
  pick: fc.nat(),
};
const txn = fc.record(txnFields);
const runFields = {
  frames: fc.integer({ min: 4, max: 6 }),
  sync: fc.boolean(),
  fpw: fc.boolean(),
  first: fc.array(txn, { minLength: 1, maxLength: 10 }),
  second: fc.array(txn, { minLength: 0, maxLength: 6 }),
  crashAt: fc.nat(),
  crashAt2: fc.nat(),
  // A REPEATABLE READ session that reads once and stays idle in transaction over some of the others.
  longAt: fc.nat(),
  longFor: fc.nat(),
};
const run = fc.record(runFields);

type Model = Map<string, { n: number; pad: string }>;
// Six rows a page over four pages, so a few frames mean evictions (and WAL-rule flushes).
const initial = (): KeyedRow[] => Array.from({ length: 24 }, (_, i) => ({ key: `k${i}`, values: { n: i, pad: 'p'.repeat(1200) } }));

/** Run transactions serially, remembering each committed one's effect on the model. */
function actions(
  txns: Txn[],
  start: Model,
  prefix: string,
  long: { at: number; for: number } = { at: -1, for: 0 },
  width = (size: number) => size,
): { acts: Action[]; commits: { tx: string; after: Model }[]; seen: Model | null } {
  const acts: Action[] = [];
  const commits: { tx: string; after: Model }[] = [];
  let committed = new Map(start);
  let fresh = 0;
  let seen: Model | null = null;
  const L = `${prefix}L`;
  txns.forEach((t, i) => {
    const tx = `${prefix}${i}`;
    if (i === long.at) {
      acts.push({ type: 'begin', tx: L, isolation: 'repeatable read' }, { type: 'read', tx: L, table: 't', key: 'k0' });
      seen = new Map(committed);
    }
    if (i === long.at + long.for) acts.push({ type: 'commit', tx: L });
    const mine = new Map(committed);
    acts.push({ type: 'begin', tx });
    for (const o of t.ops) {
      const keys = [...mine.keys()];
      const row = { n: o.size, pad: 'x'.repeat(width(o.size)) };
      if (o.kind === 'insert' || keys.length === 0) {
        const key = `${tx}-${fresh++}`;
        acts.push({ type: 'insert', tx, table: 't', key, values: row });
        mine.set(key, row);
      } else {
        const key = keys[o.pick % keys.length];
        if (o.kind === 'update') {
          acts.push({ type: 'update', tx, table: 't', key, set: row });
          mine.set(key, row);
        } else {
          acts.push({ type: 'delete', tx, table: 't', key });
          mine.delete(key);
        }
      }
    }
    acts.push({ type: t.abort ? 'abort' : 'commit', tx });
    if (!t.abort) {
      committed = mine;
      commits.push({ tx, after: mine });
    }
    if (t.then === 'checkpoint') acts.push({ type: 'checkpoint' });
    if (t.then === 'spread') acts.push({ type: 'checkpoint', spread: true });
    if (t.then === 'tick') acts.push({ type: 'tick', n: 1 });
    if (t.then === 'vacuum') acts.push({ type: 'vacuum', table: 't' });
    if (t.then === 'read') acts.push({ type: 'read', table: 't', key: `k${t.pick % 24}` });
  });
  if (long.at >= 0 && long.at < txns.length && long.at + long.for >= txns.length) acts.push({ type: 'commit', tx: L });
  return { acts, commits, seen };
}

/**
 * After a VACUUM: no version dead to every transaction (deleted or replaced by a commit before
 * the xmin horizon, or inserted by a rollback) keeps its storage, and no dead line pointer is left.
 */
function deadPastHorizon(state: State): string[] {
  const h = horizon(state).xmin;
  const rel = state.tables.t;
  const bad: string[] = [];
  for (let b = 0; b < rel.nblocks; b++) {
    const key = `${rel.relfilenode}/${b}`;
    const f = state.pool.map[key];
    const page = f !== undefined ? state.pool.frames[f].page : diskImage(state, key);
    page?.items.forEach((t, i) => {
      if (!t || t.lp === 'redirect') return;
      const aborted = state.clog[t.xmin] === 2;
      const gone = t.xmax !== 0 && state.clog[t.xmax] === 1 && t.xmax < h;
      if (t.lp === 'dead' || aborted || gone) bad.push(`(${b},${i + 1}) ${t.lp ?? ''} xmin ${t.xmin} xmax ${t.xmax} horizon ${h}`);
    });
  }
  return bad;
}

/** Rows as short comparable text: key, n and the padding's length. */
const show = (m: Model | KeyedRow[]) =>
  (Array.isArray(m) ? m.map((r) => [r.key, r.values as { n: number; pad: string }] as const) : [...m.entries()])
    .map(([k, v]) => `${k}=${v.n}/${v.pad.length}`)
    .sort()
    .join(' ');

/** VACUUMs checked, and those run while the idle REPEATABLE READ session held the horizon. */
const stats = { vacuums: 0, heldVacuums: 0, prunedOnAccess: 0 };

/** Run up to the crash point, crash, recover; return the model the survivors must match. */
function round(
  state: State,
  txns: Txn[],
  start: Model,
  prefix: string,
  crashAt: number,
  sync: boolean,
  long: { at: number; for: number },
  width?: (size: number) => number,
): { ok: boolean; model: Model; why: string } {
  const { acts, commits, seen } = actions(txns, start, prefix, long, width);
  const cut = crashAt % (acts.length + 1);
  const done = new Set<string>();
  const L = `${prefix}L`;
  for (const a of acts.slice(0, cut)) {
    const walBefore = state.wal.records.length;
    const refused = applyAction(durability, state, a).find((e) => e.type === 'action.refused');
    if (refused) return { ok: false, model: start, why: `refused ${JSON.stringify(a)}: ${JSON.stringify(refused)}` };
    if (a.type === 'commit') done.add(a.tx);
    // Pruning on access (a read, an UPDATE or a DELETE reached a nearly full page): every committed row is still visible.
    if (a.type !== 'vacuum' && state.wal.records.slice(walBefore).some((r) => r.kind === 'PRUNE')) {
      stats.prunedOnAccess += 1;
      const last = commits.filter((c) => done.has(c.tx)).pop();
      const want = show(last ? last.after : start);
      const got = show(visibleRows(state).rows.t);
      if (got !== want) return { ok: false, model: start, why: `after pruning on access (${JSON.stringify(a)}): rows ${got} vs ${want}` };
    }
    if (a.type !== 'vacuum') continue;
    stats.vacuums += 1;
    const kept = deadPastHorizon(state);
    if (kept.length > 0) return { ok: false, model: start, why: `dead versions kept past the horizon after VACUUM: ${kept.join('; ')}` };
    // The idle REPEATABLE READ session still reads what its snapshot saw: VACUUM kept what it needs.
    if (seen && state.txns[L]?.status === 'active') {
      stats.heldVacuums += 1;
      for (const key of ['k0', 'k5', 'k11', `${prefix}0-0`]) {
        const l = state.txns[L];
        const found = heapRead(state, state.tables.t, key, l.xid, null, l.snapshot);
        const got = found ? show([{ key, values: found.t.data }]) : '';
        const want = seen.has(key) ? show(new Map([[key, seen.get(key)!]])) : '';
        if (got !== want) return { ok: false, model: start, why: `${L} read ${key} as "${got}" after VACUUM, its snapshot saw "${want}"` };
      }
    }
  }
  applyAction(durability, state, { type: 'crash' });
  applyAction(durability, state, { type: 'recover' });
  if (state.phase === 'failed') return { ok: true, model: start, why: 'failed' };
  const acked = commits.filter((c) => done.has(c.tx));
  const survived = commits.filter((c) => state.txns[c.tx]?.status === 'committed');
  // Survivors are a prefix of the commit order; with synchronous_commit on, every acknowledged one.
  const prefixOk = survived.every((c, i) => c === commits[i]) && (!sync || survived.length === acked.length);
  const model = survived.length > 0 ? survived[survived.length - 1].after : start;
  const { rows, damaged } = visibleRows(state);
  const why = `${prefixOk ? '' : `survivors ${survived.map((c) => c.tx)} of ${acked.map((c) => c.tx)}; `}rows ${show(rows.t)} vs ${show(model)}; damaged ${damaged}`;
  return { ok: prefixOk && show(rows.t) === show(model) && damaged.length === 0, model, why };
}

describe('When a random workload crashes at a random step (seed 20240601)', () => {
  it('recovers exactly the committed transactions, in commit order, and VACUUM keeps only what a snapshot needs (1,000 cases)', () => {
    // What the runs went through, so the test proves it exercised the hard paths.
    const seen = { evictions: 0, tornRepaired: 0, tornFatal: 0, asyncLost: 0, skipped: 0, fpiRestored: 0 };
    const tally = (state: State) => {
      seen.evictions += state.counters.evictions;
      seen.tornRepaired += state.phase === 'failed' ? 0 : (state.recovery?.torn.length ?? 0);
      seen.tornFatal += state.phase === 'failed' ? 1 : 0;
      seen.asyncLost += Object.values(state.txns).filter((t) => t.status === 'lost' && t.acknowledged).length;
      seen.skipped += state.recovery?.skipped ?? 0;
      seen.fpiRestored += state.recovery?.fpiRestored ?? 0;
    };
    fc.assert(
      fc.property(run, (r) => {
        const { state } = initState(
          {
            frames: r.frames,
            synchronous_commit: r.sync,
            full_page_writes: r.fpw,
            wal_writer_delay: 3,
            checkpoint_timeout: 10,
            tables: { t: initial() },
          },
          1,
          true,
        );
        const start: Model = new Map(initial().map((row) => [row.key, row.values as { n: number; pad: string }]));
        const a = round(state, r.first, start, 'A', r.crashAt, r.sync, { at: r.longAt % (r.first.length + 1), for: 1 + (r.longFor % 4) });
        tally(state);
        if (r.fpw) expect(state.phase, a.why).toBe('running');
        if (state.phase === 'failed') {
          // Only without full_page_writes, and only because of a torn page.
          expect(r.fpw).toBe(false);
          expect(state.recovery!.torn.length).toBe(1);
          return;
        }
        expect(a.ok, a.why).toBe(true);
        const b = round(state, r.second, a.model, 'B', r.crashAt2, r.sync, { at: -1, for: 0 });
        tally(state);
        if ((state.phase as State['phase']) !== 'failed') expect(b.ok, b.why).toBe(true);
        else expect(r.fpw).toBe(false);
      }),
      { numRuns: 1000, seed: 20240601 },
    );
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
    for (const [what, n] of Object.entries(stats)) expect(n, what).toBeGreaterThan(0);
  });
});

/** No idle REPEATABLE READ session. */
const NO_LONG = { at: -1, for: 0 };

/**
 * The primary-key btree after recovery: every visible row has a leaf entry for its key,
 * the leaves hold their entries in key order along the sibling links, and every downlink leads to
 * a page whose keys are at or after the downlink's and before the next one's.
 */
function checkIndex(state: State): string | null {
  const rel = state.tables.t;
  const tree = rel.index;
  const leafEntries = new Set<string>();
  let prev: string | null = null;
  let block = tree.root;
  while (tree.pages[block]!.level > 0) block = tree.pages[block]!.items[0].down;
  for (; block !== 0; block = tree.pages[block]!.right) {
    for (const e of tree.pages[block]!.items) {
      if (prev !== null && e.key! < prev) return `leaf ${block}: ${e.key} after ${prev}`;
      prev = e.key;
      leafEntries.add(e.key!);
    }
  }
  // A heap-only version is reached through its chain's root, whose entry has the same key.
  for (const row of visibleRows(state).rows.t ?? []) if (!leafEntries.has(row.key)) return `no index entry for ${row.key}`;
  const walk = (b: number, lo: string | null, hi: string | null): string | null => {
    const page = tree.pages[b]!;
    for (const e of page.items)
      if (e.key !== null && ((lo !== null && e.key < lo) || (hi !== null && e.key >= hi)))
        return `page ${b}: ${e.key} outside [${lo}, ${hi})`;
    if (page.level === 0) return null;
    for (let i = 0; i < page.items.length; i++) {
      const bad = walk(page.items[i].down, i === 0 ? lo : page.items[i].key, i + 1 < page.items.length ? page.items[i + 1].key : hi);
      if (bad) return bad;
    }
    return null;
  };
  return walk(tree.root, null, null);
}

describe('When a workload that splits index pages crashes at a random step (seed 20240602)', () => {
  it("recovers the committed rows and a btree with every row's entry, in order (300 cases)", () => {
    // A root leaf all but full (405 of 407 short entries): a few inserts split it, more split its halves.
    const rows = (): KeyedRow[] => Array.from({ length: 405 }, (_, i) => ({ key: `k${i}`, values: { n: i, pad: '' } }));
    const small = (size: number) => size % 24;
    // Transactions of up to 12 writes, mostly inserts: each insert adds an index entry.
    const writes = fc.array(fc.record({ ...opFields, kind: fc.constantFrom<Op['kind']>('insert', 'insert', 'update', 'delete') }), {
      maxLength: 12,
    });
    const busy = fc.record({ ...txnFields, ops: writes.filter((o) => o.length > 0) });
    const many = fc.record({
      ...runFields,
      first: fc.array(busy, { minLength: 4, maxLength: 16 }),
      second: fc.array(busy, { maxLength: 8 }),
    });
    let splits = 0;
    fc.assert(
      fc.property(many, (r) => {
        const { state } = initState(
          { frames: r.frames, synchronous_commit: r.sync, full_page_writes: true, checkpoint_timeout: 10, tables: { t: rows() } },
          1,
          true,
        );
        const start: Model = new Map(rows().map((row) => [row.key, row.values as { n: number; pad: string }]));
        const a = round(state, r.first, start, 'A', r.crashAt, r.sync, NO_LONG, small);
        expect(a.ok, a.why).toBe(true);
        expect(checkIndex(state)).toBeNull();
        const b = round(state, r.second, a.model, 'B', r.crashAt2, r.sync, NO_LONG, small);
        expect(b.ok, b.why).toBe(true);
        expect(checkIndex(state)).toBeNull();
        splits += state.tables.t.index.pages.filter((p) => p !== null).length - 1;
      }),
      { numRuns: 300, seed: 20240602 },
    );
    expect(splits).toBeGreaterThan(300);
  });
});
