import { logCrash, logFlush, logInsert } from '../wal/log';
import { dataOnlySize } from '../wal/records';
import { type Ctx, emit, send } from './network';
import { disconnect } from './participant';
import { COORDINATOR, type CoordKind, type CoordTxn, type State } from './types';

/**
 * The coordinator (the transaction manager): it asks every participant to PREPARE, and
 * decides. Presumed abort (Mohan, Lindsay and Obermarck, 1986): only a COMMIT decision is
 * forced to its log before anyone hears it; ABORT and END records are written lazily. A
 * coordinator that restarts and finds no COMMIT record for a gid aborts it, so a
 * participant in doubt is told ROLLBACK PREPARED. It resends its decision until every
 * participant answers, and after a restart reads each participant's pg_prepared_xacts.
 */

function log(ctx: Ctx, kind: CoordKind, gid: string, participants: readonly string[]): void {
  const wal = ctx.st.coord.wal;
  const size = dataOnlySize(4 + gid.length + 1 + (kind === 'COMMIT' ? participants.reduce((n, p) => n + p.length + 1, 0) : 0));
  const rec = logInsert(wal, { kind, gid, participants }, size);
  emit(ctx, { type: 'wal.inserted', node: COORDINATOR, lsn: rec.lsn, end: rec.end, kind, gid });
}

function flush(ctx: Ctx): void {
  if (logFlush(ctx.st.coord.wal)) emit(ctx, { type: 'wal.flushed', node: COORDINATOR, upTo: ctx.st.coord.wal.flushed });
}

/** The application starts a global transaction: the coordinator remembers who takes part. */
export function coordBegin(st: State, gid: string, participants: readonly string[]): void {
  st.coord.txns[gid] = { gid, participants, phase: 'working', votes: {}, acks: {}, deadline: 0, prepareSent: false };
}

/** Phase one: PREPARE TRANSACTION 'gid' to every participant, and a deadline for the votes. */
export function coordCommit(ctx: Ctx, t: CoordTxn): void {
  t.phase = 'preparing';
  t.prepareSent = true;
  t.deadline = ctx.st.now + ctx.st.timeout;
  for (const p of t.participants) send(ctx, COORDINATOR, p, 'PREPARE', t.gid);
}

function sendDecision(ctx: Ctx, t: CoordTxn): void {
  const kind = t.phase === 'committing' ? 'COMMIT_PREPARED' : t.prepareSent ? 'ROLLBACK_PREPARED' : 'ROLLBACK';
  for (const p of t.participants) if (!t.acks[p]) send(ctx, COORDINATOR, p, kind, t.gid);
  t.deadline = ctx.st.now + ctx.st.timeout;
}

/** Every vote is yes: force the COMMIT record to disk, then tell everyone (unless a crash is armed here). */
function decideCommit(ctx: Ctx, t: CoordTxn): void {
  log(ctx, 'COMMIT', t.gid, t.participants);
  flush(ctx);
  t.phase = 'committing';
  emit(ctx, { type: 'decision.made', gid: t.gid, decision: 'commit', reason: 'every participant voted yes' });
  if (ctx.st.coord.armed === 'decision-logged') {
    crashCoordinator(ctx);
    return;
  }
  sendDecision(ctx, t);
}

/** Abort: an ABORT record, not forced (presumed abort), and ROLLBACK to those who may hold a piece. */
export function decideAbort(ctx: Ctx, t: CoordTxn, reason: string): void {
  log(ctx, 'ABORT', t.gid, t.participants);
  t.phase = 'aborting';
  // A participant that voted no has already rolled back.
  for (const p of t.participants) if (t.votes[p] === 'no') t.acks[p] = true;
  emit(ctx, { type: 'decision.made', gid: t.gid, decision: 'abort', reason });
  sendDecision(ctx, t);
  maybeEnd(ctx, t);
}

function maybeEnd(ctx: Ctx, t: CoordTxn): void {
  if (t.phase === 'working' || t.phase === 'preparing') return;
  if (!t.participants.every((p) => t.acks[p])) return;
  log(ctx, 'END', t.gid, t.participants);
  delete ctx.st.coord.txns[t.gid];
  emit(ctx, { type: 'gtx.ended', gid: t.gid });
}

/** A vote arrives. */
export function onVote(ctx: Ctx, from: string, gid: string, yes: boolean, note: string | null): void {
  const t = ctx.st.coord.txns[gid];
  if (!t) {
    // No memory of it: presumed abort.
    if (yes) send(ctx, COORDINATOR, from, 'ROLLBACK_PREPARED', gid);
    return;
  }
  if (t.phase === 'preparing') {
    t.votes[from] = yes ? 'yes' : 'no';
    if (!yes) return decideAbort(ctx, t, `${from} voted no${note ? `: ${note}` : ''}`);
    if (t.participants.every((p) => t.votes[p] === 'yes')) decideCommit(ctx, t);
    return;
  }
  if (!yes) {
    // A late "no" comes from a participant that has already rolled back.
    if (t.phase === 'aborting') {
      t.acks[from] = true;
      maybeEnd(ctx, t);
    }
    return;
  }
  // A late "yes" while aborting needs nothing: ROLLBACK PREPARED follows PREPARE on the same connection.
  if (t.phase === 'committing' && !t.acks[from]) send(ctx, COORDINATOR, from, 'COMMIT_PREPARED', gid);
}

/** A participant answered COMMIT PREPARED or ROLLBACK PREPARED (42704 counts: there is nothing left to finish). */
export function onAck(ctx: Ctx, from: string, gid: string): void {
  const t = ctx.st.coord.txns[gid];
  if (!t || t.phase === 'working' || t.phase === 'preparing') return;
  t.acks[from] = true;
  maybeEnd(ctx, t);
}

/** pg_prepared_xacts of a participant, after the coordinator's restart: finish or roll back each of its gids. */
export function onScanReply(ctx: Ctx, from: string, gids: readonly string[]): void {
  const c = ctx.st.coord;
  delete c.scans[from];
  for (const gid of gids) {
    const t = c.txns[gid];
    if (!t) send(ctx, COORDINATOR, from, 'ROLLBACK_PREPARED', gid);
    else if (t.phase === 'committing' && !t.acks[from]) send(ctx, COORDINATOR, from, 'COMMIT_PREPARED', gid);
    else if (t.phase === 'aborting') send(ctx, COORDINATOR, from, 'ROLLBACK_PREPARED', gid);
  }
}

/** The earliest timeout the coordinator is waiting for, or Infinity. */
export function nextTimer(st: State): number {
  const c = st.coord;
  if (!c.up) return Infinity;
  let t = Infinity;
  for (const gid in c.txns) {
    const x = c.txns[gid];
    if (x.phase !== 'working' && x.deadline < t) t = x.deadline;
  }
  for (const p in c.scans) if (c.scans[p] < t) t = c.scans[p];
  return t;
}

/** Fire every timeout due now: give up on missing votes, resend decisions, rescan. */
export function fireTimers(ctx: Ctx): void {
  const st = ctx.st;
  const c = st.coord;
  if (!c.up) return;
  for (const gid of Object.keys(c.txns)) {
    const t = c.txns[gid];
    if (!t || t.phase === 'working' || t.deadline > st.now) continue;
    if (t.phase === 'preparing') {
      const missing = t.participants.filter((p) => !t.votes[p]);
      decideAbort(ctx, t, `no vote from ${missing.join(', ')} within ${st.timeout} ms`);
    } else sendDecision(ctx, t);
    if (!c.up) return;
  }
  for (const p of Object.keys(c.scans)) {
    if (c.scans[p] > st.now) continue;
    send(ctx, COORDINATOR, p, 'SCAN', null);
    c.scans[p] = st.now + st.timeout;
  }
}

/** The coordinator's process dies: what it remembered and its unflushed log are gone. */
export function crashCoordinator(ctx: Ctx): void {
  const c = ctx.st.coord;
  const lost = logCrash(c.wal);
  const lostTxns = Object.keys(c.txns);
  c.up = false;
  c.crashes += 1;
  c.txns = {};
  c.scans = {};
  c.armed = null;
  emit(ctx, { type: 'node.crashed', node: COORDINATOR, lostRecords: lost.length, lostTxns });
  // Its connections close: each participant's backend rolls back what was not prepared.
  const global = (gid: string) => !ctx.st.gtx[gid]?.local;
  for (const p of ctx.st.parts) if (p.up) disconnect(ctx, p, global);
}

/**
 * Restart: a COMMIT without END is a decision not yet delivered everywhere, so resend it;
 * anything else it cannot remember is presumed aborted. Then read every participant's
 * pg_prepared_xacts to find transactions left prepared.
 */
export function recoverCoordinator(ctx: Ctx): void {
  const st = ctx.st;
  const c = st.coord;
  c.up = true;
  const commits = new Map<string, readonly string[]>();
  for (const r of c.wal.records) {
    if (r.kind === 'COMMIT') commits.set(r.gid, r.participants);
    else if (r.kind === 'END') commits.delete(r.gid);
  }
  const resumed: string[] = [];
  for (const [gid, participants] of commits) {
    const t: CoordTxn = { gid, participants, phase: 'committing', votes: {}, acks: {}, deadline: st.now, prepareSent: true };
    c.txns[gid] = t;
    resumed.push(gid);
  }
  st.stats.recoveries += 1;
  emit(ctx, {
    type: 'node.restarted',
    node: COORDINATOR,
    replayed: c.wal.records.length,
    prepared: resumed,
    fromTwophase: [],
    aborted: [],
  });
  for (const gid of resumed) sendDecision(ctx, c.txns[gid]);
  for (const p of st.parts) {
    send(ctx, COORDINATOR, p.name, 'SCAN', null);
    c.scans[p.name] = st.now + st.timeout;
  }
}
