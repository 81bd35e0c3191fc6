import type { Meter } from '../core/budget';
import type * as v from 'valibot';
import type { BaseState } from '../core/lab';
import type { Lsn } from '../wal/lsn';
import type { WalLog } from '../wal/log';
import type { ActionSchema, ExpectedSchema, OptionsSchema } from './schema';

export type Action = v.InferOutput<typeof ActionSchema>;
export type Options = v.InferOutput<typeof OptionsSchema>;
export type Expected = v.InferOutput<typeof ExpectedSchema>;

/** The coordinator's name: the transaction manager that runs the protocol. */
export const COORDINATOR = 'coordinator';

/** A participant's WAL record kinds, as pg_waldump names them (rmgr Heap and Transaction). */
export type PartKind = 'INSERT' | 'UPDATE' | 'PREPARE' | 'COMMIT_PREPARED' | 'ABORT_PREPARED' | 'COMMIT' | 'ABORT' | 'CHECKPOINT_ONLINE';
/** The coordinator's decision log: a forced COMMIT, a lazy ABORT, and END once every participant answered. */
export type CoordKind = 'COMMIT' | 'ABORT' | 'END';

export interface PartRecord {
  readonly kind: PartKind;
  readonly xid: number;
  /** The global transaction identifier (PREPARE, COMMIT_PREPARED, ABORT_PREPARED). */
  readonly gid: string | null;
  /** The row written (INSERT/UPDATE) and its new balance. */
  readonly key: string | null;
  readonly value: number | null;
  /** PREPARE: the row locks the prepared transaction holds (its TwoPhaseLockRecords). */
  readonly locks: readonly string[] | null;
}

export interface CoordRecord {
  readonly kind: CoordKind;
  readonly gid: string;
  /** COMMIT: the participants that must be told. */
  readonly participants: readonly string[];
}

/**
 * A participant's local piece of a global transaction: a PostgreSQL transaction with its xid.
 * working → (waiting) → prepared → committed | aborted; `failed` is a transaction after an
 * error, which PREPARE TRANSACTION rolls back.
 */
export type PieceState = 'working' | 'waiting' | 'failed' | 'prepared' | 'committed' | 'aborted';

export interface Write {
  readonly key: string;
  /** The balance to write, or a change to the current one. */
  readonly set?: number;
  readonly add?: number;
}

export interface Piece {
  readonly xid: number;
  readonly gid: string;
  state: PieceState;
  /** Writes done: each row's balance before and after. */
  done: { key: string; old: number | null; value: number }[];
  /** Writes not run yet (the first one is waiting for a row lock). */
  todo: Write[];
  /** The transaction holding the row lock this one waits for. */
  waitsFor: number | null;
  /** PREPARE TRANSACTION arrived while a statement was waiting: run it once the statement finishes. */
  prepareQueued: boolean;
  /** The application will not prepare this one: its PREPARE answers "no". */
  voteNo: boolean;
  /** The error that put it in `failed`, with its SQLSTATE. */
  error: string | null;
  /** Logical time (ms) it was prepared: pg_prepared_xacts.prepared. */
  preparedAt: number | null;
  /** LSN of its PREPARE record. */
  prepareLsn: Lsn | null;
  /** Restored at recovery (from pg_twophase or the WAL). */
  recovered: 'twophase' | 'wal' | null;
}

/** A state file in pg_twophase, written at checkpoint for transactions prepared before the redo point. */
export interface TwoPhaseFile {
  readonly xid: number;
  readonly gid: string;
  readonly preparedAt: number;
  readonly prepareLsn: number;
  readonly writes: readonly { key: string; old: number | null; value: number }[];
  readonly locks: readonly string[];
}

export interface Participant {
  readonly name: string;
  up: boolean;
  crashes: number;
  wal: WalLog<PartRecord>;
  /** Committed balances in memory (the table `accounts`). */
  rows: Record<string, number>;
  /** Local transactions by xid, oldest first: only those still relevant (open or ended recently). */
  pieces: Piece[];
  /** Row locks: key → xid holding it. */
  locks: Record<string, number>;
  nextXid: number;
  /** CHECK (balance >= min), when given. */
  readonly min: number | null;
  readonly maxPrepared: number;
  /** What a checkpoint made durable: the data files' balances, the redo point, pg_twophase. */
  checkpoint: {
    redo: Lsn;
    rows: Record<string, number>;
    twophase: TwoPhaseFile[];
    open: Record<number, { key: string; old: number | null; value: number }[]>;
    nextXid: number;
  };
  /** Crash when PREPARE TRANSACTION has been flushed, before the vote leaves. */
  armed: 'prepared' | null;
}

/** The coordinator's memory of one global transaction. */
export interface CoordTxn {
  readonly gid: string;
  readonly participants: readonly string[];
  phase: 'working' | 'preparing' | 'committing' | 'aborting';
  votes: Record<string, 'yes' | 'no'>;
  /** Participants that answered the decision. */
  acks: Record<string, true>;
  /** When the coordinator gives up waiting for votes, or resends its decision (ms). */
  deadline: number;
  /** Whether PREPARE has been sent (the abort then says ROLLBACK PREPARED, else ROLLBACK). */
  prepareSent: boolean;
}

export interface Coordinator {
  up: boolean;
  crashes: number;
  wal: WalLog<CoordRecord>;
  txns: Record<string, CoordTxn>;
  /** After recovery: participants whose pg_prepared_xacts it still has to read, with the retry time. */
  scans: Record<string, number>;
  armed: 'decision-logged' | null;
}

export type MsgKind =
  'PREPARE' | 'VOTE_YES' | 'VOTE_NO' | 'COMMIT_PREPARED' | 'ROLLBACK_PREPARED' | 'ROLLBACK' | 'ACK' | 'SCAN' | 'SCAN_REPLY';

export interface Message {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly kind: MsgKind;
  readonly gid: string | null;
  /** SCAN_REPLY: the gids in pg_prepared_xacts; ACK: the error it answered with, if any. */
  readonly gids: readonly string[] | null;
  readonly note: string | null;
  readonly sentAt: number;
  readonly arriveAt: number;
  /** The connection will break before it arrives (seeded loss or a `drop`). */
  lost: boolean;
  status: 'flight' | 'delivered' | 'lost';
  /** When it was delivered or lost. */
  endedAt: number | null;
}

/** The lab's own record of a global transaction (what a user started), not any node's memory. */
export interface GlobalTxn {
  readonly gid: string;
  readonly participants: readonly string[];
  readonly begunAt: number;
  /** A plain local transaction on one participant (BEGIN … COMMIT), no coordinator. */
  readonly local: boolean;
}

export interface State extends BaseState {
  quiet: boolean;
  /** Network events processed so far, against the work budget (budget.ts). */
  work: Meter;
  /** Network time in ms (the logical clock of messages and timeouts). */
  now: number;
  latency: { min: number; max: number };
  loss: number;
  timeout: number;
  coord: Coordinator;
  parts: Participant[];
  /** Messages in flight, by arrival. */
  flight: Message[];
  /** The last messages that arrived or were lost, for the space-time diagram. */
  recent: Message[];
  nextMsg: number;
  gtx: Record<string, GlobalTxn>;
  order: string[];
  /** Per gid, the end states each participant reached (latest piece), kept for checks even after pieces are pruned. */
  fates: Record<string, Record<string, PieceState>>;
  /** Safety violations seen (a participant committing what another aborted): must stay empty. */
  violations: string[];
  stats: { messages: number; lost: number; committed: number; aborted: number; recoveries: number; waits: number };
}

export type Event =
  | { type: 'lab.started'; participants: string[] }
  | { type: 'txn.began'; node: string; gid: string; xid: number }
  | { type: 'row.written'; node: string; gid: string; xid: number; key: string; old: number | null; value: number }
  | { type: 'lock.awaited'; node: string; gid: string; xid: number; key: string; holder: number; holderGid: string | null }
  | { type: 'lock.granted'; node: string; gid: string; xid: number; key: string }
  | { type: 'locks.released'; node: string; xid: number; keys: string[] }
  | { type: 'statement.failed'; node: string; gid: string; sqlstate: string; message: string }
  | { type: 'wal.inserted'; node: string; lsn: number; end: number; kind: string; gid: string | null }
  | { type: 'wal.flushed'; node: string; upTo: number }
  | { type: 'txn.prepared'; node: string; gid: string; xid: number }
  | { type: 'txn.committed'; node: string; gid: string; xid: number; local: boolean }
  | { type: 'txn.aborted'; node: string; gid: string; xid: number; reason: string }
  | { type: 'decision.made'; gid: string; decision: 'commit' | 'abort'; reason: string }
  | { type: 'gtx.ended'; gid: string }
  | { type: 'msg.sent'; id: number; from: string; to: string; kind: MsgKind; gid: string | null; arriveAt: number; lost: boolean }
  | { type: 'msg.delivered'; id: number; from: string; to: string; kind: MsgKind; gid: string | null }
  | { type: 'msg.lost'; id: number; from: string; to: string; kind: MsgKind; gid: string | null; reason: 'network' | 'down' | 'dropped' }
  | { type: 'node.crashed'; node: string; lostRecords: number; lostTxns: string[] }
  | { type: 'node.restarted'; node: string; replayed: number; prepared: string[]; fromTwophase: string[]; aborted: string[] }
  | { type: 'crash.armed'; node: string; point: string }
  | { type: 'checkpoint.finished'; node: string; redo: number; twophaseFiles: string[] }
  | { type: 'clock.advanced'; from: number; to: number }
  | { type: 'setting.changed'; name: string; value: number };
