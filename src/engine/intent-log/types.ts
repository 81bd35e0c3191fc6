import type { Meter } from '../core/budget';
import type * as v from 'valibot';
import type { BaseState } from '../core/lab';
import type { AppendList, TxnTable } from './persistent';
import type { ActionSchema, ExpectedSchema, OptionsSchema } from './schema';

/** A cell value; rows are small records of these. */
export type Value = string | number | boolean | null;
export type Row = Readonly<Record<string, Value>>;

/** A row of a table, kept in insertion order so panels never jump around. */
export interface KeyedRow {
  readonly key: string;
  readonly values: Row;
}

export type TxnId = string;
/** Position of a record in the log (the simple log numbers records; the full WAL uses byte LSNs). */
export type LogSeq = number;

export type LogRecord =
  | { readonly seq: LogSeq; readonly kind: 'BEGIN'; readonly tx: TxnId }
  | {
      readonly seq: LogSeq;
      readonly kind: 'WRITE';
      readonly tx: TxnId;
      readonly op: 'insert' | 'update' | 'delete';
      readonly table: string;
      readonly key: string;
      /** Before image: what undo restores (null: the row did not exist). */
      readonly before: Row | null;
      /** After image: what the change produced (null: the row is gone). */
      readonly after: Row | null;
      /** The row's position in its table before the change, so undoing a delete puts it back where it was. */
      readonly pos: number;
    }
  | { readonly seq: LogSeq; readonly kind: 'COMMIT'; readonly tx: TxnId }
  | { readonly seq: LogSeq; readonly kind: 'ABORT'; readonly tx: TxnId; readonly byRecovery: boolean };

/** One action of a scenario, as its schema validates it. */
export type Action = v.InferOutput<typeof ActionSchema>;

export type TxnStatus = 'active' | 'committed' | 'aborted' | 'lost';

/** The tables and their rows before the first action, as the options schema validates them. */
export type Options = v.InferOutput<typeof OptionsSchema>;

export type Verdict = 'kept' | 'discarded';

export interface RecoveryReport {
  /** Transactions whose COMMIT record is in the log: their changes stay. */
  readonly committed: TxnId[];
  /** Transactions without a COMMIT record: their changes are undone. */
  readonly rolledBack: TxnId[];
  /** Recovery read records 1..upTo; each was kept exactly when its transaction is in `committed`. */
  readonly upTo: LogSeq;
  /** How many of those records were kept (the rest were discarded). */
  readonly kept: number;
  /** Rows restored from before images, in the order undo ran. */
  readonly undone: { table: string; key: string; tx: TxnId }[];
}

export interface State extends BaseState {
  /** Log records read by recovery so far, against the work budget (budget.ts). */
  work: Meter;
  /** The tables on disk: changes are applied in place right after their log record is written. */
  tables: Record<string, KeyedRow[]>;
  /** The log on disk: append-only, survives crashes. Snapshots share its sealed chunks. */
  log: AppendList<LogRecord>;
  /** Every transaction's status, in the order they began. Snapshots share its settled part. */
  txns: TxnTable;
  /** Transactions with a COMMIT record, in commit order (what recovery reports as kept). */
  commits: AppendList<TxnId>;
  /** How many log records belong to committed transactions (recovery's "kept" count). */
  committedRecords: number;
  phase: 'running' | 'crashed';
  /** The latest recovery's report, until the next crash. */
  recovery: RecoveryReport | null;
  crashes: number;
  /**
   * Indexes that keep every step O(1) in the log's length (a 10,000-step scenario
   * must replay in milliseconds): the log index of each row's last WRITE (table -> key -> index) while the
   * transaction that wrote it is open (only an open writer can block another write), and the WRITE
   * indexes of each transaction that may still be undone (active or lost in a crash). Both stay small.
   */
  lastWrite: Map<string, Map<string, number>>;
  undoable: Map<TxnId, number[]>;
}

/** The lab's events, named `<noun>.<pastTense>`; refusals are the kernel's `action.refused`. */
export type Event =
  | { readonly type: 'lab.started'; readonly tables: string[] }
  | { readonly type: 'log.appended'; readonly record: LogRecord }
  | {
      readonly type: 'row.applied';
      readonly tx: TxnId;
      readonly table: string;
      readonly key: string;
      readonly before: Row | null;
      readonly after: Row | null;
    }
  | { readonly type: 'txn.committed'; readonly tx: TxnId }
  /** A ROLLBACK: `restored` rows put back from their before images. */
  | { readonly type: 'txn.aborted'; readonly tx: TxnId; readonly restored: number }
  | { readonly type: 'node.crashed'; readonly inFlight: TxnId[] }
  | { readonly type: 'recovery.started'; readonly records: number }
  | { readonly type: 'recovery.scanned'; readonly kept: number; readonly discarded: number }
  /** Recovery put a row back from the before image of a transaction without a COMMIT record. */
  | { readonly type: 'row.undone'; readonly table: string; readonly key: string; readonly tx: TxnId }
  | { readonly type: 'recovery.finished'; readonly committed: TxnId[]; readonly rolledBack: TxnId[] };

/** A preset's expected outcome: rows of named tables, the transactions recovery keeps and undoes. */
export type Expected = v.InferOutput<typeof ExpectedSchema>;

/** What the panels draw. */
export interface View {
  readonly phase: State['phase'];
  readonly tables: Record<string, KeyedRow[]>;
  /** The newest records of the log (at most VIEW_LOG_RECORDS); `logLength` counts them all. */
  readonly log: LogRecord[];
  readonly logLength: number;
  readonly txns: Record<TxnId, TxnStatus>;
  /** The latest recovery, with a verdict for each record of `log` that it read. */
  readonly recovery: (RecoveryReport & { readonly verdicts: Record<LogSeq, Verdict> }) | null;
  /** Rows written by a transaction that has not committed: table -> key -> tx. */
  readonly uncommitted: Record<string, Record<string, TxnId>>;
}
