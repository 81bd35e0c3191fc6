import type { Stmt } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { own } from '../sql/own';
import { tableOf } from './catalog';
import type { Ctx, Outcome } from './context';
import { acquire, grantableNow } from './heavy-locks';
import { checkWritable, safeSnapshot } from './txn-modes';
import type { LockMode, Pending, Snapshot } from './types';

/*
 * What a statement does before it runs, in PostgreSQL's order: the transaction snapshot of a
 * Repeatable Read or Serializable transaction is taken first (exec_simple_query takes it before
 * parse analysis, so a lock wait does not move it; a Read Committed statement takes a new one
 * after), a SERIALIZABLE READ ONLY DEFERRABLE transaction waits for a safe one, then the relation
 * locks parse analysis takes (AccessShareLock to read, RowShareLock for SELECT ... FOR, RowExclusiveLock
 * to write, AccessExclusiveLock for DROP TABLE and ALTER TABLE ... ADD CHECK), then the read-only check.
 */

const relationTags = new Map<number, string>();

/** The lock tag of a relation (made once per oid). */
function relationTag(oid: number): string {
  let tag = relationTags.get(oid);
  if (tag === undefined) relationTags.set(oid, (tag = `relation ${oid}`));
  return tag;
}

/** The relation locks a statement takes (tables that do not exist are left to the statement's own error). */
function locksOf(ctx: Ctx, s: Stmt): [string, LockMode][] {
  switch (s.k) {
    case 'select':
      return s.table === null ? [] : [[s.table, s.lock ? 2 : 1]];
    case 'insert':
    case 'update':
    case 'delete':
      return [[s.table, 3]];
    case 'drop':
      return s.tables.map((t): [string, LockMode] => [t, 8]);
    case 'addCheck':
      return [[s.table, 8]];
    default:
      return [];
  }
}

const READS = new Set<Stmt['k']>(['select', 'insert', 'update', 'delete', 'advisory']);

/** Before a statement runs: its snapshot (when it must come first), its relation locks, the read-only check. */
export function beforeStatement(ctx: Ctx, s: Stmt, snapshot: () => Snapshot): Outcome | null {
  const { txn } = ctx;
  if (s.k === 'create' || s.k === 'drop' || s.k === 'addCheck') checkWritable(txn, s);
  if (READS.has(s.k) && (txn.iso === 'repeatable read' || txn.iso === 'serializable')) {
    const w = safeSnapshot(ctx, snapshot);
    if (w) return w;
    if (!txn.snapshot) snapshot();
  }
  // A SELECT from one table (most statements): its lock without building the list.
  const w = s.k === 'select' ? (s.table === null ? null : lockSelect(ctx, s.table, s.lock !== null)) : lockAll(ctx, s);
  if (w) return w;
  checkWritable(txn, s);
  return null;
}

function lockOne(ctx: Ctx, name: string, mode: LockMode): Outcome | null {
  const table = own(ctx.state.tables, name);
  return table ? acquire(ctx, relationTag(table.oid), name, mode, STATEMENT_LOCK) : null;
}

/**
 * A SELECT's lock on its table. A plain SELECT that is the whole step, in its own implicit
 * transaction, holds its AccessShareLock only while it runs, and it cannot wait once it has it
 * (no row locks, no other statement): when no one holds or awaits a conflicting lock, the lock is
 * granted and released with nothing else running in between, so it is not recorded (PostgreSQL
 * takes such weak locks through its per-backend fast path, outside the shared lock table, too).
 */
function lockSelect(ctx: Ctx, name: string, forUpdate: boolean): Outcome | null {
  if (!forUpdate && ctx.txn.implicit && ctx.session.pending?.stmts.length === 1) {
    const table = own(ctx.state.tables, name);
    if (table && grantableNow(ctx, relationTag(table.oid), 1)) return null;
  }
  return lockOne(ctx, name, forUpdate ? 2 : 1);
}

function lockAll(ctx: Ctx, s: Stmt): Outcome | null {
  for (const [name, mode] of locksOf(ctx, s)) {
    const w = lockOne(ctx, name, mode);
    if (w) return w;
  }
  return null;
}

/** A statement's relation lock waits (no NOWAIT), so it is never busy. */
const STATEMENT_LOCK = {
  nowait: false,
  busy: (): SqlError => {
    throw new Error('a statement lock waits: it has no NOWAIT error');
  },
};

const busy = (name: string) => new SqlError(SQLSTATE.lock_not_available, `could not obtain lock on relation "${name}"`);

/** LOCK TABLE: each relation in turn, in the mode asked (waiting, or 55P03 with NOWAIT); only in a transaction block. */
export function lockTables(ctx: Ctx, s: Extract<Stmt, { k: 'lockTable' }>, pending: Pending): Outcome | null {
  if (ctx.txn.implicit && pending.stmts.length === 1)
    throw new SqlError(SQLSTATE.no_active_sql_transaction, 'LOCK TABLE can only be used in transaction blocks');
  for (const name of s.tables) {
    const table = tableOf(ctx.state, name);
    const w = acquire(ctx, relationTag(table.oid), name, s.mode as LockMode, { nowait: s.nowait, busy: () => busy(name) });
    if (w) return w;
  }
  return null;
}
