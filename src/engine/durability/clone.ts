import { copyPage } from './page';
import type { State } from './types';

/**
 * A snapshot copy for the timeline, cheaper than structuredClone on long runs: WAL records,
 * tuples and page images on disk are never mutated once made, so they are shared; btree pages
 * are shared and copied on their first change after the snapshot (on either side); what else
 * changes in place (frames and their pages, relations, transactions, counters) is copied.
 */
export function cloneState(s: State): State {
  const clone = <T extends object>(o: T): T => ({ ...o });
  const tables: State['tables'] = Object.create(null);
  for (const name in s.tables) {
    const index = s.tables[name].index;
    // Btree pages are shared, the arrays copied: a new clone generation on both sides makes either
    // copy a shared page before changing it (btree-page.ts, setPage). The one change to `s`.
    index.epoch += 1;
    tables[name] = {
      ...s.tables[name],
      pk: Object.assign(Object.create(null), s.tables[name].pk),
      index: { ...index, pages: index.pages.slice(), undo: index.undo.slice(), recorded: index.recorded.slice() },
      vm: { ...s.tables[name].vm },
      stats: { ...s.tables[name].stats },
      fsm: { ...s.tables[name].fsm },
      sizes: s.tables[name].sizes.slice(),
    };
  }
  const txns: State['txns'] = {};
  for (const name in s.txns) txns[name] = { ...s.txns[name], undo: s.txns[name].undo.slice() };
  return {
    clock: s.clock,
    rng: s.rng,
    settings: clone(s.settings),
    work: clone(s.work),
    quiet: s.quiet,
    now: s.now,
    phase: s.phase,
    tables,
    pool: {
      frames: s.pool.frames.map((f) => ({ ...f, page: f.page ? copyPage(f.page) : null })),
      map: clone(s.pool.map),
      hand: s.pool.hand,
      free: s.pool.free.slice(),
    },
    disk: { durable: clone(s.disk.durable), os: clone(s.disk.os), inFlight: s.disk.inFlight, torn: s.disk.torn.slice() },
    wal: { ...s.wal, records: s.wal.records.slice() },
    control: clone(s.control),
    redoRecPtr: s.redoRecPtr,
    // The running checkpoint is also the last entry of the history: keep them one object.
    ...cloneCheckpoints(s),
    clog: s.clog.slice(),
    clogDurable: s.clogDurable.slice(),
    nextXid: s.nextXid,
    txns,
    open: s.open.slice(),
    commitWaiters: s.commitWaiters.slice(),
    xidNames: clone(s.xidNames),
    bgwriter: clone(s.bgwriter),
    autovacuum: clone(s.autovacuum),
    counters: clone(s.counters),
    recovery: s.recovery
      ? { ...s.recovery, survived: s.recovery.survived.slice(), lost: s.recovery.lost.slice(), torn: s.recovery.torn.slice() }
      : null,
    crashes: s.crashes,
    // History points are never mutated: a slice shares them.
    history: s.history.slice(),
    historyEvery: s.historyEvery,
  };
}

function cloneCheckpoints(s: State): Pick<State, 'checkpoint' | 'checkpoints'> {
  const checkpoints = s.checkpoints.map((c) => ({ ...c }));
  const i = s.checkpoint ? s.checkpoints.indexOf(s.checkpoint) : -1;
  return { checkpoints, checkpoint: i >= 0 ? checkpoints[i] : s.checkpoint ? { ...s.checkpoint } : null };
}
