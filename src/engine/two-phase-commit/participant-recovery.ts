import { logSince } from '../wal/log';
import { type Ctx, emit } from './network';
import { lockedBy } from './participant';
import { flush, log } from './participant-wal';
import type { Participant, Piece, TwoPhaseFile } from './types';

/** A participant's restart (pg_twophase, then the WAL from the redo point) and its CHECKPOINT. */

/** What the durable state says: the balances and the transactions still prepared, as recovery would rebuild them. */
export function replayDurable(p: Participant): {
  rows: Record<string, number>;
  prepared: Piece[];
  aborted: number[];
  replayed: number;
  nextXid: number;
} {
  const rows = { ...p.checkpoint.rows };
  const writes = new Map<number, { key: string; old: number | null; value: number }[]>();
  for (const [xid, w] of Object.entries(p.checkpoint.open))
    writes.set(
      Number(xid),
      w.map((d) => ({ ...d })),
    );
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
      prep.set(
        r.xid,
        pieceFromFile({ xid: r.xid, gid: r.gid as string, preparedAt: 0, prepareLsn: r.lsn, writes: w, locks: r.locks ?? [] }, 'wal'),
      );
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
    type: 'node.restarted',
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
    .map((x) => ({
      xid: x.xid,
      gid: x.gid,
      preparedAt: x.preparedAt ?? 0,
      prepareLsn: x.prepareLsn as number,
      writes: x.done.map((d) => ({ ...d })),
      locks: lockedBy(p, x.xid),
    }));
  // Open transactions' tuples are in the data pages the checkpoint wrote (with their xid as xmin):
  // recovery starts from them, as it starts from the committed balances.
  const open: Record<number, { key: string; old: number | null; value: number }[]> = {};
  for (const x of p.pieces)
    if (x.state === 'working' || x.state === 'waiting' || x.state === 'failed') open[x.xid] = x.done.map((d) => ({ ...d }));
  log(ctx, p, 'CHECKPOINT_ONLINE', 0, null);
  flush(ctx, p);
  p.checkpoint = { redo, rows: { ...p.rows }, twophase, open, nextXid: p.nextXid };
  emit(ctx, { type: 'checkpoint.finished', node: p.name, redo, twophaseFiles: twophase.map((f) => twoPhaseFileName(f.xid)) });
}

/** pg_twophase/000002EE: the state file of xid 750. */
export const twoPhaseFileName = (xid: number): string => `pg_twophase/${xid.toString(16).toUpperCase().padStart(8, '0')}`;
