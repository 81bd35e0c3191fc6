import { meter } from '../core/budget';
import { defineLab } from '../core/lab';
import { refuse } from '../core/refusal';
import { seedRng } from '../core/rng';
import { schema } from './schema';
import { FIRST_BYTE_POS, INVALID_LSN } from '../wal/lsn';
import { runTicks } from './background';
import { ensureTicks } from './budget';
import { newPool } from './buffer-pool';
import { checkOutcome, summarize } from './check';
import { cloneState } from './clone';
import { checkpointDue, initialControl, requestCheckpoint } from './checkpoint';
import { heapDelete, heapInsert, heapUpdate } from './heap';
import { heapRead } from './heap-read';
import { formatCtid, type Row } from './page';
import { createTable } from './relation';
import { crash, recover } from './recovery';
import { statementStarts } from './horizon';
import { trackSizes } from './stats';
import type { Out } from './storage';
import { FIRST_HISTORY_EVERY, sampleHistory } from './history';
import { describe, label, suggest } from './text';
import { abort, begin, commit } from './txn';
import type { Action, Counters, Event, Options, Settings, State } from './types';
import { view } from './view';
import { checkpointLength } from '../wal/records';
import { vacuumTable } from './vacuum';
import { insertRecord } from './wal';

/** The lab's defaults: PostgreSQL's, with times in ticks and a small buffer pool to watch. */
const DEFAULT_FRAMES = 16;
const DEFAULT_SETTINGS: Settings = {
  full_page_writes: true,
  synchronous_commit: true,
  checkpoint_timeout: 300,
  max_wal_size: 1024 * 1024,
  checkpoint_completion_target: 0.9,
  bgwriter_lru_maxpages: 100,
  bgwriter_delay: 2,
  wal_writer_delay: 2,
  commit_delay: 0,
  commit_siblings: 5,
  wal_buffers: 64,
  autovacuum: false,
  autovacuum_naptime: 60,
  autovacuum_vacuum_threshold: 50,
  autovacuum_vacuum_scale_factor: 0.2,
  autovacuum_vacuum_insert_threshold: 1000,
  autovacuum_vacuum_insert_scale_factor: 0.2,
};

/** The first xid handed to a scenario's transactions (a fresh cluster is a little past 700). */
const FIRST_XID = 750;

const zeroCounters = (): Counters => ({
  walBytes: 0,
  walRecords: 0,
  fpiCount: 0,
  fpiBytes: 0,
  pagesWritten: 0,
  writesByCheckpointer: 0,
  writesByBgwriter: 0,
  writesByBackend: 0,
  fsyncs: 0,
  walFlushes: 0,
  bufferHits: 0,
  bufferReads: 0,
  evictions: 0,
  recordsReplayed: 0,
  checkpoints: 0,
});

/**
 * The state before the first action. `quiet` skips building event objects and the chart's
 * history (benchmarks and property tests); it is not a scenario option.
 */
export function initState(options: Options, seed: number, quiet = false): { state: State; events: Event[] } {
  const frames = Math.max(1, options.frames ?? DEFAULT_FRAMES);
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (options[k] !== undefined) (settings as unknown as Record<string, unknown>)[k] = options[k];
  }
  // wal_buffers = -1 in PostgreSQL: 1/32 of shared_buffers, at least 64 kB, at most 16 MB.
  if (options.wal_buffers === undefined) settings.wal_buffers = Math.min(16384, Math.max(64, (frames * 8) / 32));
  const state: State = {
    clock: 0,
    rng: seedRng(seed),
    settings,
    work: meter(),
    quiet,
    now: 0,
    phase: 'running',
    tables: Object.create(null),
    pool: newPool(frames),
    disk: { durable: {}, os: {}, inFlight: null, torn: [] },
    wal: { records: [], bytePos: FIRST_BYTE_POS, insert: INVALID_LSN, written: INVALID_LSN, flushed: INVALID_LSN, walWriterAt: 0 },
    control: initialControl(INVALID_LSN, FIRST_XID),
    redoRecPtr: INVALID_LSN,
    checkpoint: null,
    checkpoints: [],
    clog: [],
    clogDurable: [],
    nextXid: FIRST_XID,
    txns: {},
    open: [],
    commitWaiters: [],
    xidNames: {},
    bgwriter: { at: 0, allocs: 0 },
    autovacuum: { next: settings.autovacuum_naptime },
    counters: zeroCounters(),
    recovery: null,
    crashes: 0,
    history: [],
    historyEvery: FIRST_HISTORY_EVERY,
  };
  Object.entries(options.tables ?? {}).forEach(([name, rows], i) => createTable(state, name, i, rows));
  // initdb's shutdown checkpoint: the first record of segment 1, at 0/1000028.
  const rec = insertRecord(
    state,
    'CHECKPOINT_SHUTDOWN',
    0,
    null,
    INVALID_LSN,
    checkpointLength(),
    'redo 0/1000028; tli 1; prev tli 1; shutdown',
    null,
  );
  state.wal.records[0] = { ...rec, redo: rec.lsn };
  state.wal.written = state.wal.flushed = rec.end;
  state.control = initialControl(rec.lsn, FIRST_XID);
  state.redoRecPtr = rec.lsn;
  state.counters = zeroCounters();
  const events: Event[] = [{ type: 'lab.started', tables: Object.keys(state.tables), frames, checkpoint: rec.lsn }];
  return { state, events };
}

const NO_EVENTS: Event[] = [];

function problem(state: State, action: Action): string | null {
  if (action.type === 'recover') return state.phase === 'crashed' ? null : 'Nothing to recover: the server is not crashed.';
  if (state.phase === 'crashed') return 'The server is down after the crash: recover first.';
  if (state.phase === 'failed') return 'Recovery failed: the server cannot start. Only a backup can bring this data back.';
  // Names come from scenario data: only own properties count ("toString" is not a table).
  const noTable = 'table' in action && !Object.hasOwn(state.tables, action.table);
  if (!noTable && 'table' in action && action.type !== 'insert' && state.tables[action.table].keyless)
    return `${action.table} has no primary key: this lab finds rows by key only (PostgreSQL would scan the whole table).`;
  if (!('tx' in action) || action.tx === undefined) return noTable ? `There is no table "${action.table}".` : null;
  const t = Object.hasOwn(state.txns, action.tx) ? state.txns[action.tx] : undefined;
  if (action.type === 'begin') return t ? `${action.tx} has already begun.` : null;
  if (!t) return `${action.tx} has not begun.`;
  if (t.status === 'committing') return `${action.tx} is waiting for its commit to be flushed.`;
  if (t.status !== 'active') return `${action.tx} has already ended (${t.status}).`;
  if (noTable) return `There is no table "${action.table}".`;
  return null;
}

function write(state: State, action: Extract<Action, { table: string; tx: string }>, out: Out): string | null {
  const txn = state.txns[action.tx];
  const rel = state.tables[action.table];
  switch (action.type) {
    case 'insert':
      return heapInsert(state, txn, rel, action.key, action.values, out);
    case 'delete':
      return heapDelete(state, txn, rel, action.key, out);
    case 'update':
      return heapUpdate(
        state,
        txn,
        rel,
        action.key,
        (old) => {
          const next: Record<string, Row[string]> = { ...old, ...action.set };
          for (const col in action.add ?? {}) {
            const v = old[col];
            if (typeof v !== 'number') return `${action.table}.${col} is not a number.`;
            next[col] = v + action.add![col];
          }
          return next;
        },
        out,
      );
    default:
      return null;
  }
}

function run(state: State, action: Action, out: Out): string | null {
  switch (action.type) {
    case 'begin':
      begin(state, action.tx, out, 'isolation' in action ? action.isolation : undefined);
      return null;
    case 'insert':
    case 'update':
    case 'delete':
      return write(state, action, out);
    case 'commit':
      commit(state, state.txns[action.tx], out);
      return null;
    case 'abort':
      abort(state, state.txns[action.tx], out);
      return null;
    case 'read': {
      const t = action.tx ? state.txns[action.tx] : null;
      const found = heapRead(state, state.tables[action.table], action.key, t ? t.xid : -1, out, t?.snapshot ?? null);
      if (out)
        out.push({
          type: 'row.read',
          table: action.table,
          key: action.key,
          ctid: found ? formatCtid(found.c) : null,
          values: found ? found.t.data : null,
        });
      return null;
    }
    case 'vacuum':
      vacuumTable(state, state.tables[action.table], out);
      return null;
    case 'checkpoint':
      requestCheckpoint(state, 'immediate', action.spread !== true, out);
      return null;
    case 'tick':
      ensureTicks(state, action.n ?? 1);
      runTicks(state, Math.max(1, action.n ?? 1), out);
      return null;
    case 'set': {
      // The schema checked the value against this setting's range, as for the option.
      Object.assign(state.settings, { [action.name]: action.value });
      if (out) out.push({ type: 'setting.changed', name: action.name, value: action.value });
      return null;
    }
    case 'crash':
      crash(state, out);
      return null;
    case 'recover':
      recover(state, out);
      return null;
  }
}

/**
 * One action. What a user asked for that the server would refuse (no such row, a row lock
 * this lab does not wait for, the server is down) is a Refusal, carrying what happened before
 * it (a page read to find the row); any other exception is an engine bug and propagates.
 */
function step(state: State, action: Action): Event[] {
  const out: Out = state.quiet ? null : [];
  const bad = problem(state, action);
  if (bad) refuse(bad);
  // A write handed to the kernel in the previous step is no longer in flight once time moves on.
  if (action.type !== 'crash') state.disk.inFlight = null;
  statementStarts(state, action);
  const err = run(state, action, out);
  if (err) refuse(err, out ?? []);
  // XLogInsert notices WAL volume crossing max_wal_size's share and wakes the checkpointer.
  if (state.phase === 'running' && !state.checkpoint && checkpointDue(state, false) === 'wal') requestCheckpoint(state, 'wal', false, out);
  sampleHistory(state);
  trackSizes(state);
  return out ?? NO_EVENTS;
}

/** The Durability lab: PostgreSQL's heap pages, buffer pool, WAL, checkpoints and crash recovery. */
export const durability = defineLab({
  schema,
  init: (options, seed) => initState(options, seed),
  step,
  view,
  describe,
  label,
  suggest,
  check: checkOutcome,
  summarize,
  clone: cloneState,
});
