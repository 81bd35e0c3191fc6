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
  | { readonly type: 'lab.started'; readonly tables: string[]; readonly frames: number; readonly checkpoint: number }
  | { readonly type: 'txn.began'; readonly tx: TxName; readonly xid: number }
  | {
      readonly type: 'wal.inserted';
      readonly lsn: number;
      readonly end: number;
      readonly kind: WalKind;
      readonly size: number;
      readonly xid: number;
      readonly page: string | null;
      readonly fpi: boolean;
    }
  | { readonly type: 'wal.written'; readonly upTo: number; readonly reason: string }
  | { readonly type: 'wal.flushed'; readonly upTo: number; readonly reason: string; readonly txns: TxName[] }
  | { readonly type: 'page.read'; readonly page: string; readonly frame: number; readonly from: 'os' | 'disk' | 'new' }
  | { readonly type: 'page.hit'; readonly page: string; readonly frame: number }
  | { readonly type: 'page.evicted'; readonly page: string; readonly frame: number; readonly dirty: boolean }
  | { readonly type: 'page.dirtied'; readonly page: string; readonly frame: number; readonly lsn: number }
  /** A dirty buffer handed to the kernel (FlushBuffer), from buffer frame `frame`. */
  | {
      readonly type: 'page.written';
      readonly page: string;
      readonly frame: number;
      readonly lsn: number;
      readonly by: 'checkpointer' | 'bgwriter' | 'backend' | 'startup';
    }
  | { readonly type: 'tuple.inserted'; readonly table: string; readonly key: string; readonly ctid: string; readonly xmin: number }
  /** xmax set on a tuple: this version ends with that transaction (a DELETE, or the old version of an UPDATE). */
  /**
   * heap_page_prune_opt pruned a page on access (prune.ts): `redirected` chain roots now lead to
   * their first live version, `dead` roots wait for VACUUM, `unused` slots are free; Heap2 PRUNE logged.
   */
  | {
      readonly type: 'page.pruned';
      readonly table: string;
      readonly block: number;
      readonly redirected: number;
      readonly dead: number;
      readonly unused: number;
      readonly freedBytes: number;
    }
  | { readonly type: 'tuple.expired'; readonly table: string; readonly key: string; readonly ctid: string; readonly xmax: number }
  | {
      readonly type: 'table.vacuumed';
      readonly table: string;
      readonly removed: number;
      readonly remain: number;
      readonly deadNotRemovable: number;
      readonly oldestXmin: number;
      readonly indexEntriesRemoved: number;
      readonly live: number;
      readonly dead: number;
      /** The transaction holding the xmin horizon (its snapshot or its xid), if any. */
      readonly heldBy: string | null;
      /** Run by autovacuum rather than by hand. */
      readonly auto: boolean;
      /** Pages in the table after it, and empty tail pages it cut off. */
      readonly pages: number;
      readonly pagesRemoved: number;
    }
  /** A btree page split (btree.ts): the left half stays on `block`, the right half is the new block `right`. */
  | {
      readonly type: 'index.split';
      readonly table: string;
      readonly block: number;
      readonly right: number;
      readonly level: number;
      readonly kind: 'SPLIT_L' | 'SPLIT_R';
      /** The left page's new high key. */
      readonly key: string;
    }
  /** The autovacuum launcher checked a table against its thresholds; `vacuum`: a worker vacuums it now. */
  | {
      readonly type: 'autovacuum.checked';
      readonly table: string;
      readonly dead: number;
      readonly threshold: number;
      readonly inserted: number;
      readonly insertThreshold: number | null;
      readonly vacuum: boolean;
    }
  /** VACUUM cut empty pages off the end of the table's file (Storage TRUNCATE). */
  | { readonly type: 'table.truncated'; readonly table: string; readonly from: number; readonly to: number }
  | { readonly type: 'row.read'; readonly table: string; readonly key: string; readonly ctid: string | null; readonly values: Row | null }
  /** commit_delay: the commit record is in, and the flush waits until tick `until` so others can share it. */
  | { readonly type: 'txn.delayed'; readonly tx: TxName; readonly until: number }
  | { readonly type: 'txn.committed'; readonly tx: TxName; readonly durable: boolean }
  | { readonly type: 'txn.aborted'; readonly tx: TxName }
  /**
   * One fsync call, the moment data becomes durable: `wal` (XLogFlush, `upTo` the new flush
   * position, `file` the segment), `data` (a data file at a checkpoint) or `control`
   * (pg_control). Counters.fsyncs counts these events.
   */
  | { readonly type: 'file.synced'; readonly target: 'wal' | 'data' | 'control'; readonly file: string; readonly upTo: number | null }
  | { readonly type: 'checkpoint.started'; readonly reason: CheckpointReason; readonly redo: number; readonly pages: number }
  | { readonly type: 'checkpoint.finished'; readonly lsn: number; readonly redo: number; readonly written: number }
  | { readonly type: 'control.updated'; readonly checkPoint: number; readonly redo: number }
  /** Logical time moved by one tick (`State.now`, not the kernel's step clock). */
  | { readonly type: 'clock.advanced'; readonly from: number; readonly to: number }
  | { readonly type: 'setting.changed'; readonly name: SettingName; readonly value: boolean | number }
  /** The power failed: WAL not yet flushed and page writes in the OS cache are gone; `torn` names a half-written page. */
  | { readonly type: 'node.crashed'; readonly lostWal: number; readonly lostPages: number; readonly torn: string | null }
  | { readonly type: 'recovery.started'; readonly checkpoint: number; readonly redo: number; readonly records: number }
  | {
      readonly type: 'record.replayed';
      readonly lsn: number;
      readonly kind: WalKind;
      readonly xid: number;
      readonly page: string | null;
      readonly outcome: ReplayOutcome;
      readonly fpi: boolean;
      readonly reason: string;
    }
  /** Recovery found a torn page (bad checksum): repaired by a full-page image, or fatal. */
  | { readonly type: 'tornPage.detected'; readonly page: string; readonly repaired: boolean }
  | { readonly type: 'recovery.failed'; readonly reason: string }
  | {
      /** Redo is done and every transaction judged; the end-of-recovery checkpoint follows. */
      readonly type: 'recovery.finished';
      readonly survived: RecoveryReport['survived'];
      readonly lost: RecoveryReport['lost'];
      readonly replayed: number;
    };
