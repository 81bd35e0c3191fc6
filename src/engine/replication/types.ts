import type { Meter } from '../core/budget';
import type * as v from 'valibot';
import type { BaseState } from '../core/lab';
import type { ActionSchema, ExpectedSchema, OptionsSchema, SYNC_LEVELS } from './schema';
import type { Heap, Prune, Query, Slot, VacuumReport } from './vacuum-types';
import type { TxnTable } from './txn-table';

export type { DeadVersion, Heap, Prune, Query, Slot, VacuumReport } from './vacuum-types';

export type Action = v.InferOutput<typeof ActionSchema>;
export type Options = v.InferOutput<typeof OptionsSchema>;
export type Expected = v.InferOutput<typeof ExpectedSchema>;
export type SyncLevel = (typeof SYNC_LEVELS)[number];
export type Value = string | number | boolean | null;

/**
 * One WAL record. `tli` is the timeline it was written on. A record has only its kind's optional
 * fields (`key`/`value` on changes, `begin`/`at`/`applyFeedback` on commits and aborts, `prune` on PRUNE).
 */
export interface WalRecord {
  readonly lsn: number;
  readonly end: number;
  readonly tli: number;
  /** Heap changes, the primary key's btree leaf insert (INSERT_LEAF) after a heap INSERT, and the transaction's end. */
  readonly kind: 'INSERT' | 'UPDATE' | 'DELETE' | 'INSERT_LEAF' | 'COMMIT' | 'ABORT' | 'PRUNE';
  readonly xid: number;
  /** Transaction name in the scenario. */
  readonly tx: string;
  readonly key?: string;
  readonly value?: Value;
  /** Commit and abort records: the LSN of the transaction's first record, where its writes start. */
  readonly begin?: number;
  /** Commit records: the logical time of commit (for recovery_min_apply_delay). */
  readonly at?: number;
  /** Commit records written with synchronous_commit = remote_apply ask for an immediate reply on replay. */
  readonly applyFeedback?: boolean;
  /** Heap2 PRUNE (xid 0): the newest xmax among the versions it removed, and which versions they were. */
  readonly prune?: Prune;
  readonly size: number;
}

/** A committed row version as a node would return it. */
export interface RowVersion {
  readonly value: Value;
  /** The transaction whose commit made it visible. */
  readonly tx: string;
  readonly lsn: number;
}

/** A timeline switch in a node's history file (`00000002.history`: `1 0/3000060 ...`). */
export interface HistoryEntry {
  readonly tli: number;
  /** Where the parent timeline ends and the next one begins. */
  readonly switchpoint: number;
}

export type Role = 'primary' | 'standby';

export interface Node {
  readonly name: string;
  role: Role;
  up: boolean;
  tli: number;
  /** Timelines this node's history descends from, oldest first. */
  history: HistoryEntry[];
  /** The node's WAL, in LSN order (on a primary: everything inserted; on a standby: everything received). */
  wal: WalRecord[];
  /** Primary: next insert position (usable bytes, see lsn.ts). */
  bytePos: number;
  /** Primary: WAL inserted but not written; standby: received (pg_last_wal_receive_lsn when flushed). */
  writeLsn: number;
  flushLsn: number;
  /** Standby: pg_last_wal_replay_lsn(); primary: equals flushLsn. */
  replayLsn: number;
  /** Index into `wal` of the next record to replay. */
  replayIdx: number;
  /** Rows visible to a new session. */
  rows: Record<string, RowVersion>;
  /** Standby: the node in primary_conninfo. */
  upstream: string | null;
  replayPaused: boolean;
  applyDelay: number;
  /** Standby: the history check refused streaming; it waits for pg_rewind. */
  refused: string | null;
  /** Primary: when the WAL writer will flush WAL an asynchronous commit (synchronous_commit = off) left unflushed. */
  walWriterAt: number | null;
  /** Dead row versions and redirects, on every node (a standby's follow the PRUNE records it replays). */
  heap: Heap;
  /** Standby: hot_standby_feedback, and the xmin it last sent (null: none). */
  feedback: boolean;
  sentXmin: number | null;
  /** Standby: max_standby_streaming_delay in ms (-1: wait forever). */
  maxStandbyDelay: number;
  /** Standby: when the startup process last found new WAL after catching up (XLogReceiptTime). */
  receiptTime: number;
  /** Standby: primary_slot_name. */
  slot: string | null;
}

/** A walsender on the primary: one row of pg_stat_replication. */
export interface WalSender {
  readonly standby: string;
  readonly from: string;
  /** Next byte to send (sent_lsn) and the positions last reported by the standby. */
  sent: number;
  write: number;
  flush: number;
  replay: number;
  writeLag: number | null;
  flushLag: number | null;
  replayLag: number | null;
  /** backend_xmin: the standby's feedback xmin, held by the walsender itself when it streams without a slot. */
  xmin: number | null;
}

/** What every message carries: who sent it to whom, and its send and arrival times (so it can be drawn in flight). */
export interface MessageEnvelope {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly sentAt: number;
  readonly arriveAt: number;
}

/** A message on the wire: WAL (XLogData) from walsender to walreceiver, or a standby status update back. */
export type Message =
  | (MessageEnvelope & {
      readonly kind: 'wal';
      readonly start: number;
      readonly end: number;
      readonly records: readonly WalRecord[];
    })
  | (MessageEnvelope & {
      readonly kind: 'reply';
      readonly write: number;
      readonly flush: number;
      readonly replay: number;
      /** Hot standby feedback: the standby's oldest xmin (undefined: no feedback; null: feedback turned off). */
      readonly xmin?: number | null;
    });

export type TxStatus = 'active' | 'waiting' | 'committed' | 'aborted' | 'unknown';

export interface Txn {
  readonly name: string;
  readonly xid: number;
  /** The node where it runs (a primary). */
  readonly node: string;
  /** The LSN of its first WAL record. */
  readonly firstLsn: number;
  status: TxStatus;
  level: SyncLevel | null;
  /** The end of its commit record: what a synchronous commit waits for. */
  commitEnd: number | null;
  commitLsn: number | null;
  /** The timeline its commit record was written on. */
  commitTli: number | null;
  /** Acknowledged to the client as committed. */
  acked: boolean;
  /** The WARNING a cancelled wait gave. */
  warning: string | null;
}

export interface Link {
  readonly a: string;
  readonly b: string;
  cut: boolean;
  min: number;
  max: number;
}

export interface ReadResult {
  readonly node: string;
  readonly key: string;
  readonly value: Value;
  /** What the primary's new session would have read at that moment. */
  readonly primaryValue: Value;
  readonly stale: boolean;
  /** It shows a commit the primary's other sessions do not see yet. */
  readonly ahead: boolean;
  /** It shows a commit that is not in the primary's history (lost in a failover). */
  readonly diverged: boolean;
  readonly at: number;
}

export interface LostCommit {
  readonly tx: string;
  readonly lsn: number;
  readonly writes: readonly { key: string; value: Value }[];
  readonly oldPrimary: string;
  readonly newPrimary: string;
}

export interface State extends BaseState {
  /** Simulated events handled so far, against the work budget (budget.ts). */
  work: Meter;
  /** Logical time in ms: advances only with `advance`. */
  time: number;
  table: string;
  /** The rows of the base backup every node started from. */
  base: Record<string, Value>;
  nodes: Record<string, Node>;
  order: string[];
  links: Link[];
  senders: WalSender[];
  inflight: Message[];
  nextMsg: number;
  /** Every transaction by name, in the order they began (txn-table.ts). */
  txns: TxnTable<Txn>;
  nextXid: number;
  /** Transactions active or waiting for synchronous replication: the only ones that hold row locks or can be released. */
  live: Txn[];
  /** The newest transactions, for the view (the state keeps every one). */
  recent: string[];
  /** Every key ever written or restored, in first-seen order. */
  keys: string[];
  synchronous_commit: SyncLevel;
  synchronous_standby_names: string[];
  reads: ReadResult[];
  lost: LostCommit[];
  refusedAttaches: number;
  /** Logical time of each primary's local flush, per end LSN (the LagTracker's samples). */
  flushTimes: { lsn: number; at: number }[];
  /** Long reads (REPEATABLE READ snapshots) on any node, by session name. */
  queries: Query[];
  slots: Slot[];
  vacuums: VacuumReport[];
}

/** What a step did, named `<noun>.<pastTense>` (a refusal is the kernel's `action.refused`). */
export type Event =
  | { type: 'lab.started'; nodes: string[]; synchronous_commit: SyncLevel; synchronous_standby_names: string[] }
  | { type: 'wal.inserted'; node: string; record: WalRecord }
  | { type: 'wal.flushed'; node: string; upTo: number }
  | { type: 'txn.committed'; tx: string; lsn: number; acked: boolean; level: SyncLevel }
  /** The commit record is flushed locally; the backend waits for the synchronous standby (SyncRepWaitForLSN). */
  | { type: 'txn.held'; tx: string; waitFor: number; standby: string | null; level: SyncLevel }
  | { type: 'txn.released'; tx: string; by: string | null; reason: 'replied' | 'cancel' | 'config' }
  | { type: 'txn.aborted'; tx: string }
  | { type: 'txn.warned'; tx: string; message: string; detail: string }
  | { type: 'msg.sent'; msg: Message }
  | { type: 'msg.delivered'; msg: Message }
  | { type: 'msg.lost'; msg: Message; reason: string }
  | { type: 'standby.flushed'; node: string; upTo: number }
  | { type: 'standby.replayed'; node: string; upTo: number; commits: string[] }
  | { type: 'row.read'; result: ReadResult }
  /** Simulated time (ms) moved; `waiting`: the commits still held for synchronous replication. */
  | { type: 'clock.advanced'; from: number; to: number; waiting: string[] }
  | { type: 'link.cut'; a: string; b: string }
  | { type: 'link.healed'; a: string; b: string }
  | { type: 'latency.changed'; a: string; b: string; min: number; max: number }
  | { type: 'replay.paused'; node: string }
  | { type: 'replay.resumed'; node: string }
  | { type: 'setting.changed'; node: string; name: 'recovery_min_apply_delay'; value: number }
  | { type: 'node.crashed'; node: string; lostWal: number; unacked: string[] }
  | { type: 'node.restarted'; node: string; role: Role; replayedTo: number }
  /** `recovered`: commits whose client lost its connection during the wait, found in this node's WAL and now committed. */
  | { type: 'node.promoted'; node: string; tli: number; switchpoint: number; lost: LostCommit[]; recovered: string[] }
  | { type: 'node.attached'; node: string; to: string }
  | { type: 'attach.refused'; node: string; to: string; message: string; detail: string }
  | { type: 'node.rewound'; node: string; source: string; forkpoint: number; discarded: number }
  | { type: 'table.vacuumed'; report: VacuumReport }
  | { type: 'query.started'; query: Query }
  | { type: 'query.ended'; session: string; node: string }
  /** Replay reached a PRUNE that removes versions these queries might need: it waits (max_standby_streaming_delay). */
  | { type: 'replay.held'; node: string; lsn: number; sessions: string[]; until: number | null }
  | { type: 'query.cancelled'; session: string; node: string; message: string; detail: string; sqlstate: '40001' }
  /** A walsender took the feedback xmin a standby reported (into its own backend_xmin, or into the slot). */
  | { type: 'feedback.received'; standby: string; xmin: number | null; slot: string | null }
  | { type: 'slot.dropped'; slot: string }
  /** ALTER SYSTEM SET hot_standby_feedback / max_standby_streaming_delay on a standby; SELECT pg_reload_conf(). */
  | { type: 'standby.configured'; node: string; hot_standby_feedback: boolean; max_standby_streaming_delay: number }
  /** ALTER SYSTEM SET ...; SELECT pg_reload_conf() on the primary. */
  | { type: 'config.reloaded'; synchronous_commit: SyncLevel; synchronous_standby_names: string[] };
