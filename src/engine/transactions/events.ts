import type { ErrorInfo } from '../sql/errors';
import type { HistOp, LockStrength, ResultSet, Snapshot, Value, Xid } from './types';

/** The transactions lab's event stream: what changed, in PostgreSQL's terms. */
export type Event =
  /** The sessions connected and the setup ran (the setup's own events follow). */
  | { readonly type: 'lab.started'; readonly sessions: readonly string[]; readonly tables: readonly string[] }
  | { readonly type: 'statement.started'; readonly session: string; readonly sql: string }
  | {
      readonly type: 'statement.finished';
      readonly session: string;
      readonly sql: string;
      readonly tag: string;
      readonly result: ResultSet | null;
    }
  /** The step waits on a lock: the tester prints "<waiting ...>"; a later step.completed ends it. */
  | { readonly type: 'step.blocked'; readonly session: string; readonly step: string; readonly sql: string }
  | {
      readonly type: 'step.completed';
      readonly session: string;
      readonly step: string;
      readonly sql: string;
      /** It had been reported waiting, so the tester prints "<... completed>". */
      readonly afterWait: boolean;
      readonly results: readonly ResultSet[];
      readonly error: ErrorInfo | null;
    }
  | { readonly type: 'notice.raised'; readonly session: string; readonly severity: 'WARNING' | 'NOTICE'; readonly message: string }
  /** `parent`: the top-level xid, when the xid is a subtransaction's (a savepoint's). */
  | { readonly type: 'xid.assigned'; readonly session: string; readonly xid: Xid; readonly parent?: Xid }
  | { readonly type: 'snapshot.taken'; readonly session: string; readonly xid: Xid; readonly snapshot: Snapshot }
  | {
      readonly type: 'tuple.inserted';
      readonly table: string;
      readonly ctid: string;
      readonly xmin: Xid;
      readonly values: readonly Value[];
    }
  /** An updater, deleter or row locker (lockOnly) wrote its xid into a tuple's xmax. */
  | {
      readonly type: 'xmax.set';
      readonly table: string;
      readonly ctid: string;
      readonly xid: Xid;
      readonly lockOnly: boolean;
      readonly mode: LockStrength;
    }
  /** A row lock (or a unique key's in-progress inserter) the statement must wait for. */
  | {
      readonly type: 'lock.awaited';
      readonly session: string;
      readonly xid: Xid;
      readonly table: string;
      readonly ctid: string;
      readonly mode: LockStrength | 'unique';
    }
  | {
      readonly type: 'lock.granted';
      readonly session: string;
      readonly xid: Xid;
      readonly table: string;
      readonly ctid: string;
      readonly mode: LockStrength;
    }
  /** The session's transaction (xid 0: none assigned yet) waits for `holder`'s transaction `waitsFor`. */
  | { readonly type: 'txn.blocked'; readonly session: string; readonly xid: Xid; readonly waitsFor: Xid; readonly holder: string }
  | { readonly type: 'txn.woken'; readonly session: string; readonly xid: Xid; readonly after: Xid }
  | { readonly type: 'deadlock.detected'; readonly session: string; readonly cycle: readonly string[] }
  /** SSI recorded a rw-antidependency (predicate.c's FlagRWConflict). */
  | { readonly type: 'rwConflict.flagged'; readonly reader: string; readonly writer: string }
  /** SSI marked the transaction to fail with 40001 at its next statement or commit. */
  | { readonly type: 'txn.doomed'; readonly session: string }
  | { readonly type: 'txn.began'; readonly session: string; readonly vxid: number; readonly iso: string }
  | { readonly type: 'txn.committed'; readonly session: string; readonly vxid: number; readonly xid: Xid }
  | { readonly type: 'txn.aborted'; readonly session: string; readonly vxid: number; readonly xid: Xid; readonly reason: string }
  /** A read, write or predicate read, for the history checker (see history.ts). */
  | { readonly type: 'op.recorded'; readonly op: HistOp }
  /** A statement failed with PostgreSQL's error (a modelled outcome, as in the tester: not a refusal). */
  | { readonly type: 'statement.failed'; readonly session: string; readonly error: ErrorInfo };

export type Emit = (e: Event) => void;
