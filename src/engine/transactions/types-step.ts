/**
 * A step in flight: the statements a session's step runs, how far each got and what it waits
 * for, as plain data so a blocked step survives the engine's snapshots (re-exported by types.ts).
 */
import type { Expr, LockStrength, LockWait, Parsed, Value } from '../sql/ast';
import type { ResultSet, Xid } from './types';
import type { Wait } from './types-locks';

/** One phase of a write statement's work, resumable after a lock wait. */
export interface Phase {
  readonly op: 'update' | 'delete' | 'lock' | 'fk';
  readonly table: string;
  readonly mode: LockStrength;
  /** Tuple ids to process, in order, and how many are done. */
  readonly targets: number[];
  pos: number;
  /** Re-checked on a newer version after a concurrent update (EvalPlanQual). */
  readonly where: Expr | null;
  /**
   * For 'fk' phases (RI queries that lock FOR KEY SHARE): the constraint, its tables, and whether
   * rows must be found (a child's parent) or must not (children of a deleted or re-keyed parent).
   * `found` counts the rows locked.
   */
  readonly fk: { readonly name: string; readonly child: string; readonly parent: string; readonly mustExist: boolean } | null;
  found: number;
  /**
   * A cascade's delete under Repeatable Read or Serializable: a row the transaction snapshot
   * cannot see is a serialization failure (ri_PerformCheck's crosscheck snapshot in heap_delete).
   */
  readonly crosscheck: boolean;
  /** An ON DELETE CASCADE's delete: its rows are not counted in the statement's command tag. */
  readonly cascade?: boolean;
  /** Collect locked rows (SELECT ... FOR UPDATE output), at most `limit`. */
  readonly collect: boolean;
  readonly limit: number | null;
  /** SELECT ... FOR ... NOWAIT / SKIP LOCKED: a row that would wait is an error, or is skipped. */
  readonly wait?: LockWait;
}

/** Progress of the statement in flight, plain data so a blocked statement survives snapshots. */
export interface Progress {
  phases: Phase[];
  /** INSERT: rows still to insert and the next one. */
  rows: Value[][];
  rowPos: number;
  /** Rows processed (the command tag's count). */
  count: number;
  /** SELECT ... FOR: ids of locked versions, in output order. */
  locked: number[];
  /** The AFTER-trigger queue: foreign-key work that runs once the phases are done. */
  pending: Deferred[];
}

/** Deferred referential-integrity work (PostgreSQL runs it as AFTER ROW triggers at statement end). */
export type Deferred =
  /** A child row needs its parent (RI_FKey_check). */
  | { readonly kind: 'fk'; readonly table: string; readonly fk: string; readonly key: readonly Value[] }
  /** A parent row was deleted or its key changed (cascade, restrict, no action). */
  | { readonly kind: 'parent'; readonly table: string; readonly values: readonly Value[]; readonly op: 'delete' | 'update' };

/** A step running in a session: its statements, results so far, and where it waits. */
export interface Pending {
  /** The step's name, SQL and statements (set anew when a session's finished step's object is reused: session.ts). */
  step: string;
  sql: string;
  stmts: readonly Parsed[];
  index: number;
  results: ResultSet[];
  progress: Progress | null;
  /** The xid it waits for, the tuple it wants and the order it started waiting in (FIFO wake-up). */
  waitingFor: Xid;
  waitTable: string;
  waitTuple: number;
  waitMode: LockStrength | 'unique';
  waitSeq: number;
  /** When the deadlock timer of the current lock wait fires (logical ms; -1: fired or not waiting), and its arming order for ties. */
  timerAt: number;
  timerOrder: number;
  /** Set when it waits on a heavyweight lock or for a safe snapshot (`waitingFor` is then -1). */
  waitOn?: Wait;
}
