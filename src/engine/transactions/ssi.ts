import { SQLSTATE, SqlError } from '../sql/errors';
import type { Emit } from './events';
import { inSnapshot, isOwnXid, TUPLES_PER_PAGE } from './mvcc';
import { topXidOf } from './savepoint';
import type { SireadLock, Snapshot, State, Sxact, Txn, Xid } from './types';

/*
 * Serializable Snapshot Isolation as predicate.c does it: SIREAD locks, rw-antidependency
 * edges between concurrent serializable transactions, and the dangerous-structure checks
 * (a pivot with an rw-conflict in and out, where the transaction at the end committed first).
 */

const RW_MESSAGE = 'could not serialize access due to read/write dependencies among transactions';
const fail = () => new SqlError(SQLSTATE.serialization_failure, RW_MESSAGE);

/** Register a SERIALIZABLEXACT when a serializable transaction takes its snapshot. */
export function registerSxact(state: State, txn: Txn, session: string, snap: Snapshot): void {
  const id = state.ssi.sxacts.length;
  state.ssi.sxacts.push({
    id,
    session,
    vxid: txn.vxid,
    xid: txn.xid,
    snapshotSeq: snap.seq,
    snapshotXmin: snap.xmin,
    prepareSeq: 0,
    commitSeq: 0,
    finishedBefore: 0,
    committed: false,
    rolledBack: false,
    doomed: false,
    readOnly: false,
    conflictOut: false,
    earliestOutConflictCommit: 0,
    outs: [],
    ins: [],
  });
  txn.sxact = id;
}

const sx = (state: State, txn: Txn | null): Sxact | null => (txn && txn.sxact >= 0 ? state.ssi.sxacts[txn.sxact] : null);

function checkDoomed(me: Sxact): void {
  if (me.doomed) throw fail();
}

/** CheckForSerializableConflictOutNeeded: a doomed transaction fails at the next tuple it examines. */
export function ssiCheckDoomed(state: State, txn: Txn | null): void {
  const me = sx(state, txn);
  if (me) checkDoomed(me);
}

/** The sxact of the transaction that wrote with `xid`, if it is a serializable one. */
function sxactOfXid(state: State, sub: Xid): Sxact | null {
  const xid = topXidOf(state, sub);
  for (let i = state.ssi.sxacts.length - 1; i >= 0; i--) if (state.ssi.sxacts[i].xid === xid) return state.ssi.sxacts[i];
  return null;
}

/** PredicateLockRelation / PredicateLockTID / an index leaf page lock. */
export function predicateLock(state: State, txn: Txn | null, table: string, tuple: number, index: string | null): void {
  const me = sx(state, txn);
  if (!me) return;
  const page = tuple >= 0 && index === null ? pageOf(tuple) : null;
  const mine = (l: SireadLock) => l.sx === me.id && l.table === table;
  const covered = (l: SireadLock) =>
    mine(l) && ((l.tuple === -1 && l.index === null) || (l.tuple === tuple && l.index === index) || (page !== null && l.page === page));
  if (state.ssi.locks.some(covered)) return;
  state.ssi.locks.push({ sx: me.id, table, tuple, index });
  if (page === null) return;
  // CheckAndPromotePredicateLockRequest: more tuple locks on one page than max_pred_locks_per_page
  // become one lock on the page; more page and tuple locks on one relation than its limit, one
  // lock on the relation.
  const onPage = (l: SireadLock) => mine(l) && l.index === null && l.tuple >= 0 && pageOf(l.tuple) === page;
  if (state.ssi.locks.filter(onPage).length > MAX_PRED_LOCKS_PER_PAGE) {
    state.ssi.locks = state.ssi.locks.filter((l) => !onPage(l));
    state.ssi.locks.push({ sx: me.id, table, tuple: -2, index: null, page });
  }
  const onRelation = (l: SireadLock) => mine(l) && l.index === null && l.tuple !== -1;
  if (state.ssi.locks.filter(onRelation).length > MAX_PRED_LOCKS_PER_RELATION) {
    state.ssi.locks = state.ssi.locks.filter((l) => !onRelation(l));
    state.ssi.locks.push({ sx: me.id, table, tuple: -1, index: null });
  }
}

/** max_pred_locks_per_page (default 2). */
const MAX_PRED_LOCKS_PER_PAGE = 2;
/** max_pred_locks_per_relation's default (-2): max_pred_locks_per_transaction (64) / 2 - 1. */
const MAX_PRED_LOCKS_PER_RELATION = 64 / 2 - 1;

const pageOf = (tuple: number) => Math.floor(tuple / TUPLES_PER_PAGE);

/**
 * CheckForSerializableConflictOut: the reader met a version whose writer `xid` is concurrent
 * (an invisible insert, or a delete/update it cannot see): reader --rw--> writer.
 */
export function conflictOut(state: State, txn: Txn | null, snap: Snapshot, xid: Xid, emit: Emit): void {
  const me = sx(state, txn);
  if (!me || xid === 0 || isOwnXid(txn, xid)) return;
  checkDoomed(me);
  if (!inSnapshot(snap, xid)) return;
  const writer = sxactOfXid(state, xid);
  if (!writer || writer.rolledBack || writer.id === me.id) return;
  flag(state, me, writer, me, emit);
}

/**
 * CheckForSerializableConflictIn: the writer touches a tuple (or inserts into a table or index)
 * that concurrent serializable transactions hold SIREAD locks on: each such reader --rw--> writer.
 * With `heap` false only index locks count (the check _bt_check_unique makes before a duplicate-key error).
 */
export function conflictIn(
  state: State,
  txn: Txn,
  table: string,
  tuple: number,
  indexes: readonly string[],
  emit: Emit,
  heap = true,
): void {
  const me = sx(state, txn);
  if (!me) return;
  checkDoomed(me);
  const readers = new Set<number>();
  for (const l of state.ssi.locks) {
    if (l.sx === me.id || l.table !== table) continue;
    const hit =
      l.index !== null
        ? indexes.includes(l.index)
        : heap && (l.tuple === -1 || (tuple >= 0 && (l.tuple === tuple || l.page === pageOf(tuple))));
    if (hit) readers.add(l.sx);
  }
  for (const id of readers) {
    const r = state.ssi.sxacts[id];
    if (r.doomed || r.rolledBack) continue;
    if (r.committed && !(me.snapshotXmin < r.finishedBefore)) continue;
    flag(state, r, me, me, emit);
  }
}

function flag(state: State, reader: Sxact, writer: Sxact, me: Sxact, emit: Emit): void {
  if (reader.outs.includes(writer.id)) return;
  reader.outs.push(writer.id);
  writer.ins.push(reader.id);
  emit({ type: 'rwConflict.flagged', reader: reader.session, writer: writer.session });
  if (!dangerous(state, reader, writer)) return;
  if (writer.id === me.id || writer.committed) throw fail();
  writer.doomed = true;
  emit({ type: 'txn.doomed', session: writer.session });
}

/** OnConflict_CheckForSerializationFailure, with prepared == committed (the lab commits atomically). */
function dangerous(state: State, reader: Sxact, writer: Sxact): boolean {
  const all = state.ssi.sxacts;
  if (writer.committed && writer.conflictOut) return true;
  for (const id of writer.outs) {
    const t2 = all[id];
    if (
      t2.committed &&
      (!reader.committed || t2.prepareSeq <= reader.commitSeq) &&
      (!writer.committed || t2.prepareSeq <= writer.commitSeq) &&
      (!reader.readOnly || t2.prepareSeq <= reader.snapshotSeq)
    )
      return true;
  }
  if (writer.committed && !reader.readOnly) {
    for (const id of reader.ins) {
      const t0 = all[id];
      if (
        !t0.doomed &&
        !t0.rolledBack &&
        (!t0.committed || t0.commitSeq >= writer.prepareSeq) &&
        (!t0.readOnly || t0.snapshotSeq >= writer.prepareSeq)
      )
        return true;
    }
  }
  return false;
}

/** PreCommit_CheckForSerializationFailure and the commit bookkeeping of ReleasePredicateLocks. */
export function ssiCommit(state: State, txn: Txn, emit: Emit): void {
  const me = sx(state, txn);
  if (!me) return;
  if (me.doomed) throw fail();
  const all = state.ssi.sxacts;
  for (const nearId of me.ins) {
    const near = all[nearId];
    if (near.committed || near.doomed || near.rolledBack) continue;
    for (const farId of near.ins) {
      const far = all[farId];
      if (far.id === me.id || (!far.committed && !far.readOnly && !far.doomed && !far.rolledBack)) {
        near.doomed = true;
        emit({ type: 'txn.doomed', session: near.session });
        break;
      }
    }
  }
  me.prepareSeq = ++state.ssi.lastCommitSeq;
  me.commitSeq = ++state.ssi.lastCommitSeq;
  me.committed = true;
  me.finishedBefore = state.nextXid;
  me.xid = txn.xid;
  if (!txn.wrote) me.readOnly = true;
  for (const id of me.outs) {
    const t = all[id];
    if (t.committed && !me.readOnly) {
      if (!me.conflictOut || t.prepareSeq < me.earliestOutConflictCommit) me.earliestOutConflictCommit = t.prepareSeq;
      me.conflictOut = true;
    }
  }
}

/** Abort: the sxact's locks and edges go away. */
export function ssiAbort(state: State, txn: Txn): void {
  const me = sx(state, txn);
  if (!me) return;
  me.rolledBack = true;
  me.finishedBefore = state.nextXid;
  state.ssi.locks = state.ssi.locks.filter((l) => l.sx !== me.id);
  for (const s of state.ssi.sxacts) {
    if (s.outs.includes(me.id)) s.outs = s.outs.filter((x) => x !== me.id);
    if (s.ins.includes(me.id)) s.ins = s.ins.filter((x) => x !== me.id);
  }
  me.outs = [];
  me.ins = [];
}

/** Keep the sxact's xid current once one is assigned (writers are found by xid). */
export function ssiXid(state: State, txn: Txn): void {
  const me = sx(state, txn);
  if (me) me.xid = txn.xid;
}
