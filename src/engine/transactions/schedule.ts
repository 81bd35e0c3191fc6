import type { ErrorInfo } from '../sql/errors';
import type { Event } from './events';
import { plainRow, rowOf, type StoredRow, tagsOf } from './schedule-plain';
import type { ResultSet, State } from './types';

/** One cell of the interleaving: what one session did (or finished) at one step. */
export interface ScheduleCell {
  readonly session: string;
  /** The step's SQL; for a step finishing after a wait, the SQL it had waited on. */
  readonly sql: string;
  /** 'ran': the step ran at this position; 'resumed': a waiting step completed here ("<... completed>"); 'marker': only a side effect (commit, abort, deadlock). */
  readonly kind: 'ran' | 'resumed' | 'marker';
  /** The step blocked at this position: on whom, and (once it finished) at which step. */
  readonly waited: { readonly xid: number; readonly holder: string; readonly until: number | null } | null;
  /** Command tags of the statements that finished here (BEGIN, UPDATE 1, ...). */
  readonly tags: readonly string[];
  readonly results: readonly ResultSet[];
  readonly error: ErrorInfo | null;
  readonly end: 'committed' | 'aborted' | null;
  readonly reason: string | null;
  /** The wait-for cycle, when this session's step closed one (it is the victim). */
  readonly deadlock: readonly string[] | null;
  /** The lab refused the action (unknown session, or the session is still waiting for its previous step). */
  readonly refused: string | null;
}

export interface ScheduleRow {
  /** The step number on the timeline (1 is the first action). */
  readonly step: number;
  readonly cells: readonly ScheduleCell[];
}

/**
 * The interleaving as the isolation tester prints it, kept in the engine state as steps run:
 * its newest rows (at least SCHEDULE_ROWS of them) and how many steps ran in all. Rows are never mutated once
 * stored (a wait that ends replaces its row), so a snapshot copy shares them.
 */
export interface Schedule {
  /** The rows, a lone statement's in a few fields (schedule-plain.ts). */
  rows: StoredRow[];
  /** Steps run so far: the number of the newest row. */
  total: number;
  /** For each session whose step still waits, the step at which it started waiting. */
  waiting: Record<string, number>;
}

/** Rows sent in each frame: long runs show their newest steps. */
export const SCHEDULE_ROWS = 60;

/**
 * Rows kept in the state: up to twice SCHEDULE_ROWS, then cut back to SCHEDULE_ROWS at once (one
 * copy per SCHEDULE_ROWS steps, where dropping the oldest row at every step moved them all each time).
 */
const KEPT_ROWS = 2 * SCHEDULE_ROWS;

/** The newest rows, the ones a frame carries (a copy: the state appends to its own list). */
export const newestRows = (s: Schedule): ScheduleRow[] => s.rows.slice(-SCHEDULE_ROWS).map(rowOf);

export const emptySchedule = (): Schedule => ({ rows: [], total: 0, waiting: {} });

export const copySchedule = (s: Schedule): Schedule => ({ rows: s.rows.slice(), total: s.total, waiting: { ...s.waiting } });

type MutableCell = { -readonly [K in keyof ScheduleCell]: ScheduleCell[K] };

/** A new cell's tags and results: one empty list for every cell, replaced (never added to) when it gets some. */
const NO_TAGS: readonly string[] = [];
const NO_RESULTS: readonly ResultSet[] = [];

const blank = (session: string, sql: string, kind: ScheduleCell['kind']): MutableCell => ({
  session,
  sql,
  kind,
  waited: null,
  tags: NO_TAGS,
  results: NO_RESULTS,
  error: null,
  end: null,
  reason: null,
  deadlock: null,
  refused: null,
});

/** The session that owns (or owned) an xid. */
/** The session of the transaction with `xid` ('?' when none is known). */
export function holderOf(state: State, xid: number): string {
  if (Object.hasOwn(state.owner, xid)) return state.owner[xid];
  for (let i = state.txns.length - 1; i >= 0; i--) if (state.txns[i].xid === xid) return state.txns[i].session;
  return '?';
}

/** The cell of `session` in a row being built, added when it has none yet. */
function cellOf(cells: MutableCell[], session: string): MutableCell {
  for (const c of cells) if (c.session === session) return c;
  const c = blank(session, '', 'marker');
  cells.push(c);
  return c;
}

type Wait = NonNullable<ScheduleCell['waited']>;

/** Change the wait of the cell where `session` started waiting (a new row replaces the old: rows are shared by snapshots). */
function rewriteWait(sched: Schedule, session: string, f: (w: Wait) => Wait): void {
  const at = sched.waiting[session];
  const i = sched.rows.length - (sched.total - at) - 1;
  const stored = sched.rows[i];
  if (!stored || stored.step !== at) return;
  const row = rowOf(stored);
  sched.rows[i] = {
    step: at,
    cells: row.cells.map((c) => (c.session === session && c.waited && c.waited.until === null ? { ...c, waited: f(c.waited) } : c)),
  };
}

/** Mark the cell where `session` started waiting as finished at step `until`. */
function finishWait(sched: Schedule, session: string, until: number): void {
  rewriteWait(sched, session, (w) => ({ ...w, until }));
  delete sched.waiting[session];
}

/**
 * Append the row of one step (the action and the events it caused), built from the events
 * only, as the isolation tester reports a step: its own cell, then cells for the sessions whose
 * waits it released. A step that blocks is marked waiting until a later step completes it; a
 * step the lab refused has its own cell only, carrying the refusal.
 */
export function recordStep(
  state: State,
  action: { readonly session: string; readonly sql: string },
  events: readonly Event[],
  refused: string | null = null,
): void {
  const sched = state.schedule;
  const stepNo = sched.total + 1;
  const plain =
    refused === null && !Object.hasOwn(sched.waiting, action.session) ? plainRow(stepNo, action.session, action.sql, events) : null;
  if (plain) {
    addRow(sched, plain);
    return;
  }
  // The cells in the order their sessions first appear (a step touches one session or a few).
  const own = blank(action.session, action.sql, 'ran');
  own.refused = refused;
  const cells: MutableCell[] = [own];
  // Sessions that started waiting in this step (a Set's order, without one; most steps have none: no list then).
  let waitingHere: string[] | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'statement.finished': {
        // Lists are never mutated: a first tag's list is shared (`tagsOf`), a second makes a new one.
        const c = cellOf(cells, e.session);
        c.tags = c.tags.length === 0 ? tagsOf(e.tag) : [...c.tags, e.tag];
        break;
      }
      case 'txn.blocked': {
        const waited = { xid: e.waitsFor, holder: e.holder || holderOf(state, e.waitsFor), until: null };
        // A woken step that blocks again stays in the cell where it first waited (the tester
        // prints one "<waiting ...>"), which now names the new holder.
        if (Object.hasOwn(sched.waiting, e.session)) rewriteWait(sched, e.session, (w) => ({ ...waited, until: w.until }));
        else {
          cellOf(cells, e.session).waited = waited;
          waitingHere ??= [];
          if (!waitingHere.includes(e.session)) waitingHere.push(e.session);
        }
        break;
      }
      case 'deadlock.detected':
        cellOf(cells, e.session).deadlock = e.cycle;
        break;
      case 'txn.committed':
        cellOf(cells, e.session).end = 'committed';
        break;
      case 'txn.aborted': {
        const c = cellOf(cells, e.session);
        c.end = 'aborted';
        c.reason = e.reason;
        break;
      }
      case 'step.completed': {
        const c = cellOf(cells, e.session);
        if (waitingHere?.includes(e.session)) {
          // Blocked and finished within this same step (a deadlock victim, or woken at once).
          waitingHere.splice(waitingHere.indexOf(e.session), 1);
          if (c.waited) c.waited = { ...c.waited, until: stepNo };
        } else if (Object.hasOwn(sched.waiting, e.session)) finishWait(sched, e.session, stepNo);
        if (e.afterWait && c !== own) {
          c.kind = 'resumed';
          c.sql = e.sql;
        }
        c.results = e.results;
        c.error = e.error;
        break;
      }
      default:
        break;
    }
  }
  for (const s of waitingHere ?? []) sched.waiting[s] = stepNo;
  addRow(sched, { step: stepNo, cells });
}

function addRow(sched: Schedule, row: StoredRow): void {
  sched.rows.push(row);
  sched.total = row.step;
  if (sched.rows.length > KEPT_ROWS) sched.rows = sched.rows.slice(-SCHEDULE_ROWS);
}
