import { refuse } from '../core/refusal';
import { applyPrune, planPrune } from './heap';
import { primaryOf, replay, reply, sendersOf, WAL_WRITER_DELAY } from './net';
import { runningOn, snapshotXmin } from './standby';
import type { Action, Event, Node, State, Value, VacuumReport } from './types';
import { insertPrune } from './wal';

/**
 * The primary's xmin horizon and what holds it (ComputeXidHorizons), VACUUM on the primary, long
 * reads on any node, a standby's hot_standby_feedback and max_standby_streaming_delay, and
 * pg_drop_replication_slot.
 */

/** The oldest xid VACUUM must keep versions for, and who holds it there, in words. */
export interface Horizon {
  readonly xmin: number;
  /** "primary session T1", "session R1 on primary", "standby s1's feedback", "slot s1"; null: nobody (the next xid). */
  readonly heldBy: string | null;
}

/**
 * ComputeXidHorizons' data horizon on `primary`: the oldest of its running transactions' xids, its
 * sessions' snapshot xmins, its walsenders' xmin (hot standby feedback without a slot) and its
 * replication slots' xmin (kept while nobody streams through them); else the next xid.
 */
export function primaryHorizon(state: State, primary: Node): Horizon {
  let h: Horizon = { xmin: state.nextXid, heldBy: null };
  const consider = (xmin: number | null, heldBy: string) => {
    // A holder at the next xid is named too: it will keep the horizon there as new xids are handed out.
    if (xmin !== null && (xmin < h.xmin || (xmin === h.xmin && h.heldBy === null))) h = { xmin, heldBy };
  };
  for (const t of state.live) if (t.node === primary.name) consider(t.xid, `primary session ${t.name}`);
  for (const q of runningOn(state, primary.name)) consider(q.xmin, `session ${q.session} on ${primary.name}`);
  for (const s of sendersOf(state, primary.name)) consider(s.xmin, `standby ${s.standby}'s feedback`);
  for (const slot of state.slots) if (slot.on === primary.name) consider(slot.xmin, `slot ${slot.name}`);
  return h;
}

/** VACUUM (VERBOSE) on the primary: prune what the horizon allows, log it (Heap2 PRUNE), report as vacuumlazy.c does. */
export function vacuum(state: State): Event[] {
  const p = primaryOf(state);
  if (!p) refuse('No server accepts writes: VACUUM runs on the primary, and none is up.');
  const h = primaryHorizon(state, p);
  const plan = planPrune(p.heap, p.rows, h.xmin);
  const out: Event[] = [];
  let pruneLsn: number | null = null;
  if (plan) {
    // No xid and no commit record: the WAL writer flushes the PRUNE within wal_writer_delay.
    const inserted = insertPrune(p, plan);
    out.push(inserted);
    pruneLsn = inserted.record.lsn;
    if (p.walWriterAt === null) p.walWriterAt = state.time + WAL_WRITER_DELAY;
    applyPrune(p.heap, p.rows, plan);
  }
  const deadNotRemovable = p.heap.deadKeys.length;
  const report: VacuumReport = {
    node: p.name,
    removed: plan?.removed.length ?? 0,
    remain: Object.keys(p.rows).length + deadNotRemovable,
    deadNotRemovable,
    cutoff: h.xmin,
    age: state.nextXid - h.xmin,
    heldBy: h.heldBy,
    pruneLsn,
  };
  state.vacuums.push(report);
  if (state.vacuums.length > 8) state.vacuums.shift();
  out.push({ type: 'table.vacuumed', report });
  return out;
}

const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

/** BEGIN ISOLATION LEVEL REPEATABLE READ and a long SELECT: the snapshot stays until the session ends. */
export function beginRead(state: State, a: Extract<Action, { type: 'begin-read' }>): Event[] {
  const n = own(state.nodes, a.node);
  if (!n) refuse(`There is no node "${a.node}".`);
  if (!n.up) refuse(`${a.node} is down: could not connect to server.`);
  if (state.queries.some((q) => q.session === a.session && q.status !== 'ended'))
    refuse(`${a.session} is already reading; end it first (end-read).`);
  const value: Value = own(n.rows, a.key)?.value ?? null;
  const query = { session: a.session, node: n.name, key: a.key, value, xmin: snapshotXmin(state, n), since: state.time };
  state.queries = state.queries.filter((q) => q.session !== a.session);
  state.queries.push({ ...query, status: 'running', conflictSince: null });
  return [{ type: 'query.started', query: { ...query, status: 'running', conflictSince: null } }];
}

/** The long read's session ends; replay held for it goes on at once. */
export function endRead(state: State, session: string): Event[] {
  const q = state.queries.find((x) => x.session === session && x.status !== 'ended');
  if (!q) refuse(`${session} is not reading.`);
  q.status = 'ended';
  const out: Event[] = [{ type: 'query.ended', session, node: q.node }];
  const n = state.nodes[q.node];
  if (n.up && n.role === 'standby' && replay(state, n, out)) reply(state, n, out);
  return out;
}

/** ALTER SYSTEM SET hot_standby_feedback / max_standby_streaming_delay on a standby, then pg_reload_conf(). */
export function configureStandby(state: State, a: Extract<Action, { type: 'standby-set' }>): Event[] {
  const n = own(state.nodes, a.node);
  if (!n) refuse(`There is no node "${a.node}".`);
  if (!n.up) refuse(`${a.node} is down.`);
  if (n.role !== 'standby')
    refuse(`${a.node} is not a standby: hot_standby_feedback and max_standby_streaming_delay only act in recovery.`);
  const was = n.feedback;
  n.feedback = a.hot_standby_feedback ?? n.feedback;
  n.maxStandbyDelay = a.max_standby_streaming_delay ?? n.maxStandbyDelay;
  const out: Event[] = [
    { type: 'standby.configured', node: n.name, hot_standby_feedback: n.feedback, max_standby_streaming_delay: n.maxStandbyDelay },
  ];
  // On reload the walreceiver sends its feedback at once (XLogWalRcvSendHSFeedback(true)); a shorter delay may end a wait.
  if (replay(state, n, out) || was !== n.feedback) reply(state, n, out);
  return out;
}

/** pg_drop_replication_slot(): refused while a walsender streams through the slot. */
export function dropSlot(state: State, name: string): Event[] {
  const slot = state.slots.find((s) => s.name === name);
  if (!slot) refuse(`replication slot "${name}" does not exist`);
  const active = sendersOf(state, slot.on).some((s) => state.nodes[s.standby].slot === name);
  if (active) refuse(`replication slot "${name}" is active: a walsender streams through it (stop the standby first).`);
  state.slots = state.slots.filter((s) => s !== slot);
  return [{ type: 'slot.dropped', slot: name }];
}
