import { meter } from '../core/budget';
import { defineLab } from '../core/lab';
import { schema } from './schema';
import { refuse } from '../core/refusal';
import { seedRng } from '../core/rng';
import { checkOutcome } from './check';
import { AppendList, copyMap, TxnTable } from './persistent';
import { recover } from './recovery';
import { describe, label, suggest } from './text';
import type { Action, Event, KeyedRow, LogRecord, Row, State, Verdict, View } from './types';

/** The number the next log record gets. */
const nextSeq = (state: State) => state.log.length + 1;

/** Append a record built as a literal, `seq` last: spreading a partial record cost more than the rest of a step. */
function append<R extends LogRecord>(state: State, record: R): R {
  state.log.push(record);
  return record;
}

/**
 * Own properties only: table names and transaction ids come from scenario data, so
 * names like "toString" must not find Object.prototype's members.
 */
const own = <T>(record: Record<string, T>, name: string): T | undefined => (Object.hasOwn(record, name) ? record[name] : undefined);

/** Undo's write: `after` (or no row when null) for this key, back at `pos` if the row is gone. */
function putRow(state: State, table: string, key: string, after: Row | null, pos: number): void {
  const rows = own(state.tables, table);
  if (rows) placeRow(rows, indexOfKey(rows, key), key, after, pos);
}

/** The index of the row with this key, or -1 (a loop: no closure allocated on every write). */
function indexOfKey(rows: readonly KeyedRow[], key: string): number {
  for (let i = 0; i < rows.length; i++) if (rows[i].key === key) return i;
  return -1;
}

/**
 * Write `after` (or remove the row when null) at index `i` (-1: no such row), keeping row order
 * stable. A row that does not exist yet goes at `pos` (undoing a delete) or at the end (an insert).
 */
function placeRow(rows: KeyedRow[], i: number, key: string, after: Row | null, pos = Number.POSITIVE_INFINITY): void {
  if (after === null) {
    if (i >= 0) rows.splice(i, 1);
  } else if (i >= 0) {
    rows[i] = { key, values: after };
  } else {
    rows.splice(Math.min(pos, rows.length), 0, { key, values: after });
  }
}

/** Checks shared by every action of a transaction; returns why the action is refused, or null. */
function txnProblem(state: State, action: Action): string | null {
  if (state.phase === 'crashed') return 'The database is down after the crash: recover first.';
  if (!('tx' in action)) return null;
  const status = state.txns.get(action.tx);
  if (action.type === 'begin') return status ? `${action.tx} has already begun.` : null;
  if (!status) return `${action.tx} has not begun.`;
  if (status !== 'active') return `${action.tx} is already ${status === 'lost' ? 'gone (crash)' : status}.`;
  if ('table' in action && !own(state.tables, action.table)) return `There is no table "${action.table}".`;
  return null;
}

function write(state: State, action: Extract<Action, { table: string }>): Event[] {
  const holder = writer(state, action.table, action.key, action.tx);
  if (holder)
    refuse(
      `${action.table} "${action.key}" has an uncommitted change by ${holder}; this simple log has no lock waits, so the write is refused.`,
    );
  // txnProblem checked that the table exists; one scan finds the row for the before image, `pos` and the write.
  const rows = own(state.tables, action.table) ?? [];
  const at = indexOfKey(rows, action.key);
  const before = at >= 0 ? rows[at].values : null;
  let after: Row | null;
  if (action.type === 'insert') {
    if (before) refuse(`${action.table} already has a row with key "${action.key}".`);
    after = { ...action.values };
  } else if (action.type === 'update') {
    if (!before) refuse(`${action.table} has no row with key "${action.key}".`);
    const next: Record<string, Row[string]> = { ...before, ...action.set };
    const add = action.add ?? {};
    for (const col in add) {
      const n = add[col];
      const old = before[col];
      if (typeof old !== 'number') refuse(`${action.table}.${col} is not a number.`);
      next[col] = old + n;
    }
    after = next;
  } else {
    if (!before) refuse(`${action.table} has no row with key "${action.key}".`);
    after = null;
  }
  // The rule that gives the log its name: the intent is written before the table changes.
  const record = append(state, {
    kind: 'WRITE',
    tx: action.tx,
    op: action.type,
    table: action.table,
    key: action.key,
    before,
    after,
    pos: at,
    seq: nextSeq(state),
  });
  const written = state.lastWrite.get(action.table);
  if (written) written.set(action.key, record.seq - 1);
  else state.lastWrite.set(action.table, new Map([[action.key, record.seq - 1]]));
  const undoable = state.undoable.get(action.tx);
  if (undoable) undoable.push(record.seq - 1);
  else state.undoable.set(action.tx, [record.seq - 1]);
  placeRow(rows, at, action.key, after);
  return [
    { type: 'log.appended', record },
    { type: 'row.applied', tx: action.tx, table: action.table, key: action.key, before, after },
  ];
}

/** Undo the writes of these transactions from their before images, newest record first. */
export function undo(state: State, txs: ReadonlySet<string>): { table: string; key: string; tx: string }[] {
  const indexes = [...txs].flatMap((tx) => state.undoable.get(tx) ?? []).sort((a, b) => b - a);
  const restored: { table: string; key: string; tx: string }[] = [];
  for (const i of indexes) {
    const r = state.log.at(i);
    if (r?.kind !== 'WRITE') continue;
    putRow(state, r.table, r.key, r.before, r.pos);
    restored.push({ table: r.table, key: r.key, tx: r.tx });
  }
  for (const tx of txs) close(state, tx);
  return restored;
}

/** A transaction ends: its writes are never undone again and no longer block other writers. */
function close(state: State, tx: string): void {
  for (const i of state.undoable.get(tx) ?? []) {
    const r = state.log.at(i);
    if (r?.kind !== 'WRITE') continue;
    const written = state.lastWrite.get(r.table);
    if (written?.get(r.key) === i) written.delete(r.key);
  }
  state.undoable.delete(tx);
}

/** The active transaction that last wrote this row, if another one did: the simple log's only lock. */
function writer(state: State, table: string, key: string, self: string): string | null {
  const i = state.lastWrite.get(table)?.get(key);
  const r = i === undefined ? undefined : state.log.at(i);
  if (!r || r.kind !== 'WRITE') return null;
  return r.tx !== self && state.txns.get(r.tx) === 'active' ? r.tx : null;
}

function step(state: State, action: Action): Event[] {
  if (action.type === 'recover') {
    if (state.phase !== 'crashed') refuse('Nothing to recover: the database is running.');
    return recover(state);
  }
  const problem = txnProblem(state, action);
  if (problem) refuse(problem);
  switch (action.type) {
    case 'begin': {
      state.txns.set(action.tx, 'active');
      return [{ type: 'log.appended', record: append(state, { kind: 'BEGIN', tx: action.tx, seq: nextSeq(state) }) }];
    }
    case 'insert':
    case 'update':
    case 'delete':
      return write(state, action);
    case 'commit': {
      const record = append(state, { kind: 'COMMIT', tx: action.tx, seq: nextSeq(state) });
      state.txns.set(action.tx, 'committed');
      state.commits.push(action.tx);
      state.committedRecords += 2 + (state.undoable.get(action.tx)?.length ?? 0);
      close(state, action.tx);
      return [
        { type: 'log.appended', record },
        { type: 'txn.committed', tx: action.tx },
      ];
    }
    case 'rollback': {
      const restored = undo(state, new Set([action.tx]));
      const record = append(state, { kind: 'ABORT', tx: action.tx, byRecovery: false, seq: nextSeq(state) });
      state.txns.set(action.tx, 'aborted');
      return [
        { type: 'log.appended', record },
        { type: 'txn.aborted', tx: action.tx, restored: restored.length },
      ];
    }
    case 'crash': {
      const inFlight = [...state.txns.open()].filter(([, s]) => s === 'active').map(([t]) => t);
      for (const t of inFlight) state.txns.set(t, 'lost');
      state.phase = 'crashed';
      state.recovery = null;
      state.crashes += 1;
      return [{ type: 'node.crashed', inFlight }];
    }
  }
}

function uncommitted(state: State): View['uncommitted'] {
  const out: Record<string, Record<string, string>> = {};
  for (const indexes of state.undoable.values()) {
    for (const i of indexes) {
      const r = state.log.at(i);
      if (r?.kind !== 'WRITE') continue;
      const rows = own(out, r.table) ?? (out[r.table] = {});
      rows[r.key] = r.tx;
    }
  }
  return out;
}

/** The recovery report with a verdict for each record the frame carries and recovery read. */
function withVerdicts(state: State, log: readonly LogRecord[]): View['recovery'] {
  const r = state.recovery;
  if (!r) return null;
  const committed = new Set(r.committed);
  const verdicts: Record<number, Verdict> = {};
  for (const rec of log) if (rec.seq <= r.upTo) verdicts[rec.seq] = committed.has(rec.tx) ? 'kept' : 'discarded';
  return { ...r, verdicts };
}

/** How many of the newest log records a frame carries: enough for any panel, small enough for 60 fps. */
const VIEW_LOG_RECORDS = 400;

/**
 * A snapshot copy that shares what never changes in place: log records, rows and recovery
 * reports are replaced, never mutated; the log, the commit list and the settled statuses share
 * their sealed parts (persistent.ts), so a copy costs about the same at step 10,000 as at step 100.
 */
function clone(state: State): State {
  const tables: State['tables'] = {};
  for (const name of Object.keys(state.tables)) tables[name] = state.tables[name].slice();
  const undoable: State['undoable'] = new Map();
  for (const [tx, indexes] of state.undoable) undoable.set(tx, indexes.slice());
  const lastWrite: State['lastWrite'] = new Map();
  state.lastWrite.forEach((keys, table) => lastWrite.set(table, copyMap(keys)));
  return {
    ...state,
    work: { ...state.work },
    tables,
    log: state.log.copy(),
    txns: state.txns.copy(),
    commits: state.commits.copy(),
    lastWrite,
    undoable,
  };
}

/** The simplest write-ahead log (the Atomicity article's seed form): log the intent, then apply it. */
export const intentLog = defineLab({
  schema,
  init(options, seed): { state: State; events: Event[] } {
    const tables: State['tables'] = {};
    for (const [name, rows] of Object.entries(options.tables)) tables[name] = rows.map((r) => ({ ...r }));
    const state: State = {
      clock: 0,
      rng: seedRng(seed),
      work: meter(),
      tables,
      log: AppendList.empty(),
      txns: TxnTable.empty(),
      commits: AppendList.empty(),
      committedRecords: 0,
      phase: 'running',
      recovery: null,
      crashes: 0,
      lastWrite: new Map(),
      undoable: new Map(),
    };
    return { state, events: [{ type: 'lab.started', tables: Object.keys(tables) }] };
  },
  step,
  clone,
  view(state): View {
    const log = state.log.slice(-VIEW_LOG_RECORDS);
    return {
      phase: state.phase,
      tables: state.tables,
      log,
      logLength: state.log.length,
      txns: state.txns.toRecord(),
      recovery: withVerdicts(state, log),
      uncommitted: uncommitted(state),
    };
  },
  describe,
  label,
  suggest,
  check: checkOutcome,
  summarize: (state) => ({
    phase: state.phase,
    committed: [...state.txns].filter(([, s]) => s === 'committed').map(([t]) => t),
    lost: [...state.txns].filter(([, s]) => s !== 'committed' && s !== 'active').map(([t]) => t),
    logRecords: state.log.length,
    crashes: state.crashes,
    rows: state.tables,
  }),
});
