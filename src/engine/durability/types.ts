import type { Meter } from '../core/budget';
import type { Lsn } from '../wal/lsn';
import type * as v from 'valibot';
import type { BaseState } from '../core/lab';
import type { CheckpointRun, ControlFile, Counters, Frame, HistoryPoint, RecoveryReport, Relation, TxName, WalRecord } from './model';
import type { Ctid, HeapPage, Row, Value } from './page';
import type { ActionSchema, ExpectedSchema, OptionsSchema, settings } from './schema';

export type { Row, Value };
export type * from './model';
export type * from './model-btree';
export type { Event, ReplayOutcome } from './events';

/** A row of a table by primary key, as scenarios and expectations spell it. */
export interface KeyedRow {
  readonly key: string;
  readonly values: Row;
}

/** Scenario options, as the schema validates them. Settings left out take the lab's defaults (see engine.ts). */
export type Options = v.InferOutput<typeof OptionsSchema>;
/** One action of a scenario, as the schema validates it. */
export type Action = v.InferOutput<typeof ActionSchema>;
/** A preset's expected outcome, as the schema validates it. */
export type Expected = v.InferOutput<typeof ExpectedSchema>;

/** The settings (GUCs) the lab models, with PostgreSQL's names (documented in schema.ts); changeable with `set`. */
export type Settings = { -readonly [K in keyof typeof settings]: v.InferOutput<(typeof settings)[K]> };
export type SettingName = keyof Settings;

/** Client-side view of a transaction. */
export type TxnStatus = 'active' | 'committing' | 'committed' | 'aborted' | 'lost';

export interface TxnInfo {
  readonly name: TxName;
  readonly xid: number;
  status: TxnStatus;
  /** Whether the client was told COMMIT succeeded. */
  acknowledged: boolean;
  /** End LSN of its commit record, once inserted. */
  commitEnd: number;
  /** The synchronous_commit setting it committed under. */
  syncCommit: boolean;
  /** Tick until which a commit_delay holds it back. */
  waitUntil: number;
  /** Primary-key entries it replaced, so an abort can put them back (see heap.ts); `op` feeds pg_stat_user_tables. */
  undo: { table: string; key: string; prev: Ctid | null; op?: 'insert' | 'update' | 'delete' }[];
  /** READ COMMITTED takes a snapshot per statement; REPEATABLE READ keeps its first statement's (horizon.ts). */
  isolation: 'read committed' | 'repeatable read';
  /** The snapshot a repeatable-read transaction holds once its first statement ran (never mutated: replaced). */
  snapshot: Snapshot | null;
  /** Logical time of its last statement (pg_stat_activity's state_change: idle in transaction since). */
  since: number;
  /** Its session's rd_targblock per table: the page its last insert went to, tried first (replaced, never mutated). */
  target: Readonly<Record<string, number>>;
  /** Why it ended as it did, once recovery has judged it. */
  reason: string;
}

/** A snapshot (GetSnapshotData): xids from xmax on, and those in xip, were running when it was taken. */
export interface Snapshot {
  readonly xmin: number;
  readonly xmax: number;
  readonly xip: readonly number[];
}

export interface State extends BaseState {
  settings: Settings;
  /** Ticks run and WAL records replayed so far, against the work budget (budget.ts). */
  work: Meter;
  readonly quiet: boolean;
  /** Logical time in ticks; only `tick` moves it. */
  now: number;
  phase: 'running' | 'crashed' | 'failed';
  tables: Record<string, Relation>;
  pool: { frames: Frame[]; map: Record<string, number>; hand: number; free: number[] };
  disk: {
    /** Data pages that reached stable storage. */
    durable: Record<string, HeapPage>;
    /** Data pages written but not yet fsync'd: gone in a power loss. */
    os: Record<string, HeapPage>;
    /** The last data page write, which a crash in the next step catches half-done. */
    inFlight: { key: string; block: number } | null;
    /** Pages found torn (bad checksum) after a crash. */
    torn: string[];
  };
  wal: {
    records: WalRecord[];
    /** CurrBytePos: the insert position in usable bytes. */
    bytePos: number;
    /** Insert position (end of the last record). */
    insert: Lsn;
    /** Written to the kernel (LogwrtResult.Write). */
    written: Lsn;
    /** fsync'd (LogwrtResult.Flush): survives a crash. */
    flushed: Lsn;
    walWriterAt: number;
  };
  control: ControlFile;
  /** RedoRecPtr in shared memory: the REDO point of the latest started checkpoint (drives FPIs). */
  redoRecPtr: Lsn;
  checkpoint: CheckpointRun | null;
  checkpoints: CheckpointRun[];
  /** pg_xact in shared memory: 0 in progress, 1 committed, 2 aborted, indexed by xid. */
  clog: number[];
  /** pg_xact as last written by a checkpoint. */
  clogDurable: number[];
  nextXid: number;
  txns: Record<TxName, TxnInfo>;
  /** The transactions begun that may still be running, oldest first (the procarray; horizon.ts drops the ended ones lazily). */
  open: TxName[];
  /** Transactions whose commit record is inserted but not yet flushed (synchronous_commit = on). */
  commitWaiters: TxName[];
  xidNames: Record<number, TxName>;
  bgwriter: { at: number; allocs: number };
  /** The autovacuum launcher: logical time of its next check (autovacuum.ts). */
  autovacuum: { next: number };
  counters: Counters;
  recovery: RecoveryReport | null;
  crashes: number;
  /** Recovery work over the run (see HistoryPoint); samples are thinned as it grows. */
  history: HistoryPoint[];
  /** Steps between two `sample` points; doubles each time the history is thinned. */
  historyEvery: number;
}
