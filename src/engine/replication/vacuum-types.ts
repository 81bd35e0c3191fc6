import type { Value } from './types';

/** The types of VACUUM, the xmin horizon and long reads (heap.ts, standby.ts, horizon.ts); `types.ts` re-exports them. */

/**
 * A dead row version: replaced or deleted by the committed transaction `xmax` (removable once
 * `xmax` is older than the xmin horizon), or written by an aborted one (`xmax` null: always removable).
 */
export interface DeadVersion {
  readonly key: string;
  readonly xmax: number | null;
}

/**
 * The heap as far as VACUUM cares: the dead versions, oldest first (the i-th has key `deadKeys[i]` and
 * xmax `deadXmax[i]`: two arrays, not an object per version, since a long run keeps every one), and the
 * keys whose chain root is already a redirect.
 */
export interface Heap {
  deadKeys: string[];
  deadXmax: (number | null)[];
  redirected: string[];
}

/** What a Heap2 PRUNE record says (heap_page_prune, pruneheap.c): pg_waldump's desc, and the versions removed. */
export interface Prune {
  readonly latestRemovedXid: number;
  readonly nredirected: number;
  readonly ndead: number;
  readonly nunused: number;
  readonly removed: readonly DeadVersion[];
}

/** A long read on a node: a REPEATABLE READ snapshot held from `begin-read` to `end-read`. */
export interface Query {
  readonly session: string;
  readonly node: string;
  readonly key: string;
  /** What it read when it started. */
  readonly value: Value;
  /** The snapshot's xmin: versions an xid at or after this removed are versions it might need. */
  readonly xmin: number;
  readonly since: number;
  status: 'running' | 'cancelled' | 'ended';
  /** When replay began waiting for it (a recovery conflict), and until when it may. */
  conflictSince: number | null;
}

/** A physical replication slot on the primary (pg_replication_slots). */
export interface Slot {
  readonly name: string;
  /** The node that created it. */
  readonly on: string;
  /** The oldest xmin the standby reported through it (hot_standby_feedback), kept while nobody streams. */
  xmin: number | null;
  restartLsn: number;
}

/** What VACUUM VERBOSE reported (vacuumlazy.c, PostgreSQL 15). */
export interface VacuumReport {
  readonly node: string;
  readonly removed: number;
  readonly remain: number;
  readonly deadNotRemovable: number;
  /** OldestXmin, and how many xids old it was (the next xid minus it). */
  readonly cutoff: number;
  readonly age: number;
  /** What held the horizon, in words ("standby s1's feedback", "slot s1", "primary session T1"), or null. */
  readonly heldBy: string | null;
  readonly pruneLsn: number | null;
}
