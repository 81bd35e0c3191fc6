import type { Lsn } from '../wal/lsn';
import type { Column } from '../wal/tuple';
import type { Ctid, HeapPage, Row } from './page';
import type { Btree } from './model-btree';

/**
 * The structures the engine's state is made of, in PostgreSQL's terms: WAL records, buffer
 * frames, relations, pg_control, checkpoints, counters, the recovery report and the chart's
 * history. Plain data only (the state is structuredClone-able).
 */

/** A transaction as the scenario names it (`T1`); the engine gives it a real xid. */
export type TxName = string;

/**
 * The record types the lab writes, named as pg_waldump names them: heapam's, the primary-key
 * btree's INSERT_LEAF, VACUUM's (Heap2 PRUNE, VACUUM, VISIBLE; Btree VACUUM, named BTREE_VACUUM
 * here and VACUUM by pg_waldump), xact's, the standby snapshot a checkpoint logs and the checkpoint itself.
 */
export type WalKind =
  | 'INSERT'
  | 'UPDATE'
  | 'HOT_UPDATE'
  | 'DELETE'
  | 'LOCK'
  | 'INSERT_LEAF'
  | 'INSERT_UPPER'
  | 'SPLIT_L'
  | 'SPLIT_R'
  | 'NEWROOT'
  | 'PRUNE'
  | 'VACUUM'
  | 'VISIBLE'
  | 'BTREE_VACUUM'
  | 'TRUNCATE'
  | 'STANDBY_LOCK'
  | 'COMMIT'
  | 'ABORT'
  | 'RUNNING_XACTS'
  | 'CHECKPOINT_ONLINE'
  | 'CHECKPOINT_SHUTDOWN';

/**
 * One WAL record. Every record has the same shape (unused fields null or 0) so the replay
 * loop stays monomorphic. Block 0 is the page changed (the new page of an UPDATE); block 1 is
 * the old page of an UPDATE that moved the row to another page.
 */
export interface WalRecord {
  /** Start LSN. */
  readonly lsn: Lsn;
  /** EndRecPtr: what pages changed by this record get as pd_lsn. */
  readonly end: Lsn;
  /** xl_tot_len. */
  readonly size: number;
  /** pg_waldump's `rec` length: xl_tot_len without the page images' bytes. */
  readonly rec: number;
  readonly kind: WalKind;
  /**
   * What pg_waldump's `desc:` prints after the record type, for the rare records whose description
   * is not made of the fields below (RUNNING_XACTS, checkpoints); '' for the others, which
   * waldump.ts describes from their fields when asked (a string per record would cost every run).
   */
  readonly desc: string;
  /** xl_heap_update's flags (prefix/suffix compression); 0 for other records. */
  readonly flags: number;
  /** Logical time of the insert (a commit record's timestamp). */
  readonly time: number;
  readonly xid: number;
  /** Table (relation name) of the blocks, or null. An INSERT_LEAF's block is in the table's primary-key index. */
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
  readonly redo: Lsn;
  /**
   * VACUUM's offsets: PRUNE's [nredirected, ndead, redirect pairs (from, to)..., dead..., unused...];
   * Heap2 VACUUM's unused offsets; BTREE_VACUUM's deleted heap ctids. Null for other records.
   */
  readonly lps: readonly number[] | null;
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
  /** Primary key -> ctid of the current version: how the lab finds a row (lookups do not walk the btree). */
  pk: Record<string, Ctid>;
  /** Its columns after the text primary key, typed from the first row (how tuples are laid out). */
  readonly columns: readonly Column[];
  /** The primary-key btree (btree.ts): its pages, drawn by the index panel; lookups still use `pk`. */
  index: Btree;
  /**
   * No primary key (`withoutPrimaryKey`: pgbench_history, as `pgbench -i` creates it): an INSERT
   * writes its heap record alone (no btree entry, no uniqueness check, a key may repeat); `pk`
   * still names each key's newest row, but a read, UPDATE, DELETE or VACUUM is refused (each would
   * scan the whole table, which the lab does not model). The btree stays empty.
   */
  keyless?: boolean;
  /** The visibility map's all-visible bits: block -> end of the VISIBLE record that set it (vacuum.ts). */
  vm: Record<number, number>;
  /** pd_lsn of the visibility map's page (one page covers every block the lab makes). */
  vmLsn: number;
  /** pg_stat_user_tables: n_live_tup, n_dead_tup, n_ins_since_vacuum (counted at transaction end, reset by VACUUM; stats.ts). */
  stats: TableStats;
  /** pg_class.reltuples: live rows as the last VACUUM counted them (the loaded rows at the start). */
  reltuples: number;
  /** The free space map's leaf: block -> category (free bytes / 32, 255 for an empty page) as last recorded (fsm.ts). */
  fsm: Record<number, number>;
  /** fp_next_slot of the FSM page: where the next search starts. */
  fsmNext: number;
  /** The highest category the FSM's upper levels know of (set by VACUUM's FreeSpaceMapVacuum). */
  fsmUpper: number;
  /** The table's size in pages over the run: a point at every step that changed it (for the chart; points never mutated). */
  sizes: SizePoint[];
  /** The last VACUUM's report and when it ran, or null. */
  lastVacuum: VacuumRun | null;
}

export interface TableStats {
  live: number;
  dead: number;
  insSinceVacuum: number;
  /** vacuum_count and autovacuum_count. */
  vacuums: number;
  autovacuums: number;
}

/** A point of a table's size history. */
export interface SizePoint {
  readonly step: number;
  readonly now: number;
  readonly pages: number;
  readonly live: number;
  readonly dead: number;
}

/** What VACUUM VERBOSE reports, and when it ran (step, logical time, by autovacuum or by hand). */
export interface VacuumRun {
  readonly step: number;
  readonly now: number;
  readonly auto: boolean;
  readonly removed: number;
  readonly remain: number;
  readonly deadNotRemovable: number;
  readonly oldestXmin: number;
  /** The transaction whose xid or snapshot set oldestXmin, if any. */
  readonly heldBy: string | null;
  readonly pagesRemoved: number;
  readonly pages: number;
}

/** pg_control: the only file recovery trusts blindly. Written atomically at checkpoint end. */
export interface ControlFile {
  state: 'in production' | 'shut down' | 'in crash recovery';
  /** Latest checkpoint location. */
  checkPoint: Lsn;
  /** Latest checkpoint's REDO location: where replay starts. */
  redo: Lsn;
  nextXid: number;
  /** Logical time of the checkpoint. */
  time: number;
}

export type CheckpointReason = 'immediate' | 'time' | 'wal' | 'end-of-recovery' | 'shutdown';

export interface CheckpointRun {
  readonly reason: CheckpointReason;
  readonly startedAt: number;
  readonly redo: Lsn;
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
