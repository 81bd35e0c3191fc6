import type { EventOfType } from '../core/lab';
import type { Row } from './page';
import type { CheckpointReason, RecoveryReport, SettingName, TxName, WalKind } from './types';

/** How a page's WAL record was handled during replay. */
export type ReplayOutcome = 'applied' | 'skipped';

/**
 * The lab's events: each names what changed, `<noun>.<pastTense>`, in PostgreSQL's terms, as
 * plain data. LSNs are numbers (format them with formatLsn); pages are `relfilenode/block` keys.
 * A refused action is the kernel's `action.refused`, never an event of the lab.
 */
export type Event =
  | EventOfType<'lab.started', { tables: string[]; frames: number; checkpoint: number }>
  | EventOfType<'txn.began', { tx: TxName; xid: number }>
  | EventOfType<'wal.inserted', { lsn: number; end: number; kind: WalKind; size: number; xid: number; page: string | null; fpi: boolean }>
  | EventOfType<'wal.written', { upTo: number; reason: string }>
  | EventOfType<'wal.flushed', { upTo: number; reason: string; txns: TxName[] }>
  | EventOfType<'page.read', { page: string; frame: number; from: 'os' | 'disk' | 'new' }>
  | EventOfType<'page.hit', { page: string; frame: number }>
  | EventOfType<'page.evicted', { page: string; frame: number; dirty: boolean }>
  | EventOfType<'page.dirtied', { page: string; frame: number; lsn: number }>
  /** A dirty buffer handed to the kernel (FlushBuffer), from buffer frame `frame`. */
  | EventOfType<'page.written', { page: string; frame: number; lsn: number; by: 'checkpointer' | 'bgwriter' | 'backend' | 'startup' }>
  | EventOfType<'tuple.inserted', { table: string; key: string; ctid: string; xmin: number }>
  /**
   * heap_page_prune_opt pruned a page on access (prune.ts): `redirected` chain roots now lead to
   * their first live version, `dead` roots wait for VACUUM, `unused` slots are free; Heap2 PRUNE logged.
   */
  | EventOfType<'page.pruned', { table: string; block: number; redirected: number; dead: number; unused: number; freedBytes: number }>
  /** xmax set on a tuple: this version ends with that transaction (a DELETE, or the old version of an UPDATE). */
  | EventOfType<'tuple.expired', { table: string; key: string; ctid: string; xmax: number }>
  | EventOfType<
      'table.vacuumed',
      {
        table: string;
        removed: number;
        remain: number;
        deadNotRemovable: number;
        oldestXmin: number;
        indexEntriesRemoved: number;
        live: number;
        dead: number;
        /** The transaction holding the xmin horizon (its snapshot or its xid), if any. */
        heldBy: string | null;
        /** Run by autovacuum rather than by hand. */
        auto: boolean;
        /** Pages in the table after it, and empty tail pages it cut off. */
        pages: number;
        pagesRemoved: number;
      }
    >
  /** A btree page split (btree.ts): the left half stays on `block`, the right half is the new block `right`. */
  | EventOfType<
      'index.split',
      {
        table: string;
        block: number;
        right: number;
        level: number;
        kind: 'SPLIT_L' | 'SPLIT_R';
        /** The left page's new high key. */
        key: string;
      }
    >
  /** The autovacuum launcher checked a table against its thresholds; `vacuum`: a worker vacuums it now. */
  | EventOfType<
      'autovacuum.checked',
      { table: string; dead: number; threshold: number; inserted: number; insertThreshold: number | null; vacuum: boolean }
    >
  /** VACUUM cut empty pages off the end of the table's file (Storage TRUNCATE). */
  | EventOfType<'table.truncated', { table: string; from: number; to: number }>
  | EventOfType<'row.read', { table: string; key: string; ctid: string | null; values: Row | null }>
  /** commit_delay: the commit record is in, and the flush waits until tick `until` so others can share it. */
  | EventOfType<'txn.delayed', { tx: TxName; until: number }>
  | EventOfType<'txn.committed', { tx: TxName; durable: boolean }>
  | EventOfType<'txn.aborted', { tx: TxName }>
  /**
   * One fsync call, the moment data becomes durable: `wal` (XLogFlush, `upTo` the new flush
   * position, `file` the segment), `data` (a data file at a checkpoint) or `control`
   * (pg_control). Counters.fsyncs counts these events.
   */
  | EventOfType<'file.synced', { target: 'wal' | 'data' | 'control'; file: string; upTo: number | null }>
  | EventOfType<'checkpoint.started', { reason: CheckpointReason; redo: number; pages: number }>
  | EventOfType<'checkpoint.finished', { lsn: number; redo: number; written: number }>
  | EventOfType<'control.updated', { checkPoint: number; redo: number }>
  /** Logical time moved by one tick (`State.now`, not the kernel's step clock). */
  | EventOfType<'clock.advanced', { from: number; to: number }>
  | EventOfType<'setting.changed', { name: SettingName; value: boolean | number }>
  /** The power failed: WAL not yet flushed and page writes in the OS cache are gone; `torn` names a half-written page. */
  | EventOfType<'node.crashed', { lostWal: number; lostPages: number; torn: string | null }>
  | EventOfType<'recovery.started', { checkpoint: number; redo: number; records: number }>
  | EventOfType<
      'record.replayed',
      { lsn: number; kind: WalKind; xid: number; page: string | null; outcome: ReplayOutcome; fpi: boolean; reason: string }
    >
  /** Recovery found a torn page (bad checksum): repaired by a full-page image, or fatal. */
  | EventOfType<'tornPage.detected', { page: string; repaired: boolean }>
  | EventOfType<'recovery.failed', { reason: string }>
  /** Redo is done and every transaction judged; the end-of-recovery checkpoint follows. */
  | EventOfType<'recovery.finished', { survived: RecoveryReport['survived']; lost: RecoveryReport['lost']; replayed: number }>;
