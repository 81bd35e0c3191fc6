import type { ErrorInfo } from '../sql/errors';
import { checkHistory, type Dep, type Verdict } from './history';
import { VIEW_GRAPH_TXNS } from './history-trim';
import { txnRecords } from './txn-records';
import { ctidOf, visible, xidState } from './mvcc';
import { newestRows, type ScheduleRow } from './schedule';
import { HINT, type IsoLevel, type ResultSet, type Session, type Snapshot, type State, type Txn, type XactState } from './types';
import { formatValue } from '../sql/expr';
import { heavyLockRows, waitLabelOf } from './view-locks';

/** One tuple version as the MVCC panel draws it. */
export interface TupleView {
  readonly ctid: string;
  readonly xmin: number;
  /** The updater/deleter, or 0. */
  readonly xmax: number;
  /** Row locks held without changing the tuple (a multixact when more than one). */
  readonly locks: readonly { readonly xid: number; readonly mode: string }[];
  /** t_ctid: the next version's ctid, or its own when newest. */
  readonly next: string;
  readonly hints: readonly string[];
  readonly values: readonly (string | null)[];
  /** Sessions whose current snapshot sees this version. */
  readonly visibleTo: readonly string[];
}

export interface SessionView {
  readonly name: string;
  readonly status: 'idle' | 'in transaction' | 'failed' | 'waiting';
  readonly iso: IsoLevel;
  readonly vxid: number | null;
  readonly xid: number;
  /** Open savepoints, outermost first, with their subtransactions' xids (0: none yet). */
  readonly savepoints: readonly { readonly name: string; readonly xid: number }[];
  /** Its subtransactions' xids not rolled back (open or released): its own, like `xid`. */
  readonly subxids: readonly number[];
  readonly snapshot: Snapshot | null;
  readonly waitingFor: number;
  /** What it waits for when that is not a row's transaction (a table or advisory lock, a safe snapshot). */
  readonly waitLabel: string | null;
  readonly step: string | null;
  readonly results: readonly ResultSet[];
  readonly error: ErrorInfo | null;
}

export interface View {
  readonly sessions: readonly SessionView[];
  readonly tables: readonly { readonly name: string; readonly columns: readonly string[]; readonly tuples: readonly TupleView[] }[];
  /** pg_xact: every xid handed out and its state. */
  readonly clog: readonly { readonly xid: number; readonly state: XactState }[];
  /** Row locks (granted) and waits (not granted), like pg_locks. */
  readonly locks: readonly {
    readonly session: string;
    readonly xid: number;
    readonly table: string;
    readonly ctid: string;
    readonly mode: string;
    readonly granted: boolean;
    readonly waitsFor: number;
    /** A heavyweight lock's wait: the session it waits for (it may have no xid). */
    readonly holder?: string;
  }[];
  /** SSI rw-antidependencies between serializable transactions (reader -> writer). */
  readonly rwConflicts: readonly { readonly reader: string; readonly writer: string; readonly doomed: boolean }[];
  /** The dependency graph of the newest committed transactions (VIEW_GRAPH_TXNS) and the anomaly it shows. */
  readonly graph: {
    readonly deps: readonly Dep[];
    readonly anomaly: Verdict['anomaly'];
    readonly cycle: readonly number[];
    readonly names: Record<number, string>;
  };
  /** The interleaving: its newest rows (at most SCHEDULE_ROWS) and how many steps ran in all. */
  readonly schedule: { readonly rows: readonly ScheduleRow[]; readonly total: number };
}

const hintNames = (h: number): string[] =>
  [
    h & HINT.XMIN_COMMITTED ? 'XMIN_COMMITTED' : '',
    h & HINT.XMIN_INVALID ? 'XMIN_INVALID' : '',
    h & HINT.XMAX_COMMITTED ? 'XMAX_COMMITTED' : '',
    h & HINT.XMAX_INVALID ? 'XMAX_INVALID' : '',
  ].filter(Boolean);

/**
 * The verdict of the history checker over the state's history; with `recent`, over the
 * operations of the last `recent` transactions only (the panel's graph, kept cheap on long runs).
 */
export function verdictOf(state: State, recent?: number): Verdict {
  if (recent === undefined || state.txns.length <= recent) return checkHistory(state.history, txnRecords(state));
  const txns = state.txns.slice(-recent);
  const keep = new Set(txns.map((t) => t.vxid));
  return checkHistory(
    state.history.filter((op) => keep.has(op.t)),
    txns,
  );
}

/**
 * What a session's next statement would see: between statements its own last writes carry the
 * current command id, which PostgreSQL's CommandCounterIncrement makes visible to the next one.
 * A session waiting inside a statement sees as of that statement.
 */
function nextCommand(s: Session): Txn | null {
  if (!s.txn) return null;
  return s.pending ? s.txn : { ...s.txn, cid: (s.txn.cid + 1) as Txn['cid'] };
}

/** The plain-data projection the panels draw (never mutates the state: no hint bits set here). */
export function view(state: State): View {
  const sessions = Object.values(state.sessions).filter((s) => s.name !== CONTROL);
  const tables = Object.values(state.tables).map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => c.name),
    tuples: t.tuples.map((u) => ({
      ctid: ctidOf(u.id),
      xmin: u.xmin,
      xmax: u.xmax,
      locks: u.locks.map((l) => ({ xid: l.xid, mode: `FOR ${l.mode.toUpperCase()}` })),
      next: ctidOf(u.next >= 0 ? u.next : u.id),
      hints: hintNames(u.hints),
      values: u.values.map((v, i) => formatValue(v, t.columns[i].scale)),
      visibleTo: sessions
        .filter((s) => s.txn?.snapshot && s.txn.status === 'active' && visible(state, u, s.txn.snapshot, nextCommand(s), false))
        .map((s) => s.name),
    })),
  }));
  const locks: View['locks'][number][] = [];
  for (const t of Object.values(state.tables)) {
    for (const u of t.tuples) {
      const holders = [
        ...u.locks.map((l) => ({ xid: l.xid, mode: `FOR ${l.mode.toUpperCase()}` })),
        ...(u.xmax ? [{ xid: u.xmax, mode: `FOR ${u.xmaxMode.toUpperCase()}` }] : []),
      ];
      for (const h of holders) {
        if (xidState(state, h.xid) !== 'in progress') continue;
        locks.push({
          session: state.owner[h.xid] ?? '',
          xid: h.xid,
          table: t.name,
          ctid: ctidOf(u.id),
          mode: h.mode,
          granted: true,
          waitsFor: 0,
        });
      }
    }
  }
  for (const s of sessions) {
    const p = s.pending;
    if (p?.waitingFor && !p.waitOn)
      locks.push({
        session: s.name,
        xid: s.txn?.xid ?? 0,
        table: p.waitTable,
        ctid: ctidOf(p.waitTuple),
        mode: p.waitMode === 'unique' ? 'ShareLock (unique check)' : `FOR ${p.waitMode.toUpperCase()}`,
        granted: false,
        waitsFor: p.waitingFor,
      });
  }
  locks.push(...heavyLockRows(state, sessions));
  const sx = state.ssi.sxacts;
  const v = verdictOf(state, VIEW_GRAPH_TXNS);
  return {
    sessions: sessions.map((s) => ({
      name: s.name,
      status: s.pending?.waitingFor ? 'waiting' : !s.txn ? 'idle' : s.txn.status === 'failed' ? 'failed' : 'in transaction',
      iso: s.txn?.iso ?? s.defaultIso,
      vxid: s.txn?.vxid ?? null,
      xid: s.txn?.xid ?? 0,
      savepoints: s.txn?.subs.map((x) => ({ name: x.name, xid: x.xid })) ?? [],
      subxids: s.txn?.subXids ?? [],
      snapshot: s.txn?.snapshot ?? null,
      waitingFor: s.pending?.waitingFor ?? 0,
      waitLabel: waitLabelOf(s.pending?.waitOn),
      step: s.last?.step ?? null,
      results: s.last?.results ?? [],
      error: s.last?.error ?? null,
    })),
    tables,
    clog: state.clog.map((st, i) => ({ xid: state.firstXid + i, state: st })),
    locks,
    rwConflicts: sx.flatMap((r) => r.outs.map((w) => ({ reader: r.session, writer: sx[w].session, doomed: sx[w].doomed }))),
    graph: {
      deps: v.deps,
      anomaly: v.anomaly,
      cycle: v.cycle,
      // A transaction that wrote nothing has no xid: its virtual xid tells two of one session's apart.
      names: Object.fromEntries(txnRecords(state).map((t) => [t.vxid, `${t.session} (${t.xid ? `xid ${t.xid}` : `vxid ${t.vxid}`})`])),
    },
    // A copy of the list: the state appends to it (the rows themselves are never mutated).
    schedule: { rows: newestRows(state.schedule), total: state.schedule.total },
  };
}

/** The name of the control connection that runs a scenario's setup SQL. */
export const CONTROL = '(setup)';
