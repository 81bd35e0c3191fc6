import type { ErrorInfo } from '../sql/errors';
import type { HistOp, LockStrength, ResultSet, Snapshot, Value, Xid } from './types';

/** The transactions lab's event stream: what changed, in PostgreSQL's terms. */
export type Event =
  | { readonly type: 'init'; readonly sessions: readonly string[]; readonly tables: readonly string[] }
  | { readonly type: 'statement.started'; readonly session: string; readonly sql: string }
  | { readonly type: 'statement.finished'; readonly session: string; readonly sql: string; readonly tag: string; readonly result: ResultSet | null }
  | { readonly type: 'step.waiting'; readonly session: string; readonly step: string; readonly sql: string }
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
  | { readonly type: 'notice'; readonly session: string; readonly severity: 'WARNING' | 'NOTICE'; readonly message: string }
  | { readonly type: 'xid.assigned'; readonly session: string; readonly xid: Xid }
  | { readonly type: 'snapshot.taken'; readonly session: string; readonly xid: Xid; readonly snapshot: Snapshot }
  | { readonly type: 'tuple.inserted'; readonly table: string; readonly ctid: string; readonly xmin: Xid; readonly values: readonly Value[] }
  | { readonly type: 'tuple.xmaxSet'; readonly table: string; readonly ctid: string; readonly xid: Xid; readonly lockOnly: boolean; readonly mode: LockStrength }
  | { readonly type: 'lock.wait'; readonly session: string; readonly xid: Xid; readonly table: string; readonly ctid: string; readonly mode: LockStrength | 'unique' }
  | { readonly type: 'lock.granted'; readonly session: string; readonly xid: Xid; readonly table: string; readonly ctid: string; readonly mode: LockStrength }
  | { readonly type: 'txn.blocked'; readonly session: string; readonly xid: Xid; readonly waitsFor: Xid }
  | { readonly type: 'txn.woken'; readonly session: string; readonly xid: Xid; readonly after: Xid }
  | { readonly type: 'deadlock'; readonly session: string; readonly cycle: readonly string[] }
  | { readonly type: 'ssi.rwConflict'; readonly reader: string; readonly writer: string }
  | { readonly type: 'ssi.doomed'; readonly session: string }
  | { readonly type: 'txn.begun'; readonly session: string; readonly vxid: number; readonly iso: string }
  | { readonly type: 'txn.committed'; readonly session: string; readonly vxid: number; readonly xid: Xid }
  | { readonly type: 'txn.aborted'; readonly session: string; readonly vxid: number; readonly xid: Xid; readonly reason: string }
  /** A read, write or predicate read, for the history checker (see history.ts). */
  | { readonly type: 'history'; readonly op: HistOp }
  /** A statement failed with PostgreSQL's error (a normal outcome, as in the tester). */
  | { readonly type: 'sql.error'; readonly session: string; readonly error: ErrorInfo }
  /** The action was refused by the lab (unknown session, session still waiting). */
  | { readonly type: 'error'; readonly message: string };

export type Emit = (e: Event) => void;
