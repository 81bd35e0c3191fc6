import type { Parsed } from '../sql/ast';
import { refuse } from '../core/refusal';
import { type ErrorInfo, SQLSTATE, SqlError, errorInfo } from '../sql/errors';
import { parseSql } from '../sql/parse';
import { MAX_STEP_WAIT_MS, anyCycle, nextTimer } from './deadlock';
import type { Emit } from './events';
import { ctidOf, xidState } from './mvcc';
import { holderOf } from './schedule';
import { waitCycle, waitOver } from './heavy-locks';
import { abortInnermost } from './savepoint';
import { abortTxn, commitTxn, runOne } from './txn';
import type { Pending, ResultSet, Session, State } from './types';

function complete(state: State, session: Session, emit: Emit, error: ErrorInfo | null): void {
  const p = session.pending as Pending;
  session.pending = null;
  const last = session.last;
  // The outcome the step's last statement already recorded, when it is this one (no copy of equal fields).
  if (error || !last || last.step !== p.step || last.results !== p.results || last.error !== null)
    session.last = { step: p.step, results: p.results, error, tag: error ? 'ERROR' : (last?.tag ?? '') };
  if (p.results.length) session.lastResult = p.results[p.results.length - 1];
  if (error) state.errors.push({ session: session.name, step: p.step, code: error.code, message: error.message });
  emit({ type: 'step.completed', session: session.name, step: p.step, sql: p.sql, afterWait: p.waitSeq > 0, results: p.results, error });
}

/** Run the pending step's statements from where it stopped, until it finishes or waits. */
function advance(state: State, session: Session, emit: Emit): void {
  const p = session.pending as Pending;
  try {
    while (p.index < p.stmts.length) {
      const out = runOne(state, session, p.stmts[p.index], p, emit);
      if (out.k === 'wait') {
        const first = p.waitSeq === 0;
        p.waitingFor = out.xid;
        p.waitTable = out.table;
        p.waitTuple = out.tuple;
        p.waitMode = out.mode;
        p.waitOn = out.on;
        if (out.on) p.waitingFor = -1;
        const xid = session.txn?.xid ?? 0;
        if (!out.on) emit({ type: 'lock.awaited', session: session.name, xid, table: out.table, ctid: ctidOf(out.tuple), mode: out.mode });
        emit({ type: 'txn.blocked', session: session.name, xid, waitsFor: out.xid, holder: out.holder ?? holderOf(state, out.xid) });
        // ProcSleep's early check: a heavyweight lock request that would close a cycle fails at once.
        const early = out.on ? waitCycle(state, session) : null;
        if (early) {
          emit({ type: 'deadlock.detected', session: session.name, cycle: early });
          throw new SqlError(SQLSTATE.deadlock_detected, 'deadlock detected');
        }
        // Every lock wait arms the deadlock timer anew (ProcSleep); the check runs when it fires.
        p.timerAt = state.now + session.deadlockTimeout;
        p.timerOrder = ++state.timerSeq;
        if (first) {
          p.waitSeq = ++state.waitSeq;
          emit({ type: 'step.blocked', session: session.name, step: p.step, sql: p.sql });
        }
        return;
      }
      p.index++;
      p.progress = null;
    }
    if (session.txn?.implicit) commitTxn(state, session, emit);
    complete(state, session, emit, null);
  } catch (e) {
    // Only PostgreSQL's own errors are a step's outcome; anything else is an engine bug.
    if (!(e instanceof SqlError)) throw e;
    fail(state, session, errorInfo(e), emit);
  }
}

/** The pending step ends in an error: its transaction aborts (or its block fails). */
function fail(state: State, session: Session, info: ErrorInfo, emit: Emit): void {
  const p = session.pending as Pending;
  p.waitingFor = 0;
  p.waitOn = undefined;
  if (!abortInnermost(state, session)) abortTxn(state, session, info.message, emit);
  emit({ type: 'statement.failed', session: session.name, error: info });
  complete(state, session, emit, info);
}

/** Wake every waiter whose xid has ended, oldest wait first, until nothing changes. */
function settle(state: State, emit: Emit): void {
  for (;;) {
    let next: Session | null = null;
    for (const name in state.sessions) {
      const s = state.sessions[name];
      const p = s.pending;
      if (!p || !waitOver(state, s, (x) => xidState(state, x) !== 'in progress')) continue;
      if (!next || p.waitSeq < (next.pending as Pending).waitSeq) next = s;
    }
    if (!next) return;
    const p = next.pending as Pending;
    emit({ type: 'txn.woken', session: next.name, xid: next.txn?.xid ?? 0, after: p.waitingFor });
    if (!p.waitOn)
      emit({
        type: 'lock.granted',
        session: next.name,
        xid: next.txn?.xid ?? 0,
        table: p.waitTable,
        ctid: ctidOf(p.waitTuple),
        mode: p.waitMode === 'unique' ? 'key share' : p.waitMode,
      });
    p.waitingFor = 0;
    p.waitOn = undefined;
    p.timerAt = -1;
    advance(state, next, emit);
  }
}

/**
 * Logical time passes until the next deadlock timer due by `limit` fires (CheckDeadLock): the
 * waiter whose timer fires runs the check and, if it is on a wait-for cycle, its statement fails
 * with "deadlock detected"; waits it released finish. False when no timer is due by `limit`.
 */
function fireNextTimer(state: State, limit: number, emit: Emit): boolean {
  const s = nextTimer(state, limit);
  if (!s) return false;
  const p = s.pending as Pending;
  state.now = Math.max(state.now, p.timerAt);
  p.timerAt = -1;
  const cycle = waitCycle(state, s, true);
  if (cycle) {
    emit({ type: 'deadlock.detected', session: s.name, cycle });
    fail(state, s, errorInfo(new SqlError(SQLSTATE.deadlock_detected, 'deadlock detected')), emit);
    settle(state, emit);
  }
  return true;
}

/**
 * What the lab's timeline does after each step: while waiters form a cycle, let time pass until
 * the deadlock timer that fires first finds it (with the default 1 s for everyone, the first
 * waiter's). The isolation tester's runner lets time pass only when it waits (`waitForStep`).
 */
function resolveDeadlocks(state: State, emit: Emit): void {
  while (anyCycle(state) && fireNextTimer(state, Number.POSITIVE_INFINITY, emit));
}

/**
 * The isolation tester waiting for `name`'s step to finish: logical time passes, deadlock timers
 * fire in order, and after max_step_wait (300 s) the tester cancels the step (57014). Returns
 * whether it had to cancel.
 */
export function waitForStep(state: State, name: string, emit: Emit): boolean {
  const session = state.sessions[name];
  const deadline = state.now + MAX_STEP_WAIT_MS;
  while (session.pending) {
    if (fireNextTimer(state, deadline, emit)) continue;
    state.now = deadline + 1;
    fail(state, session, { severity: 'ERROR', code: '57014', message: 'canceling statement due to user request' }, emit);
    settle(state, emit);
    return true;
  }
  return false;
}

/**
 * Why the lab refuses a step in this session (a user's mistake, not PostgreSQL's error), or
 * null when it can run: the session does not exist, or it still waits for its previous step
 * (the isolation tester cannot send a query on a busy connection).
 */
export function refusalOf(state: State, name: string): string | null {
  const session = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
  if (!session) return `There is no session named "${name}".`;
  if (session.pending) return `${name} is still waiting for its step "${session.pending.step}"; it can run another one once that finishes.`;
  return null;
}

/**
 * A step's results before its first: one empty list for every step, never added to (`finish` in
 * exec.ts replaces it with a list of one).
 */
const NO_RESULTS: ResultSet[] = [];

/**
 * A session's last step. Once it has finished (a new one starts only then) nothing refers to it any
 * more, so if it never waited, the session's next step is the same object set anew. A copied state
 * has copies of its sessions, so it never shares one.
 */
const spare = new WeakMap<Session, Pending>();

/** A step about to run its first statement: no results yet, waiting on nothing. */
function startPending(session: Session, step: string, sql: string, stmts: readonly Parsed[]): Pending {
  const p = spare.get(session);
  // A step that never waited (nor failed) still has a wait's fields as a new step has them.
  if (p && p.waitSeq === 0 && !Object.hasOwn(p, 'waitOn')) {
    p.step = step;
    p.sql = sql;
    p.stmts = stmts;
    p.index = 0;
    p.results = NO_RESULTS;
    p.progress = null;
    return p;
  }
  const fresh: Pending = {
    step,
    sql,
    stmts,
    index: 0,
    results: NO_RESULTS,
    progress: null,
    waitingFor: 0,
    waitTable: '',
    waitTuple: 0,
    waitMode: 'update',
    waitSeq: 0,
    timerAt: -1,
    timerOrder: 0,
  };
  spare.set(session, fresh);
  return fresh;
}

/**
 * Run one step (a query string) in a session, as the isolation tester sends it: it either
 * completes (results or an error) or waits on a lock; other sessions' waits it releases
 * complete afterwards, in the order they started waiting. A step `refusalOf` names is refused
 * (a `Refusal` is thrown before anything changes). The lab's timeline then lets a deadlock
 * resolve (`resolveDeadlocks`); the isolation tester's runner (`tester`) lets time pass only
 * when it waits for a step.
 */
export function runStep(state: State, name: string, sql: string, step: string, emit: Emit, tester = false): void {
  const why = refusalOf(state, name);
  if (why !== null) refuse(why);
  const session = state.sessions[name];
  let stmts: readonly Parsed[];
  try {
    stmts = parseSql(sql);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    stmts = [{ sql, stmt: { k: 'unsupported', what: '' } }];
    session.pending = startPending(session, step, sql, stmts);
    const info = errorInfo(e);
    if (session.txn) abortTxn(state, session, info.message, emit);
    emit({ type: 'statement.failed', session: name, error: info });
    complete(state, session, emit, info);
    return;
  }
  session.pending = startPending(session, step, sql, stmts);
  advance(state, session, emit);
  settle(state, emit);
  if (!tester) resolveDeadlocks(state, emit);
}
