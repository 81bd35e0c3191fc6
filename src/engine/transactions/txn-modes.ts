import type { Stmt, TxnModes } from '../sql/ast';
import { SQLSTATE, SqlError, unsupported } from '../sql/errors';
import type { Ctx, Outcome } from './context';
import type { Emit } from './events';
import { ssiAbort } from './ssi';
import type { Session, Snapshot, State, Txn } from './types';

/*
 * A transaction's modes: its isolation level, READ ONLY / READ WRITE and DEFERRABLE, as BEGIN and
 * SET TRANSACTION set them (the GUC check hooks of variable.c), the read-only check on writes
 * (PreventCommandIfReadOnly, ExecCheckXactReadOnly), and SERIALIZABLE READ ONLY's safe snapshots
 * (predicate.c's GetSafeSnapshot and the RO_SAFE / RO_UNSAFE flags).
 */

const fail = (message: string) => new SqlError(SQLSTATE.active_sql_transaction, message);

/** Apply modes to a transaction in progress, with the errors the GUC check hooks raise. */
export function applyModes(state: State, txn: Txn, m: TxnModes): void {
  if (m.iso !== null && m.iso !== txn.iso) {
    if (txn.ranQuery) throw fail('SET TRANSACTION ISOLATION LEVEL must be called before any query');
    if (txn.subs.length) throw fail('SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction');
    txn.iso = m.iso;
    const r = state.txns.findLast((t) => t.vxid === txn.vxid);
    if (r) r.iso = m.iso;
  }
  if (m.readOnly === false && txn.readOnly) {
    if (txn.subs.length) throw fail('cannot set transaction read-write mode inside a read-only transaction');
    if (txn.ranQuery) throw fail('transaction read-write mode must be set before any query');
    txn.readOnly = false;
  } else if (m.readOnly) txn.readOnly = true;
  if (m.deferrable !== null) {
    if (txn.subs.length) throw fail('SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction');
    if (txn.ranQuery) throw fail('SET TRANSACTION [NOT] DEFERRABLE must be called before any query');
    txn.deferrable = m.deferrable;
  }
}

/** SET TRANSACTION: outside a block only a warning (it would end with the statement). */
export function setTransaction(state: State, session: Session, m: TxnModes, emit: Emit): string {
  const txn = session.txn;
  if (!txn || txn.implicit)
    emit({
      type: 'notice.raised',
      session: session.name,
      severity: 'WARNING',
      message: 'SET TRANSACTION can only be used in transaction blocks',
    });
  else applyModes(state, txn, m);
  return 'SET';
}

/** The command a read-only transaction refuses, named as PostgreSQL's command tag does, or null. */
function writeCommand(s: Stmt): string | null {
  switch (s.k) {
    case 'insert':
    case 'update':
    case 'delete':
      return s.k.toUpperCase();
    case 'select':
      return s.table !== null && s.lock ? `SELECT FOR ${s.lock.toUpperCase()}` : null;
    case 'create':
      return 'CREATE TABLE';
    case 'drop':
      return 'DROP TABLE';
    case 'addCheck':
      return 'ALTER TABLE';
    default:
      return null;
  }
}

/** 25006 for a write in a READ ONLY transaction. */
export function checkWritable(txn: Txn, s: Stmt): void {
  const what = txn.readOnly ? writeCommand(s) : null;
  if (what) throw new SqlError(SQLSTATE.read_only_sql_transaction, `cannot execute ${what} in a read-only transaction`);
}

/** Serializable transactions that are not declared READ ONLY, still running: a read-only snapshot's possible unsafe conflicts. */
function concurrentWriters(ctx: Ctx): number[] {
  return ctx.state.ssi.sxacts
    .filter((x) => x.id !== ctx.txn.sxact && !x.committed && !x.rolledBack)
    .filter((x) => {
      const t = ctx.state.sessions[x.session]?.txn;
      return !(t && t.vxid === x.vxid && t.readOnly);
    })
    .map((x) => x.id);
}

/**
 * The first snapshot of a SERIALIZABLE READ ONLY transaction (GetSerializableTransactionSnapshot):
 * with no concurrent serializable writer it is safe at once and leaves SSI; DEFERRABLE waits until
 * those writers finish, and retakes the snapshot when one of them made it unsafe (it committed with
 * a conflict out to a transaction that committed before the snapshot). Returns the wait, or null
 * once the transaction may run. Without DEFERRABLE and with writers running, PostgreSQL's read-only
 * optimisations (fewer serialization failures) would apply, which the lab does not model: 0A000.
 */
export function safeSnapshot(ctx: Ctx, take: () => Snapshot): Outcome | null {
  const { txn, state } = ctx;
  if (txn.iso !== 'serializable' || !txn.readOnly || (txn.snapshot && txn.sxact < 0)) return null;
  if (!txn.snapshot) {
    take();
    txn.unsafeWith = concurrentWriters(ctx);
  }
  const me = state.ssi.sxacts[txn.sxact];
  const writers = (txn.unsafeWith ?? []).map((id) => state.ssi.sxacts[id]);
  if (writers.some((w) => w.committed && w.conflictOut && w.earliestOutConflictCommit <= me.snapshotSeq)) {
    ssiAbort(state, txn);
    txn.sxact = -1;
    txn.snapshot = null;
    return safeSnapshot(ctx, take);
  }
  const running = writers.filter((w) => !w.committed && !w.rolledBack);
  if (!running.length) {
    ssiAbort(state, txn);
    txn.sxact = -1;
    txn.unsafeWith = undefined;
    return null;
  }
  if (!txn.deferrable) throw unsupported('SERIALIZABLE READ ONLY (not DEFERRABLE) alongside serializable writers');
  const first = running[0];
  return {
    k: 'wait',
    xid: first.xid,
    table: '',
    tuple: 0,
    mode: 'update',
    on: { k: 'safe snapshot', sxacts: running.map((w) => w.id) },
    holder: first.session,
  };
}
