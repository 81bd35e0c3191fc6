import { type Ctx, emit, send } from './network';
import { commitPiece, openPiece, prepare, preparedPiece, prune, release, rollbackLocal, setFate, voteNo } from './participant';
import { flush, log } from './participant-wal';
import { COORDINATOR, type Participant } from './types';

/** A participant answering the coordinator: PREPARE, COMMIT PREPARED, ROLLBACK (PREPARED) and the pg_prepared_xacts query. */

/** PREPARE arrives from the coordinator. */
export function onPrepare(ctx: Ctx, p: Participant, gid: string): void {
  const piece = openPiece(p, gid);
  if (piece) return prepare(ctx, p, piece);
  if (preparedPiece(p, gid)) return void send(ctx, p.name, COORDINATOR, 'VOTE_YES', gid);
  // The session that ran the writes is gone (a crash) or already rolled back.
  voteNo(ctx, p, gid, 'there is no transaction in progress');
}

/** COMMIT PREPARED 'gid' (FinishPreparedTransaction): a flushed commit record, then the locks go. */
export function onCommitPrepared(ctx: Ctx, p: Participant, gid: string): void {
  const piece = preparedPiece(p, gid);
  if (!piece) {
    const message = `prepared transaction with identifier "${gid}" does not exist`;
    emit(ctx, { type: 'statement.failed', node: p.name, gid, sqlstate: '42704', message });
    send(ctx, p.name, COORDINATOR, 'ACK', gid, { note: `${message} (42704)` });
    return;
  }
  commitPiece(ctx, p, piece, false);
  send(ctx, p.name, COORDINATOR, 'ACK', gid);
}

/** ROLLBACK PREPARED 'gid', or ROLLBACK on the session of a transaction never prepared. */
export function onRollback(ctx: Ctx, p: Participant, gid: string, kind: 'ROLLBACK_PREPARED' | 'ROLLBACK'): void {
  const piece = preparedPiece(p, gid);
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
  const o = openPiece(p, gid);
  if (o) {
    rollbackLocal(ctx, p, o, 'the coordinator rolled back before it was prepared');
    send(ctx, p.name, COORDINATOR, 'ACK', gid);
    return;
  }
  let note: string | undefined;
  if (kind === 'ROLLBACK_PREPARED') {
    const message = `prepared transaction with identifier "${gid}" does not exist`;
    emit(ctx, { type: 'statement.failed', node: p.name, gid, sqlstate: '42704', message });
    note = `${message} (42704)`;
  }
  send(ctx, p.name, COORDINATOR, 'ACK', gid, note === undefined ? {} : { note });
}

/** SELECT gid FROM pg_prepared_xacts, for a coordinator resolving after its own crash. */
export function onScan(ctx: Ctx, p: Participant): void {
  const gids = p.pieces.filter((x) => x.state === 'prepared').map((x) => x.gid);
  send(ctx, p.name, COORDINATOR, 'SCAN_REPLY', null, { gids });
}
