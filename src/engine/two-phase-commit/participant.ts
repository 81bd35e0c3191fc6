import { RECORD_HEADER } from '../wal/lsn';
import { logCrash, logFlush, logInsert, logSince } from '../wal/log';
import { type Ctx, emit, send } from './network';
import { COORDINATOR, type PartKind, type Participant, type PartRecord, type Piece, type PieceState, type State, type TwoPhaseFile, type Write } from './types';

/**
 * A participant: one PostgreSQL database with a table `accounts (key, balance)`, its WAL,
 * row locks, and PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK PREPARED as xact.c and
 * twophase.c do them. Data pages are not modelled: the WAL and the checkpoint's copy of the
 * table are what survives a crash, and recovery rebuilds the rest from them.
 */

/** The first xid a participant hands out (a fresh cluster is a little past 700). */
export const FIRST_XID = 750;
/** Each participant is its own cluster with its own xid counter; they start apart so xids are not confused. */
export const XID_SPACING = 100;
/** Ended pieces kept per participant for the view; older ones live on only in `fates`. */
const KEEP_ENDED = 6;

/** xl_tot_len of each record, after the structs in heapam_xlog.h, xact.h and twophase.c (small rows). */
function recordSize(kind: PartKind, gid: string | null, locks: number): number {
  const data = RECORD_HEADER + 2;
  const g = gid === null ? 0 : gid.length + 1;
  switch (kind) {
    case 'INSERT': // block ref (20) + xl_heap_insert (3) + xl_heap_header (5) + a small tuple
      return data + 20 + 3 + 5 + 16;
    case 'UPDATE': // block ref (20) + xl_heap_update (14) + xl_heap_header (5) + a small tuple
      return data + 20 + 14 + 5 + 16;
    case 'PREPARE': // TwoPhaseFileHeader (64) + gid + one TwoPhaseRecordOnDisk (8) and lock tag (24) per lock + end record
      return data + 64 + g + locks * 32 + 8;
    case 'COMMIT_PREPARED': // xact_time, xinfo, xl_xact_twophase and the gid
    case 'ABORT_PREPARED':
      return data + 8 + 4 + 4 + g;
    case 'COMMIT':
    case 'ABORT':
      return data + 8;
    case 'CHECKPOINT_ONLINE': // struct CheckPoint
      return data + 88;
  }
}

export const participant = (st: State, name: string): Participant | undefined => st.parts.find((p) => p.name === name);

function log(ctx: Ctx, p: Participant, kind: PartKind, xid: number, gid: string | null, extra: Partial<PartRecord> = {}) {
  const body: PartRecord = { kind, xid, gid, key: null, value: null, locks: null, ...extra };
  const rec = logInsert(p.wal, body, recordSize(kind, gid, body.locks?.length ?? 0));
  emit(ctx, { type: 'wal.inserted', node: p.name, lsn: rec.lsn, end: rec.end, kind, gid });
  return rec;
}

function flush(ctx: Ctx, p: Participant): void {
  if (logFlush(p.wal)) emit(ctx, { type: 'wal.flushed', node: p.name, upTo: p.wal.flushed });
}

/** Record where a piece of `gid` ended up on `node`, and notice any participant that disagrees. */
function setFate(st: State, gid: string, node: string, fate: PieceState): void {
  const f = (st.fates[gid] ??= {});
  f[node] = fate;
  if (fate === 'committed' || fate === 'aborted') {
    const other = fate === 'committed' ? 'aborted' : 'committed';
    for (const [n, s] of Object.entries(f)) {
      if (s === other) st.violations.push(`${gid}: ${node} ${fate} while ${n} ${s}`);
    }
  }
}

function prune(p: Participant): void {
  let ended = 0;
  for (let i = p.pieces.length - 1; i >= 0; i--) {
    const s = p.pieces[i].state;
    if (s === 'committed' || s === 'aborted') {
      ended += 1;
      if (ended > KEEP_ENDED) p.pieces.splice(i, 1);
    }
  }
}

const lockedBy = (p: Participant, xid: number): string[] =>
  Object.keys(p.locks)
    .filter((k) => p.locks[k] === xid)
    .sort();

/** The transaction ends: its row locks go, and the transactions waiting for them run on. */
function release(ctx: Ctx, p: Participant, xid: number): void {
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
  emit(ctx, { type: 'sql.error', node: p.name, gid: piece.gid, sqlstate, message });
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
      emit(ctx, { type: 'lock.wait', node: p.name, gid: piece.gid, xid: piece.xid, key: w.key, holder, holderGid: h?.gid ?? null });
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
  emit(ctx, { type: 'txn.begun', node: p.name, gid, xid: piece.xid });
  runWrites(ctx, p, piece);
}

/** ROLLBACK of an open (not prepared) transaction: an abort record, not flushed (nobody waits for it). */
function rollbackLocal(ctx: Ctx, p: Participant, piece: Piece, reason: string): void {
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

const prepared = (p: Participant, gid: string) => p.pieces.find((x) => x.gid === gid && x.state === 'prepared');
const open = (p: Participant, gid: string) => p.pieces.find((x) => x.gid === gid && (x.state === 'working' || x.state === 'waiting' || x.state === 'failed'));

function voteNo(ctx: Ctx, p: Participant, gid: string, note: string): void {
  send(ctx, p.name, COORDINATOR, 'VOTE_NO', gid, { note });
}

/**
 * PREPARE TRANSACTION 'gid' (PrepareTransaction, EndPrepare): the PREPARE record carries the
 * transaction's state and locks, and is flushed before the answer, so a crash after "yes" can
 * never lose it. A failed transaction rolls back instead (the command answers ROLLBACK).
 */
function prepare(ctx: Ctx, p: Participant, piece: Piece): void {
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
    emit(ctx, { type: 'sql.error', node: p.name, gid: piece.gid, sqlstate: '55000', message: 'prepared transactions are disabled' });
    return reject('prepared transactions are disabled (55000): set max_prepared_transactions to a nonzero value');
  }
  if (count >= p.maxPrepared) {
    emit(ctx, { type: 'sql.error', node: p.name, gid: piece.gid, sqlstate: '53200', message: 'maximum number of prepared transactions reached' });
    return reject(`maximum number of prepared transactions reached (53200): increase max_prepared_transactions (currently ${p.maxPrepared})`);
  }
  if (prepared(p, piece.gid)) {
    const message = `transaction identifier "${piece.gid}" is already in use`;
    emit(ctx, { type: 'sql.error', node: p.name, gid: piece.gid, sqlstate: '42710', message });
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

/** PREPARE arrives from the coordinator. */
export function onPrepare(ctx: Ctx, p: Participant, gid: string): void {
  const piece = open(p, gid);
  if (piece) return prepare(ctx, p, piece);
  if (prepared(p, gid)) return void send(ctx, p.name, COORDINATOR, 'VOTE_YES', gid);
  // The session that ran the writes is gone (a crash) or already rolled back.
  voteNo(ctx, p, gid, 'there is no transaction in progress');
}

/** COMMIT PREPARED 'gid' (FinishPreparedTransaction): a flushed commit record, then the locks go. */
export function onCommitPrepared(ctx: Ctx, p: Participant, gid: string): void {
  const piece = prepared(p, gid);
  if (!piece) {
    const message = `prepared transaction with identifier "${gid}" does not exist`;
    emit(ctx, { type: 'sql.error', node: p.name, gid, sqlstate: '42704', message });
    send(ctx, p.name, COORDINATOR, 'ACK', gid, { note: `${message} (42704)` });
    return;
  }
  log(ctx, p, 'COMMIT_PREPARED', piece.xid, gid);
  flush(ctx, p);
  for (const d of piece.done) p.rows[d.key] = d.value;
  piece.state = 'committed';
  setFate(ctx.st, gid, p.name, 'committed');
  ctx.st.stats.committed += 1;
  emit(ctx, { type: 'txn.committed', node: p.name, gid, xid: piece.xid, local: false });
  release(ctx, p, piece.xid);
  prune(p);
  send(ctx, p.name, COORDINATOR, 'ACK', gid);
}

/** ROLLBACK PREPARED 'gid', or ROLLBACK on the session of a transaction never prepared. */
export function onRollback(ctx: Ctx, p: Participant, gid: string, kind: 'ROLLBACK_PREPARED' | 'ROLLBACK'): void {
  const piece = prepared(p, gid);
  if (piece) {
    log(ctx, p, 'ABORT_PREPARED', piece.xid, gid);
    flush(ctx, p);
    piece.state = 'aborted';
    setFate(ctx.st, gid, p.name, 'aborted');
    ctx.st.stats.aborted += 1;
    emit(ctx, { type: 'txn.aborted', node: p.name, gid, xid: piece.xid, reason: 'ROLLBACK PREPARED' });
    release(ctx, p, piece.xid);
    prune(p);
    send(ctx, p.name, COORDINATOR, 'ACK', gid);
    return;
  }
  const o = open(p, gid);
  if (o) {
    rollbackLocal(ctx, p, o, 'the coordinator rolled back before it was prepared');
    send(ctx, p.name, COORDINATOR, 'ACK', gid);
    return;
  }
  let note: string | undefined;
  if (kind === 'ROLLBACK_PREPARED') {
    const message = `prepared transaction with identifier "${gid}" does not exist`;
    emit(ctx, { type: 'sql.error', node: p.name, gid, sqlstate: '42704', message });
    note = `${message} (42704)`;
  }
  send(ctx, p.name, COORDINATOR, 'ACK', gid, note === undefined ? {} : { note });
}

/** COMMIT of a local transaction: the commit record is flushed (synchronous_commit on), then the locks go. */
export function commitLocal(ctx: Ctx, p: Participant, gid: string): void {
  const piece = open(p, gid);
  if (!piece) return;
  if (piece.state === 'failed') return rollbackLocal(ctx, p, piece, `COMMIT after an error rolls back: ${piece.error}`);
  log(ctx, p, 'COMMIT', piece.xid, null);
  flush(ctx, p);
  for (const d of piece.done) p.rows[d.key] = d.value;
  piece.state = 'committed';
  setFate(ctx.st, gid, p.name, 'committed');
  ctx.st.stats.committed += 1;
  emit(ctx, { type: 'txn.committed', node: p.name, gid, xid: piece.xid, local: true });
  release(ctx, p, piece.xid);
  prune(p);
}

/** ROLLBACK of a local transaction. */
export function rollbackLocalTxn(ctx: Ctx, p: Participant, gid: string): void {
  const piece = open(p, gid);
  if (piece) rollbackLocal(ctx, p, piece, 'ROLLBACK');
}

/**
 * The client's connection is gone: the backend aborts its open transaction (what PREPARE
 * TRANSACTION exists to survive). Prepared transactions are no longer tied to a session and stay.
 */
export function disconnect(ctx: Ctx, p: Participant, whose: (gid: string) => boolean): void {
  for (const x of [...p.pieces]) {
    if ((x.state === 'working' || x.state === 'waiting' || x.state === 'failed') && whose(x.gid)) rollbackLocal(ctx, p, x, 'its client connection closed');
  }
}

/** The piece of `gid` that is still open on `p`, if any. */
export const openPiece = (p: Participant, gid: string) => open(p, gid);

/** SELECT gid FROM pg_prepared_xacts, for a coordinator resolving after its own crash. */
export function onScan(ctx: Ctx, p: Participant): void {
  const gids = p.pieces.filter((x) => x.state === 'prepared').map((x) => x.gid);
  send(ctx, p.name, COORDINATOR, 'SCAN_REPLY', null, { gids });
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

/** What the durable state says: the balances and the transactions still prepared, as recovery would rebuild them. */
export function replayDurable(p: Participant): { rows: Record<string, number>; prepared: Piece[]; aborted: number[]; replayed: number; nextXid: number } {
  const rows = { ...p.checkpoint.rows };
  const writes = new Map<number, { key: string; old: number | null; value: number }[]>();
  for (const [xid, w] of Object.entries(p.checkpoint.open)) writes.set(Number(xid), w.map((d) => ({ ...d })));
  const prep = new Map<number, Piece>();
  let nextXid = p.checkpoint.nextXid;
  for (const f of p.checkpoint.twophase) prep.set(f.xid, pieceFromFile(f, 'twophase'));
  const records = logSince(p.wal, p.checkpoint.redo);
  for (const r of records) {
    if (r.kind === 'CHECKPOINT_ONLINE') continue;
    nextXid = Math.max(nextXid, r.xid + 1);
    if (r.kind === 'INSERT' || r.kind === 'UPDATE') {
      const w = writes.get(r.xid) ?? [];
      w.push({ key: r.key as string, old: null, value: r.value as number });
      writes.set(r.xid, w);
    } else if (r.kind === 'PREPARE') {
      const w = writes.get(r.xid) ?? [];
      writes.delete(r.xid);
      prep.set(r.xid, pieceFromFile({ xid: r.xid, gid: r.gid as string, preparedAt: 0, prepareLsn: r.lsn, writes: w, locks: r.locks ?? [] }, 'wal'));
    } else if (r.kind === 'COMMIT') {
      for (const d of writes.get(r.xid) ?? []) rows[d.key] = d.value;
      writes.delete(r.xid);
    } else if (r.kind === 'COMMIT_PREPARED') {
      for (const d of prep.get(r.xid)?.done ?? []) rows[d.key] = d.value;
      prep.delete(r.xid);
    } else {
      prep.delete(r.xid);
      writes.delete(r.xid);
    }
  }
  return { rows, prepared: [...prep.values()], aborted: [...writes.keys()], replayed: records.length, nextXid };
}

function pieceFromFile(f: TwoPhaseFile, from: 'twophase' | 'wal'): Piece {
  return {
    xid: f.xid,
    gid: f.gid,
    state: 'prepared',
    done: f.writes.map((w) => ({ ...w })),
    todo: [],
    waitsFor: null,
    prepareQueued: false,
    voteNo: false,
    error: null,
    preparedAt: f.preparedAt,
    prepareLsn: f.prepareLsn as Piece['prepareLsn'],
    recovered: from,
  };
}

/**
 * Restart: read pg_twophase's state files, replay the WAL from the checkpoint's redo point,
 * and bring back every transaction that was prepared but not finished, with its locks
 * (RecoverPreparedTransactions). Transactions that never prepared are gone.
 */
export function recoverParticipant(ctx: Ctx, p: Participant): void {
  const r = replayDurable(p);
  p.rows = r.rows;
  p.nextXid = Math.max(p.nextXid, r.nextXid);
  p.pieces = r.prepared;
  p.locks = {};
  const at = ctx.st.now;
  for (const x of r.prepared) {
    if (x.recovered === 'wal') x.preparedAt = at;
    const rec = p.wal.records.find((w) => w.kind === 'PREPARE' && w.xid === x.xid);
    for (const k of rec?.locks ?? x.done.map((d) => d.key)) p.locks[k] = x.xid;
  }
  p.up = true;
  ctx.st.stats.recoveries += 1;
  emit(ctx, {
    type: 'node.recovered',
    node: p.name,
    replayed: r.replayed,
    prepared: r.prepared.map((x) => x.gid),
    fromTwophase: r.prepared.filter((x) => x.recovered === 'twophase').map((x) => x.gid),
    aborted: [],
  });
}

/** CHECKPOINT: the table and the state files of transactions prepared before the redo point become durable. */
export function checkpointParticipant(ctx: Ctx, p: Participant): void {
  const redo = p.wal.insert;
  const twophase: TwoPhaseFile[] = p.pieces
    .filter((x) => x.state === 'prepared' && x.prepareLsn !== null && x.prepareLsn < redo)
    .map((x) => ({ xid: x.xid, gid: x.gid, preparedAt: x.preparedAt ?? 0, prepareLsn: x.prepareLsn as number, writes: x.done.map((d) => ({ ...d })), locks: lockedBy(p, x.xid) }));
  // Open transactions' tuples are in the data pages the checkpoint wrote (with their xid as xmin):
  // recovery starts from them, as it starts from the committed balances.
  const open: Record<number, { key: string; old: number | null; value: number }[]> = {};
  for (const x of p.pieces) if (x.state === 'working' || x.state === 'waiting' || x.state === 'failed') open[x.xid] = x.done.map((d) => ({ ...d }));
  log(ctx, p, 'CHECKPOINT_ONLINE', 0, null);
  flush(ctx, p);
  p.checkpoint = { redo, rows: { ...p.rows }, twophase, open, nextXid: p.nextXid };
  emit(ctx, { type: 'checkpoint', node: p.name, redo, twophaseFiles: twophase.map((f) => twoPhaseFileName(f.xid)) });
}

/** pg_twophase/000002EE: the state file of xid 750. */
export const twoPhaseFileName = (xid: number): string => `pg_twophase/${xid.toString(16).toUpperCase().padStart(8, '0')}`;
