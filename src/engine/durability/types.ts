import type { BaseState } from '../core/lab';
import type { Ctid, HeapPage, Row, Value } from './page';

export type { Row, Value };

/** A row of a table by primary key, as scenarios and expectations spell it. */
export interface KeyedRow {
  readonly key: string;
  readonly values: Row;
}

/** A transaction as the scenario names it (`T1`); the engine gives it a real xid. */
export type TxName = string;

/** The settings (GUCs) the lab models, with PostgreSQL's names. Changeable with `set`. */
export interface Settings {
  /** full_page_writes: log a whole page image on its first change after a checkpoint's REDO point. */
  full_page_writes: boolean;
  /** synchronous_commit: on waits for the commit record to be flushed; off leaves it to the WAL writer. */
  synchronous_commit: boolean;
  /** checkpoint_timeout, in logical ticks (0 turns timed checkpoints off). */
  checkpoint_timeout: number;
  /** max_wal_size, in kB of WAL since the last REDO point (PostgreSQL starts at max_wal_size / (1 + target)). */
  max_wal_size: number;
  /** checkpoint_completion_target: the share of checkpoint_timeout a spread checkpoint may take. */
  checkpoint_completion_target: number;
  /** bgwriter_lru_maxpages: the most dirty buffers the background writer writes per round (0: off). */
  bgwriter_lru_maxpages: number;
  /** bgwriter_delay, in ticks between background writer rounds. */
  bgwriter_delay: number;
  /** wal_writer_delay, in ticks between WAL writer flushes. */
  wal_writer_delay: number;
  /** commit_delay, in ticks a committing transaction waits so others can share its flush (0: off). */
  commit_delay: number;
  /** commit_siblings: commit_delay only applies with at least this many other open transactions. */
  commit_siblings: number;
  /** wal_buffers, in kB: when unwritten WAL exceeds it, a backend must write WAL out itself. */
  wal_buffers: number;
}

export type SettingName = keyof Settings;

/** Scenario options. Settings left out take the lab's defaults (see engine.ts). */
export interface Options extends Partial<Settings> {
  /** shared_buffers, in 8 kB frames. */
  readonly frames?: number;
  /** Tables and their rows before the first action: loaded, checkpointed and on disk. */
  readonly tables?: Readonly<Record<string, readonly KeyedRow[]>>;
  /** Skip building event objects (benchmarks); not part of scenario files. */
  readonly quiet?: boolean;
}

export type Action =
  | { readonly type: 'begin'; readonly tx: TxName }
  | { readonly type: 'insert'; readonly tx: TxName; readonly table: string; readonly key: string; readonly values: Row }
  | {
      readonly type: 'update';
      readonly tx: TxName;
      readonly table: string;
      readonly key: string;
      /** Columns set to a value. */
      readonly set?: Row;
      /** Numeric columns incremented (`balance = balance + n`). */
      readonly add?: Readonly<Record<string, number>>;
    }
  | { readonly type: 'delete'; readonly tx: TxName; readonly table: string; readonly key: string }
  | { readonly type: 'commit'; readonly tx: TxName }
  | { readonly type: 'abort'; readonly tx: TxName }
  /** SELECT by key: loads the page into the buffer pool. Without tx it reads committed data. */
  | { readonly type: 'read'; readonly table: string; readonly key: string; readonly tx?: TxName }
  /** The CHECKPOINT command: immediate. `spread` asks for a paced one like a timed checkpoint. */
  | { readonly type: 'checkpoint'; readonly spread?: boolean }
  /** Let logical time pass: the WAL writer, background writer and checkpointer run. */
  | { readonly type: 'tick'; readonly n?: number }
  | { readonly type: 'set'; readonly name: SettingName; readonly value: boolean | number }
  | { readonly type: 'crash' }
  | { readonly type: 'recover' };

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
  /** Primary-key entries it replaced, so an abort can put them back (see heap.ts). */
  undo: { table: string; key: string; prev: Ctid | null }[];
  /** Why it ended as it did, once recovery has judged it. */
  reason: string;
}

export type WalKind =
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'COMMIT'
  | 'ABORT'
  | 'CHECKPOINT_ONLINE'
  | 'CHECKPOINT_SHUTDOWN';

/**
 * One WAL record. Every record has the same shape (unused fields null or 0) so the replay
 * loop stays monomorphic. Block 0 is the page changed (the new page of an UPDATE); block 1 is
 * the old page of an UPDATE that moved the row to another page.
 */
export interface WalRecord {
  /** Start LSN. */
  readonly lsn: number;
  /** EndRecPtr: what pages changed by this record get as pd_lsn. */
  readonly end: number;
  /** xl_tot_len. */
  readonly size: number;
  readonly kind: WalKind;
  readonly xid: number;
  /** Table (relation name) of the blocks, or null. */
  readonly rel: string | null;
  readonly block: number;
  readonly offset: number;
  /** XLOG_HEAP_INIT_PAGE: the first tuple on a fresh page; redo starts from an empty page. */
  readonly init: boolean;
  /** Full-page image of block 0, taken after the change. */
  readonly fpi: HeapPage | null;
  readonly oldBlock: number;
  readonly oldOffset: number;
  readonly oldFpi: HeapPage | null;
  /** The new tuple of an INSERT or UPDATE. */
  readonly key: string | null;
  readonly data: Row | null;
  readonly len: number;
  /** Checkpoint records: their REDO point. */
  readonly redo: number;
}

export interface Frame {
  /** The buffer tag: page key (`16384/0`), or null for a free frame. */
  tag: string | null;
  page: HeapPage | null;
  dirty: boolean;
  /** refcount: backends using the page right now; a pinned buffer is never evicted. */
  pin: number;
  /** usage_count (0..5): bumped on access, lowered by the clock hand. */
  usage: number;
}

export interface Relation {
  readonly name: string;
  /** relfilenode: the file under base/5/. */
  readonly relfilenode: number;
  /** Blocks in the file (smgrnblocks), counting those only in shared buffers. */
  nblocks: number;
  /** Primary key -> ctid of the current version (stands in for the btree index). */
  pk: Record<string, Ctid>;
}

/** pg_control: the only file recovery trusts blindly. Written atomically at checkpoint end. */
export interface ControlFile {
  state: 'in production' | 'shut down' | 'in crash recovery';
  /** Latest checkpoint location. */
  checkPoint: number;
  /** Latest checkpoint's REDO location: where replay starts. */
  redo: number;
  nextXid: number;
  /** Logical time of the checkpoint. */
  time: number;
}

export type CheckpointReason = 'immediate' | 'time' | 'wal' | 'end-of-recovery' | 'shutdown';

export interface CheckpointRun {
  readonly reason: CheckpointReason;
  readonly startedAt: number;
  readonly redo: number;
  /** Buffers dirty at the start (BM_CHECKPOINT_NEEDED), in write order. */
  readonly toWrite: string[];
  /** Index of the next page in toWrite. */
  next: number;
  written: number;
  readonly pagesPerTick: number;
  finishedAt: number | null;
  /** LSN of the checkpoint record, once written. */
  lsn: number | null;
}

export interface Counters {
  walBytes: number;
  walRecords: number;
  fpiCount: number;
  fpiBytes: number;
  /** Data pages handed to the kernel, by who wrote them. */
  pagesWritten: number;
  writesByCheckpointer: number;
  writesByBgwriter: number;
  writesByBackend: number;
  /** fsync calls: WAL flushes, data files at checkpoint, pg_control. */
  fsyncs: number;
  walFlushes: number;
  bufferHits: number;
  bufferReads: number;
  evictions: number;
  recordsReplayed: number;
  checkpoints: number;
}

/** What the last recovery did. */
export interface RecoveryReport {
  readonly from: number;
  readonly checkpoint: number;
  replayed: number;
  applied: number;
  skipped: number;
  fpiRestored: number;
  /** Replay position reached. */
  position: number;
  readonly survived: { tx: TxName; xid: number; reason: string }[];
  readonly lost: { tx: TxName; xid: number; reason: string }[];
  /** Pages found torn on disk (bad checksum): repaired by a full-page image, or fatal. */
  readonly torn: string[];
  /** Set when recovery stopped (a torn page without a full-page image). */
  failed: string | null;
}

/**
 * One point of the run's recovery-work history, for the chart: how far the REDO point was
 * behind the insert position and how much a recovery would replay (or did replay).
 */
export interface HistoryPoint {
  /** The step (the kernel's clock) and the logical time. */
  readonly step: number;
  readonly now: number;
  /**
   * `checkpoint`: just before a checkpoint moved the REDO point (the distance it cut);
   * `recovery`: a crash recovery (what it replayed); `sample`: every few steps.
   */
  readonly kind: 'checkpoint' | 'recovery' | 'sample';
  /** WAL bytes from the REDO point to the insert position (for a recovery: to where replay ended). */
  readonly walBytesSinceRedo: number;
  /** WAL records from the REDO point on: what a crash at that moment would replay. */
  readonly recordsSinceRedo: number;
  /** Records the recovery replayed; 0 for other points. */
  readonly recordsReplayed: number;
}

export interface State extends BaseState {
  settings: Settings;
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
    insert: number;
    /** Written to the kernel (LogwrtResult.Write). */
    written: number;
    /** fsync'd (LogwrtResult.Flush): survives a crash. */
    flushed: number;
    walWriterAt: number;
  };
  control: ControlFile;
  /** RedoRecPtr in shared memory: the REDO point of the latest started checkpoint (drives FPIs). */
  redoRecPtr: number;
  checkpoint: CheckpointRun | null;
  checkpoints: CheckpointRun[];
  /** pg_xact in shared memory: 0 in progress, 1 committed, 2 aborted, indexed by xid. */
  clog: number[];
  /** pg_xact as last written by a checkpoint. */
  clogDurable: number[];
  nextXid: number;
  txns: Record<TxName, TxnInfo>;
  /** Transactions whose commit record is inserted but not yet flushed (synchronous_commit = on). */
  commitWaiters: TxName[];
  xidNames: Record<number, TxName>;
  bgwriter: { at: number; allocs: number };
  counters: Counters;
  recovery: RecoveryReport | null;
  crashes: number;
  /** Recovery work over the run (see HistoryPoint); samples are thinned as it grows. */
  history: HistoryPoint[];
  /** Steps between two `sample` points; doubles each time the history is thinned. */
  historyEvery: number;
}

export type { Event, ReplayOutcome } from './events';

export interface Range {
  readonly min?: number;
  readonly max?: number;
}

export interface Expected {
  /** Visible rows of each named table, in any order. */
  readonly rows?: Readonly<Record<string, readonly KeyedRow[]>>;
  /** Transactions whose commit must have survived. */
  readonly committed?: readonly TxName[];
  /** Transactions that must have ended without effect (aborted or lost). */
  readonly lost?: readonly TxName[];
  readonly phase?: State['phase'];
  /** Bounds on counters, e.g. `{ recordsReplayed: { max: 3 } }`. */
  readonly counters?: Readonly<Partial<Record<keyof Counters, Range>>>;
  /** Whether the last recovery found a torn page. */
  readonly tornPage?: boolean;
}
