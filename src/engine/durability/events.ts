import type { Row } from './page';
import type { CheckpointReason, RecoveryReport, SettingName, TxName, WalKind } from './types';

/**
 * The lab's events: each names what changed, in PostgreSQL's terms, as plain data. LSNs are
 * numbers (format them with formatLsn); pages are `relfilenode/block` keys.
 */
/** How a page's WAL record was handled during replay. */
export type ReplayOutcome = 'applied' | 'skipped';

export type Event =
  | { readonly type: 'init'; readonly tables: string[]; readonly frames: number; readonly checkpoint: number }
  | { readonly type: 'error'; readonly message: string }
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
  | { readonly type: 'page.written'; readonly page: string; readonly frame: number; readonly lsn: number; readonly by: 'checkpointer' | 'bgwriter' | 'backend' | 'startup' }
  | { readonly type: 'tuple.inserted'; readonly table: string; readonly key: string; readonly ctid: string; readonly xmin: number }
  | { readonly type: 'tuple.xmaxSet'; readonly table: string; readonly key: string; readonly ctid: string; readonly xmax: number }
  | { readonly type: 'row.read'; readonly table: string; readonly key: string; readonly ctid: string | null; readonly values: Row | null }
  | { readonly type: 'txn.committing'; readonly tx: TxName; readonly until: number }
  | { readonly type: 'txn.committed'; readonly tx: TxName; readonly durable: boolean }
  | { readonly type: 'txn.aborted'; readonly tx: TxName }
  /**
   * One fsync call, the moment data becomes durable: `wal` (XLogFlush, `upTo` the new flush
   * position, `file` the segment), `data` (a data file at a checkpoint) or `control`
   * (pg_control). Counters.fsyncs counts these events.
   */
  | { readonly type: 'fsync'; readonly target: 'wal' | 'data' | 'control'; readonly file: string; readonly upTo: number | null }
  | { readonly type: 'checkpoint.started'; readonly reason: CheckpointReason; readonly redo: number; readonly pages: number }
  | { readonly type: 'checkpoint.finished'; readonly lsn: number; readonly redo: number; readonly written: number }
  | { readonly type: 'control.updated'; readonly checkPoint: number; readonly redo: number }
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'setting'; readonly name: SettingName; readonly value: boolean | number }
  | { readonly type: 'crash'; readonly lostWal: number; readonly lostPages: number; readonly torn: string | null }
  | { readonly type: 'recovery.started'; readonly checkpoint: number; readonly redo: number; readonly records: number }
  | {
      readonly type: 'recovery.replay';
      readonly lsn: number;
      readonly kind: WalKind;
      readonly xid: number;
      readonly page: string | null;
      readonly outcome: ReplayOutcome;
      readonly fpi: boolean;
      readonly reason: string;
    }
  | { readonly type: 'recovery.tornPage'; readonly page: string; readonly repaired: boolean }
  | { readonly type: 'recovery.failed'; readonly reason: string }
  | {
      readonly type: 'recovery.verdict';
      readonly survived: RecoveryReport['survived'];
      readonly lost: RecoveryReport['lost'];
      readonly replayed: number;
    };
