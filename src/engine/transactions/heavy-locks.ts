import { SQLSTATE, SqlError } from '../sql/errors';
import type { Ctx, Outcome } from './context';
import type { HeavyLock, LockMode, Session, State, Wait } from './types';

/*
 * PostgreSQL's heavyweight lock manager (lock.c, proc.c), reduced to the lab: relation locks
 * (LOCK TABLE and the locks statements take) and advisory locks, held by a transaction (or, for
 * session-level advisory locks, by the session), in the eight standard modes with their conflict
 * table. A request that conflicts with a lock another session holds, or with an earlier waiter's
 * request, waits in FIFO order; one that already holds a lock on the object may go ahead of
 * waiters (ProcSleep), and errors at once when it and a waiter ahead each hold what the other
 * wants ("early deadlock detection").
 */

/** Lock modes by number, as lockdefs.h: 1 AccessShareLock ... 8 AccessExclusiveLock. */
export const MODE_NAMES = [
  '',
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

/** LockConflicts[]: the modes each mode conflicts with. */
const CONFLICTS: readonly (readonly LockMode[])[] = [
  [],
  [8],
  [7, 8],
  [5, 6, 7, 8],
  [4, 5, 6, 7, 8],
  [3, 4, 6, 7, 8],
  [3, 4, 5, 6, 7, 8],
  [2, 3, 4, 5, 6, 7, 8],
  [1, 2, 3, 4, 5, 6, 7, 8],
];

const modesConflict = (a: LockMode, b: LockMode): boolean => CONFLICTS[a].includes(b);

const heldBy = (state: State, tag: string, session: string) => state.heavy.filter((l) => l.tag === tag && l.session === session);

/** Whether `session` holds any lock on `tag` (heldBy without the array, for the common grant). */
function holdsAny(state: State, tag: string, session: string): boolean {
  for (const l of state.heavy) if (l.tag === tag && l.session === session) return true;
  return false;
}

/** A session's lock wait (its pending step's), if it waits on a heavyweight lock. */
const lockWaitOf = (s: Session) => (s.pending?.waitOn?.k === 'lock' ? { wait: s.pending.waitOn, seq: s.pending.waitSeq } : null);

/** The sessions holding a lock on `tag` that conflicts with `mode` (other than `session`). */
export function holdersAgainst(state: State, tag: string, mode: LockMode, session: string): string[] {
  const out: string[] = [];
  for (const l of state.heavy)
    if (l.tag === tag && l.session !== session && modesConflict(mode, l.mode) && !out.includes(l.session)) out.push(l.session);
  return out;
}

/** Whether another session holds a lock on `tag` that conflicts with `mode` (holdersAgainst is non-empty). */
function conflictHeld(state: State, tag: string, mode: LockMode, session: string): boolean {
  for (const l of state.heavy) if (l.tag === tag && l.session !== session && modesConflict(mode, l.mode)) return true;
  return false;
}

/**
 * Whether `session` can have `mode` on `tag` now: no conflicting lock held by another session,
 * and (unless it already holds a lock on the object) no conflicting request of a waiter ahead
 * of it (`before`: its own place in the queue; Infinity for a new request).
 */
function grantable(state: State, session: string, tag: string, mode: LockMode, before: number): boolean {
  if (conflictHeld(state, tag, mode, session)) return false;
  if (holdsAny(state, tag, session)) return true;
  for (const name in state.sessions) {
    const s = state.sessions[name];
    const w = s.name !== session ? lockWaitOf(s) : null;
    if (w !== null && w.wait.tag === tag && w.seq < before && modesConflict(mode, w.wait.mode)) return false;
  }
  return true;
}

/**
 * Record a granted lock (held locks count, as LOCALLOCK does: session advisory locks nest). The
 * array is changed in place (a snapshot copies it, see cloneState); a lock record is replaced, never changed.
 */
function grant(state: State, session: string, vxid: number, depth: number, tag: string, label: string, mode: LockMode): void {
  let i = 0;
  for (; i < state.heavy.length; i++) {
    const l = state.heavy[i];
    if (l.tag === tag && l.session === session && l.vxid === vxid && l.mode === mode && l.depth === depth) break;
  }
  if (i < state.heavy.length) state.heavy[i] = { ...state.heavy[i], count: state.heavy[i].count + 1 };
  else state.heavy.push({ tag, label, session, vxid, mode, count: 1, depth });
}

/** Whether the acting session's request for `mode` on `tag` would be granted at once (as `acquire` decides). */
export function grantableNow(ctx: Ctx, tag: string, mode: LockMode): boolean {
  const pending = ctx.session.pending;
  return grantable(ctx.state, ctx.session.name, tag, mode, pending && pending.waitSeq > 0 ? pending.waitSeq : Infinity);
}

/**
 * LockAcquire for the acting transaction (`sessionLevel`: held by the session, past the
 * transaction's end). Returns null when granted, else the wait; with `nowait`, a lock that is
 * not free at once is an error (`busy`).
 */
export function acquire(
  ctx: Ctx,
  tag: string,
  label: string,
  mode: LockMode,
  opts: { nowait: boolean; busy: () => SqlError; sessionLevel?: boolean },
): Extract<Outcome, { k: 'wait' }> | null {
  const { state, session } = ctx;
  const vxid = opts.sessionLevel ? 0 : ctx.txn.vxid;
  const pending = session.pending;
  const before = pending && pending.waitSeq > 0 ? pending.waitSeq : Infinity;
  if (grantable(state, session.name, tag, mode, before)) {
    grant(state, session.name, vxid, vxid ? ctx.txn.subs.length : 0, tag, label, mode);
    return null;
  }
  if (opts.nowait) throw opts.busy();
  // ProcSleep's early deadlock detection: a waiter ahead wants what we hold, and we want what it holds.
  const mine = heldBy(state, tag, session.name);
  for (const s of Object.values(state.sessions)) {
    const w = s.name !== session.name ? lockWaitOf(s) : null;
    if (!w || w.wait.tag !== tag || w.seq >= before) continue;
    const theirs = heldBy(state, tag, s.name);
    if (mine.some((l) => modesConflict(w.wait.mode, l.mode)) && theirs.some((l) => modesConflict(mode, l.mode)))
      throw new SqlError(SQLSTATE.deadlock_detected, 'deadlock detected');
  }
  const holder = holdersAgainst(state, tag, mode, session.name)[0] ?? '';
  const xid = holder ? (state.sessions[holder]?.txn?.xid ?? 0) : 0;
  return { k: 'wait', xid, table: label, tuple: 0, mode: 'update', on: { k: 'lock', tag, label, mode }, holder };
}

/** Release one lock held at session level (pg_advisory_unlock); false when it was not held. */
export function releaseOne(state: State, session: string, tag: string, mode: LockMode): boolean {
  const mine = state.heavy.find((l) => l.tag === tag && l.session === session && l.vxid === 0 && l.mode === mode);
  if (!mine) return false;
  state.heavy =
    mine.count > 1 ? state.heavy.map((l) => (l === mine ? { ...l, count: l.count - 1 } : l)) : state.heavy.filter((l) => l !== mine);
  return true;
}

/** At transaction end: the transaction's locks go (session-level ones stay). */
export function releaseTxnLocks(state: State, session: string, vxid: number): void {
  const locks = state.heavy;
  let kept = 0;
  for (let i = 0; i < locks.length; i++) {
    const l = locks[i];
    if (!(l.session === session && l.vxid === vxid)) locks[kept++] = l;
  }
  if (kept !== locks.length) locks.length = kept;
}

/**
 * The sessions a waiting session waits for: the holders of its lock, or the writers its safe
 * snapshot awaits (unless `locksOnly`: DeadLockCheck sees lock waits only).
 */
function blockersOf(state: State, s: Session, locksOnly: boolean): string[] {
  const p = s.pending;
  if (!p?.waitingFor) return [];
  const on: Wait | undefined = p.waitOn;
  if (!on) return Object.hasOwn(state.owner, p.waitingFor) ? [state.owner[p.waitingFor]] : [];
  if (on.k !== 'lock' && locksOnly) return [];
  if (on.k === 'lock') {
    const ahead = Object.values(state.sessions).filter((o) => {
      const w = o.name !== s.name ? lockWaitOf(o) : null;
      return w !== null && w.wait.tag === on.tag && w.seq < p.waitSeq && modesConflict(on.mode, w.wait.mode);
    });
    return [...holdersAgainst(state, on.tag, on.mode, s.name), ...ahead.map((o) => o.name)];
  }
  return on.sxacts.map((id) => state.ssi.sxacts[id].session);
}

/**
 * A wait-for cycle through `start`, or null: over row and table lock waits (DeadLockCheck, when a
 * deadlock timer fires: `locksOnly`), or over safe-snapshot waits too (the early check).
 */
export function waitCycle(state: State, start: Session, locksOnly = false): string[] | null {
  const seen = new Set<string>();
  const visit = (name: string, path: string[]): string[] | null => {
    for (const next of blockersOf(state, state.sessions[name], locksOnly)) {
      if (next === start.name) return path;
      if (seen.has(next) || !Object.hasOwn(state.sessions, next)) continue;
      seen.add(next);
      const found = visit(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return visit(start.name, [start.name]);
}

/** Whether a waiting step can go on: its xid ended, its lock can be granted, or the writers it awaits finished. */
export function waitOver(state: State, s: Session, xidOver: (xid: number) => boolean): boolean {
  const p = s.pending;
  if (!p?.waitingFor) return false;
  const on = p.waitOn;
  if (!on) return xidOver(p.waitingFor);
  if (on.k === 'lock') return grantable(state, s.name, on.tag, on.mode, p.waitSeq);
  return on.sxacts.every((id) => state.ssi.sxacts[id].committed || state.ssi.sxacts[id].rolledBack);
}

export type { HeavyLock };
