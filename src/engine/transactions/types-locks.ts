import type { Xid } from './types';

/* The state's savepoint and heavyweight-lock records (see savepoint.ts and heavy-locks.ts). */

/** A savepoint: a subtransaction with its own xid (0 until it writes or locks a row). */
export interface Subxact {
  readonly name: string;
  readonly xid: Xid;
  /** How long `subXids` and `catalogUndo` were when it began: what is past that is its (or its children's). */
  readonly fromXid: number;
  readonly fromUndo: number;
}

/** A heavyweight lock mode, numbered as lockdefs.h (1 AccessShareLock ... 8 AccessExclusiveLock). */
export type LockMode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** A granted heavyweight lock (pg_locks): on a relation or an advisory key; vxid 0 when the session holds it. */
export interface HeavyLock {
  readonly tag: string;
  /** What pg_locks would name: the relation, or the advisory key. */
  readonly label: string;
  readonly session: string;
  readonly vxid: number;
  readonly mode: LockMode;
  readonly count: number;
  /** How many savepoints were open when it was taken: ROLLBACK TO releases the ones taken inside. */
  readonly depth: number;
}

/** A wait that is not for a row's transaction: a heavyweight lock, or the writers a safe snapshot awaits. */
export type Wait =
  | { readonly k: 'lock'; readonly tag: string; readonly label: string; readonly mode: LockMode }
  | { readonly k: 'safe snapshot'; readonly sxacts: readonly number[] };
