import { logCrash } from '../wal/log';
import { type Ctx, emit, send } from './network';
import { flush, log } from './participant-wal';
import { COORDINATOR, type Participant, type Piece, type PieceState, type State, type Write } from './types';

/**
 * A participant: one PostgreSQL database with a table `accounts (key, balance)`, its WAL,
 * row locks, and PREPARE TRANSACTION as xact.c and twophase.c do it. This file holds its
 * sessions' work (writes, lock waits, local COMMIT/ROLLBACK), PREPARE and the crash; the
 * coordinator's messages are answered in participant-protocol.ts, restart and CHECKPOINT are
 * in participant-recovery.ts, WAL record sizes in participant-wal.ts. Data pages are not
 * modelled: the WAL and the checkpoint's copy of the table are what survives a crash.
 */

/** The first xid a participant hands out (a fresh cluster is a little past 700). */
export const FIRST_XID = 750;
/** Each participant is its own cluster with its own xid counter; they start apart so xids are not confused. */
export const XID_SPACING = 100;
/** Ended pieces kept per participant for the view; older ones live on only in `fates`. */
const KEEP_ENDED = 6;

export const participant = (st: State, name: string): Participant | undefined => st.parts.find((p) => p.name === name);

/** Record where a piece of `gid` ended up on `node`, and notice any participant that disagrees. */
export function setFate(st: State, gid: string, node: string, fate: PieceState): void {
  const f = (st.fates[gid] ??= {});
  f[node] = fate;
  if (fate === 'committed' || fate === 'aborted') {
    const other = fate === 'committed' ? 'aborted' : 'committed';
    for (const [n, s] of Object.entries(f)) {
      if (s === other) st.violations.push(`${gid}: ${node} ${fate} while ${n} ${s}`);
    }
  }
}

export function prune(p: Participant): void {
  let ended = 0;
  for (let i = p.pieces.length - 1; i >= 0; i--) {
    const s = p.pieces[i].state;
    if (s === 'committed' || s === 'aborted') {
      ended += 1;
      if (ended > KEEP_ENDED) p.pieces.splice(i, 1);
    }
  }
}

export const lockedBy = (p: Participant, xid: number): string[] =>
  Object.keys(p.locks)
    .filter((k) => p.locks[k] === xid)
    .sort();

/** The transaction ends: its row locks go, and the transactions waiting for them run on. */
export function release(ctx: Ctx, p: Participant, xid: number): void {
  const keys = lockedBy(p, xid);
  for (const k of keys) delete p.locks[k];
  if (keys.length > 0) emit(ctx, { type: 'locks.released', node: p.name, xid, keys });
  for (const w of p.pieces) {
    if (w.state === 'waiting' && w.waitsFor === xid) {
      w.waitsFor = null;
      runWrites(ctx, p, w);
    }
  }
}

function fail(ctx: Ctx, p: Participant, piece: Piece, sqlstate: string, message: string): void {
  piece.state = 'failed';
  piece.error = `${message} (${sqlstate})`;
  piece.todo = [];
  emit(ctx, { type: 'statement.failed', node: p.name, gid: piece.gid, sqlstate, message });
}

/** Run the piece's writes in order until one has to wait for a row lock. */
function runWrites(ctx: Ctx, p: Participant, piece: Piece): void {
  let resumed = piece.state === 'waiting';
  while (piece.todo.length > 0) {
    const w = piece.todo[0];
    const holder = p.locks[w.key];
    if (holder !== undefined && holder !== piece.xid) {
      piece.state = 'waiting';
      piece.waitsFor = holder;
      ctx.st.stats.waits += 1;
      const h = p.pieces.find((x) => x.xid === holder);
      emit(ctx, { type: 'lock.awaited', node: p.name, gid: piece.gid, xid: piece.xid, key: w.key, holder, holderGid: h?.gid ?? null });
      setFate(ctx.st, piece.gid, p.name, 'waiting');
      return;
    }
    if (holder === undefined) p.locks[w.key] = piece.xid;
    if (resumed) {
      emit(ctx, { type: 'lock.granted', node: p.name, gid: piece.gid, xid: piece.xid, key: w.key });
      resumed = false;
    }
    const mine = [...piece.done].reverse().find((d) => d.key === w.key);
    const old = mine ? mine.value : Object.hasOwn(p.rows, w.key) ? p.rows[w.key] : null;
    if (w.add !== undefined && old === null) {
      fail(ctx, p, piece, 'P0002', `no row in "accounts" with key "${w.key}"`);
      break;
    }
    const value = w.set ?? (old as number) + (w.add ?? 0);
    if (p.min !== null && value < p.min) {
      fail(ctx, p, piece, '23514', 'new row for relation "accounts" violates check constraint "accounts_balance_check"');
      break;
    }
    log(ctx, p, old === null ? 'INSERT' : 'UPDATE', piece.xid, null, { key: w.key, value });
    piece.done.push({ key: w.key, old, value });
    piece.todo.shift();
    emit(ctx, { type: 'row.written', node: p.name, gid: piece.gid, xid: piece.xid, key: w.key, old, value });
  }
  if (piece.state === 'waiting') piece.state = 'working';
  setFate(ctx.st, piece.gid, p.name, piece.state);
  if (piece.prepareQueued) {
    piece.prepareQueued = false;
    prepare(ctx, p, piece);
  }
}

/** The application's session on `p` begins its piece of `gid` and runs its writes. */
export function beginPiece(ctx: Ctx, p: Participant, gid: string, writes: readonly Write[], voteNo: boolean): void {
  const piece: Piece = {
    xid: p.nextXid++,
    gid,
    state: 'working',
    done: [],
    todo: [...writes],
    waitsFor: null,
    prepareQueued: false,
    voteNo,
    error: null,
    preparedAt: null,
    prepareLsn: null,
    recovered: null,
  };
  p.pieces.push(piece);
  emit(ctx, { type: 'txn.began', node: p.name, gid, xid: piece.xid });
  runWrites(ctx, p, piece);
}

/** ROLLBACK of an open (not prepared) transaction: an abort record, not flushed (nobody waits for it). */
export function rollbackLocal(ctx: Ctx, p: Participant, piece: Piece, reason: string): void {
  log(ctx, p, 'ABORT', piece.xid, null);
  piece.state = 'aborted';
  piece.todo = [];
  piece.waitsFor = null;
  setFate(ctx.st, piece.gid, p.name, 'aborted');
  ctx.st.stats.aborted += 1;
  emit(ctx, { type: 'txn.aborted', node: p.name, gid: piece.gid, xid: piece.xid, reason });
  release(ctx, p, piece.xid);
  prune(p);
}

/** The prepared piece of `gid` on `p`, if any. */
export const preparedPiece = (p: Participant, gid: string) => p.pieces.find((x) => x.gid === gid && x.state === 'prepared');
/** The piece of `gid` that is still open on `p` (working, waiting or failed), if any. */
export const openPiece = (p: Participant, gid: string) =>
  p.pieces.find((x) => x.gid === gid && (x.state === 'working' || x.state === 'waiting' || x.state === 'failed'));

export function voteNo(ctx: Ctx, p: Participant, gid: string, note: string): void {
  send(ctx, p.name, COORDINATOR, 'VOTE_NO', gid, { note });
}

/**
 * PREPARE TRANSACTION 'gid' (PrepareTransaction, EndPrepare): the PREPARE record carries the
 * transaction's state and locks, and is flushed before the answer, so a crash after "yes" can
 * never lose it. A failed transaction rolls back instead (the command answers ROLLBACK).
 */
export function prepare(ctx: Ctx, p: Participant, piece: Piece): void {
  if (piece.state === 'waiting') {
    piece.prepareQueued = true;
    return;
  }
  const reject = (why: string) => {
    rollbackLocal(ctx, p, piece, why);
    voteNo(ctx, p, piece.gid, why);
  };
  if (piece.state === 'failed') return reject(`PREPARE TRANSACTION after an error rolls back: ${piece.error}`);
  if (piece.voteNo) return reject('the application rolled back instead of preparing');
  const count = p.pieces.filter((x) => x.state === 'prepared').length;
  if (p.maxPrepared === 0) {
    emit(ctx, { type: 'statement.failed', node: p.name, gid: piece.gid, sqlstate: '55000', message: 'prepared transactions are disabled' });
    return reject('prepared transactions are disabled (55000): set max_prepared_transactions to a nonzero value');
  }
  if (count >= p.maxPrepared) {
    emit(ctx, {
      type: 'statement.failed',
      node: p.name,
      gid: piece.gid,
      sqlstate: '53200',
      message: 'maximum number of prepared transactions reached',
    });
    return reject(
      `maximum number of prepared transactions reached (53200): increase max_prepared_transactions (currently ${p.maxPrepared})`,
    );
  }
  if (preparedPiece(p, piece.gid)) {
    const message = `transaction identifier "${piece.gid}" is already in use`;
    emit(ctx, { type: 'statement.failed', node: p.name, gid: piece.gid, sqlstate: '42710', message });
    return reject(`${message} (42710)`);
  }
  const rec = log(ctx, p, 'PREPARE', piece.xid, piece.gid, { locks: lockedBy(p, piece.xid) });
  flush(ctx, p);
  piece.state = 'prepared';
  piece.preparedAt = ctx.st.now;
  piece.prepareLsn = rec.lsn;
  setFate(ctx.st, piece.gid, p.name, 'prepared');
  emit(ctx, { type: 'txn.prepared', node: p.name, gid: piece.gid, xid: piece.xid });
  if (p.armed === 'prepared') {
    crashParticipant(ctx, p);
    return;
  }
  send(ctx, p.name, COORDINATOR, 'VOTE_YES', piece.gid);
}

/** COMMIT of a local transaction: the commit record is flushed (synchronous_commit on), then the locks go. */
export function commitLocal(ctx: Ctx, p: Participant, gid: string): void {
  const piece = openPiece(p, gid);
  if (!piece) return;
  if (piece.state === 'failed') return rollbackLocal(ctx, p, piece, `COMMIT after an error rolls back: ${piece.error}`);
  commitPiece(ctx, p, piece, true);
}

/**
 * A piece commits, local (COMMIT) or prepared (COMMIT PREPARED): its commit record is flushed
 * (synchronous_commit on), its writes reach the table, then its locks go.
 */
export function commitPiece(ctx: Ctx, p: Participant, piece: Piece, local: boolean): void {
  log(ctx, p, local ? 'COMMIT' : 'COMMIT_PREPARED', piece.xid, local ? null : piece.gid);
  flush(ctx, p);
  for (const d of piece.done) p.rows[d.key] = d.value;
  piece.state = 'committed';
  setFate(ctx.st, piece.gid, p.name, 'committed');
  ctx.st.stats.committed += 1;
  emit(ctx, { type: 'txn.committed', node: p.name, gid: piece.gid, xid: piece.xid, local });
  release(ctx, p, piece.xid);
  prune(p);
}

/** ROLLBACK of a local transaction. */
export function rollbackLocalTxn(ctx: Ctx, p: Participant, gid: string): void {
  const piece = openPiece(p, gid);
  if (piece) rollbackLocal(ctx, p, piece, 'ROLLBACK');
}

/**
 * The client's connection is gone: the backend aborts its open transaction (what PREPARE
 * TRANSACTION exists to survive). Prepared transactions are no longer tied to a session and stay.
 */
export function disconnect(ctx: Ctx, p: Participant, whose: (gid: string) => boolean): void {
  for (const x of [...p.pieces]) {
    if ((x.state === 'working' || x.state === 'waiting' || x.state === 'failed') && whose(x.gid))
      rollbackLocal(ctx, p, x, 'its client connection closed');
  }
}

/** The power goes out: memory (rows, locks, sessions) and unflushed WAL are gone. */
export function crashParticipant(ctx: Ctx, p: Participant): void {
  const lost = logCrash(p.wal);
  const lostTxns: string[] = [];
  for (const x of p.pieces) {
    if (x.state === 'working' || x.state === 'waiting' || x.state === 'failed') {
      lostTxns.push(x.gid);
      setFate(ctx.st, x.gid, p.name, 'aborted');
    }
  }
  p.up = false;
  p.crashes += 1;
  p.armed = null;
  p.pieces = [];
  p.locks = {};
  p.rows = {};
  emit(ctx, { type: 'node.crashed', node: p.name, lostRecords: lost.length, lostTxns });
}
