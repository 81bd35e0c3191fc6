import type { BaseState } from '../core/lab';
import type { ColType, Expr, FkAction, IsoLevel, LockStrength, Value } from '../sql/ast';
import type { ErrorInfo } from '../sql/errors';
import type { Scope } from '../sql/expr';
import type { Schedule } from './schedule';
import type { Options } from './schema';
import type { HeavyLock, Subxact } from './types-locks';

export type { HeavyLock, LockMode, Subxact, Wait } from './types-locks';
export type { Deferred, Pending, Phase, Progress } from './types-step';
import type { Pending } from './types-step';

export type { ColType, IsoLevel, LockStrength, Value };

/** A transaction id as PostgreSQL shows it (0 is InvalidTransactionId: none assigned yet). */
export type Xid = number;

/** A command id inside a transaction (cmin/cmax): which statement made a change. */
export type Cid = number;

export interface Column {
  readonly name: string;
  readonly type: ColType;
  /** numeric(p, s)'s scale, or null. */
  readonly scale: number | null;
  readonly notNull: boolean;
  /** DEFAULT's expression, evaluated for each row that does not give the column a value. */
  readonly default?: Expr | null;
  readonly identity?: 'always' | 'by default';
  readonly maxLength?: number;
  /** GENERATED ALWAYS AS (expr) STORED: computed from the row on every insert and update. */
  readonly generated?: Expr;
}

/** A sequence (nextval is never rolled back). Replaced, never mutated, so state copies can share it. */
export interface Sequence {
  readonly last: number;
  readonly called: boolean;
}

export interface UniqueIndex {
  readonly name: string;
  readonly columns: readonly number[];
  readonly primary: boolean;
}

export interface CheckConstraint {
  readonly name: string;
  readonly expr: Expr;
}

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly number[];
  readonly refTable: string;
  readonly refColumns: readonly number[];
  readonly onDelete: FkAction;
}

/** Infomask hint bits the lab shows (HEAP_XMIN_COMMITTED...), set by the first reader that looks the xid up. */
export const HINT = { XMIN_COMMITTED: 1, XMIN_INVALID: 2, XMAX_COMMITTED: 4, XMAX_INVALID: 8 } as const;

/** A row lock held in a tuple's xmax without changing it (SELECT ... FOR UPDATE/SHARE, FK checks). */
export interface RowLock {
  readonly xid: Xid;
  readonly mode: LockStrength;
}

/**
 * One heap tuple version. `values`, `xmin`, `cmin` and `row` never change; `xmax`, `cmax`,
 * `next`, `locks` and `hints` do (as in a heap page), so a snapshot copy copies tuples shallowly.
 */
export interface Tuple {
  /** Position in the table's tuple array; the ctid is derived from it (see ctidOf). */
  readonly id: number;
  /** Logical row: the id of the first version of its update chain. */
  readonly row: number;
  readonly values: readonly Value[];
  readonly xmin: Xid;
  readonly cmin: Cid;
  /** Updater or deleter (0: none). Row locks that do not change the tuple are in `locks`. */
  xmax: Xid;
  cmax: Cid;
  /** The lock strength the updater took: 'update' when it changed a key column or deleted, else 'no key update'. */
  xmaxMode: LockStrength;
  /** t_ctid: id of the newer version, or -1 when this is the newest (or the row was deleted). */
  next: number;
  locks: RowLock[];
  hints: number;
}

export interface Table {
  readonly name: string;
  readonly oid: number;
  readonly columns: readonly Column[];
  readonly index: Readonly<Record<string, number>>;
  readonly uniques: readonly UniqueIndex[];
  checks: CheckConstraint[];
  readonly fks: readonly ForeignKey[];
  tuples: Tuple[];
}

/** An MVCC snapshot as PostgreSQL's SnapshotData: xids < xmin are finished, >= xmax not yet started, xip in progress. */
export interface Snapshot {
  readonly xmin: Xid;
  readonly xmax: Xid;
  readonly xip: readonly Xid[];
  /** The SSI commit sequence number when taken (lastCommitBeforeSnapshot). */
  readonly seq: number;
}

export type XactState = 'in progress' | 'committed' | 'aborted';

export interface Txn {
  /** Virtual transaction id (backend/local), shown until an xid is assigned (set anew when the object is reused: txn.ts). */
  vxid: number;
  xid: Xid;
  iso: IsoLevel;
  /** RR/Serializable: the transaction snapshot; Read Committed: the current statement's. */
  snapshot: Snapshot | null;
  cid: Cid;
  /** Started by a statement outside BEGIN: commits when its query string ends. */
  implicit: boolean;
  /** 'failed': an error aborted it; only ROLLBACK (or COMMIT) ends the block. */
  status: 'active' | 'failed';
  /** Tables created or dropped, restored on abort (DDL is transactional in PostgreSQL). */
  catalogUndo: { name: string; table: Table | null; checks?: CheckConstraint[] }[];
  /** The session's deadlock_timeout before a SET in this block, restored if the block aborts. */
  settingUndo: number | null;
  /** Index in state.ssi.sxacts, for Serializable transactions. */
  sxact: number;
  wrote: boolean;
  /** Whether any statement ran yet (SET TRANSACTION must come first). */
  ranQuery: boolean;
  /** READ ONLY (writes fail with 25006) and DEFERRABLE (SERIALIZABLE READ ONLY waits for a safe snapshot). */
  readOnly: boolean;
  deferrable: boolean;
  /** SERIALIZABLE READ ONLY: the serializable writers concurrent with its snapshot (sxact ids), until it is safe. */
  unsafeWith?: readonly number[];
  /** Open savepoints, outermost first (see savepoint.ts); replaced, never mutated, so clones share it. */
  subs: readonly Subxact[];
  /** Xids of its subtransactions not rolled back (open or released): its own, like `xid`. Replaced, never mutated. */
  subXids: readonly Xid[];
  /** No other transaction has run during its life so far, and it read no replaced version (see history-trim.ts). */
  quiet: boolean;
  /** The history's length when it began: its records come after. */
  historyFrom: number;
}

/** A result set as libpq returns it: column names and text values (null for NULL). */
export interface ResultSet {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

export interface Session {
  readonly name: string;
  defaultIso: IsoLevel;
  /** deadlock_timeout in ms (SET deadlock_timeout), 1 s by default as in PostgreSQL. */
  deadlockTimeout: number;
  txn: Txn | null;
  pending: Pending | null;
  /** The last completed step's outcome, for the view. */
  last: { step: string; results: ResultSet[]; error: ErrorInfo | null; tag: string } | null;
  /** The last result set any of its steps returned. */
  lastResult: ResultSet | null;
  /** currval: the value nextval last returned in this session, by sequence (replaced, never mutated). */
  currval?: Readonly<Record<string, number>>;
  /** SET TimeZone: the zone timestamptz values are shown in (the server's default when absent). */
  timeZone?: string;
}

/** SSI's SERIALIZABLEXACT, reduced to what the dangerous-structure checks read. */
export interface Sxact {
  readonly id: number;
  readonly session: string;
  readonly vxid: number;
  xid: Xid;
  /** SeqNo.lastCommitBeforeSnapshot, and the snapshot's xmin. */
  readonly snapshotSeq: number;
  readonly snapshotXmin: Xid;
  prepareSeq: number;
  commitSeq: number;
  /** nextXid when it finished: a reader is concurrent while its snapshot xmin precedes this. */
  finishedBefore: Xid;
  committed: boolean;
  rolledBack: boolean;
  doomed: boolean;
  readOnly: boolean;
  conflictOut: boolean;
  earliestOutConflictCommit: number;
  /** rw-antidependencies: `outs` it read and they wrote; `ins` they read and it wrote. Sxact ids. */
  outs: number[];
  ins: number[];
}

/**
 * A SIREAD lock: on a whole relation (`tuple` -1), one heap page (`tuple` -2, `page`), one tuple,
 * or an index (the lab's index is one leaf page).
 */
export interface SireadLock {
  readonly sx: number;
  readonly table: string;
  readonly tuple: number;
  readonly index: string | null;
  readonly page?: number;
}

/** One read or write, for the history checker and the dependency graph. */
export type HistOp =
  | { readonly k: 'r'; readonly t: number; readonly table: string; readonly row: number; readonly version: number }
  | {
      readonly k: 'w';
      readonly t: number;
      readonly table: string;
      readonly row: number;
      /** The new version's tuple id (-1: a delete) and the version it replaced (-1: an insert). */
      readonly version: number;
      readonly prev: number;
      readonly values: readonly Value[] | null;
    }
  /** A predicate read: the scan's WHERE, the rows it returned, and the snapshot it read with (null: dirty). */
  | {
      readonly k: 'p';
      readonly t: number;
      readonly table: string;
      readonly where: Expr | null;
      /** The table's columns, so the checker can evaluate `where` on versions written later. */
      readonly scope: Scope;
      readonly seen: number[];
      readonly snap: Snapshot | null;
    };

/** A run's options and one action, as the scenario schema validates them (see schema.ts). */
export type { Action, Options } from './schema';

export interface State extends BaseState {
  readonly options: Options;
  tables: Record<string, Table>;
  /** Sequences by name (serial and identity columns own one); absent until the first is created. */
  sequences?: Readonly<Record<string, Sequence>>;
  nextOid: number;
  readonly firstXid: Xid;
  nextXid: Xid;
  /** pg_xact: the state of xid firstXid + i. */
  clog: XactState[];
  /** Which session owns each in-progress xid. */
  owner: Record<number, string>;
  /**
   * Every transaction (by local number) with its xid (its subtransactions' in `subxids`), session and outcome, for the
   * checker; a record with `run` stands for that many alike transactions with consecutive vxids (`txn-records.ts`:
   * read the whole list through `txnRecords`).
   */
  txns: {
    vxid: number;
    xid: Xid;
    session: string;
    iso: IsoLevel;
    end: 'active' | 'committed' | 'aborted';
    subxids?: readonly Xid[];
    run?: number;
  }[];
  nextVxid: number;
  sessions: Record<string, Session>;
  waitSeq: number;
  /** Logical time in ms: it passes only while waiters wait (deadlock timers, the tester's step timeout). */
  now: number;
  /** Deadlock timers armed so far (their order breaks ties). */
  timerSeq: number;
  ssi: { sxacts: Sxact[]; locks: SireadLock[]; lastCommitSeq: number };
  /** Heavyweight locks granted (relation and advisory locks); replaced, never mutated. */
  heavy: HeavyLock[];
  history: HistOp[];
  /** Ended quiet read-only transactions whose reads are still in the history: vxid, then historyFrom, for each (history-trim.ts). */
  droppable: number[];
  statements: number;
  /** Every step that ended in an error, for expectations and the view. */
  errors: { session: string; step: string; code: string; message: string }[];
  /** The interleaving so far, as the isolation tester prints it (the scenario's steps only, not setup). */
  schedule: Schedule;
}
