import { refuse } from '../core/refusal';
import { formatLsn, recPtrToBytePos } from '../wal/lsn';
import { connect, dropOnLink, primaryOf, replay } from './net';
import { finishCommit, setStatus } from './txn-status';
import type { Event, LostCommit, Node, State } from './types';
import { newHeap } from './heap';
import { txnsInOrder } from './state';
import { countUpTo, rebuild, writesOf } from './wal';

/**
 * Crashes, restarts, pg_promote(), pointing a node at a new primary (with PostgreSQL's
 * timeline-history check) and pg_rewind.
 */

/** The machine fails: unflushed WAL is gone, its sessions are cut off, its walsenders end. */
export function crash(state: State, n: Node): Event[] {
  if (!n.up) refuse(`${n.name} is already down.`);
  const out: Event[] = [];
  n.up = false;
  n.walWriterAt = null;
  const kept = countUpTo(n.wal, n.flushLsn);
  const lostWal = n.wal.length - kept;
  n.wal.length = kept;
  n.writeLsn = n.flushLsn;
  const unacked: string[] = [];
  if (n.role === 'primary') {
    n.bytePos = recPtrToBytePos(n.flushLsn);
    for (const t of txnsInOrder(state)) {
      if (t.node !== n.name) continue;
      if (t.status === 'active') setStatus(state, t, 'aborted');
      if (t.status === 'waiting') {
        // Committed locally and flushed, but the client only saw its connection drop.
        setStatus(state, t, 'unknown');
        unacked.push(t.name);
      }
    }
    state.senders = state.senders.filter((s) => s.from !== n.name);
  }
  // Its sessions are gone, long reads included.
  for (const q of state.queries) if (q.node === n.name && q.status === 'running') q.status = 'ended';
  // Messages to it are dropped when they arrive; those already on the wire from it still arrive.
  out.push({ type: 'node.crashed', node: n.name, lostWal, unacked });
  return out;
}

/** The node starts: crash recovery replays its flushed WAL into fresh rows and dead versions, replay unpaused. */
function recover(state: State, n: Node): void {
  n.up = true;
  n.heap = newHeap();
  n.rows = rebuild(state.base, n.wal, n.flushLsn, n.heap);
  n.replayIdx = n.wal.length;
  n.replayLsn = n.flushLsn;
  n.replayPaused = false;
}

/** Start a crashed node again in its old role. A primary runs crash recovery over its flushed WAL. */
export function restart(state: State, n: Node): Event[] {
  if (n.up) refuse(`${n.name} is running.`);
  const other = primaryOf(state);
  if (n.role === 'primary' && other)
    refuse(
      `${other.name} was promoted while ${n.name} was down: starting ${n.name} as a primary again would give two primaries (split brain). Attach it to ${other.name} as a standby instead.`,
    );
  const out: Event[] = [];
  recover(state, n);
  if (n.role === 'primary') {
    // Commits that were waiting for a standby when it crashed are in the WAL: recovery makes them visible.
    for (const t of txnsInOrder(state)) if (t.node === n.name && t.status === 'unknown') setStatus(state, t, 'committed');
    for (const name of state.order) {
      const s = state.nodes[name];
      if (s.up && s.upstream === n.name && !s.refused) connect(state, s);
    }
  } else if (!n.refused) connect(state, n);
  out.push({ type: 'node.restarted', node: n.name, role: n.role, replayedTo: n.flushLsn });
  return out;
}

/** pg_promote(): replay what was received, end recovery on a new timeline, accept writes. */
export function promote(state: State, n: Node): Event[] {
  if (!n.up) refuse(`${n.name} is down: start it first.`);
  if (n.role !== 'standby')
    refuse(`${n.name} is not in recovery: pg_promote() only works on a standby (ERROR: recovery is not in progress, SQLSTATE 55000).`);
  const current = primaryOf(state);
  if (current)
    refuse(
      `${current.name} is still running as the primary: promoting ${n.name} now would give two primaries (split brain). Fence it first (crash it).`,
    );
  const out: Event[] = [];
  // Promotion ends a pause and ignores recovery_min_apply_delay: everything received is replayed.
  n.replayPaused = false;
  // It also cancels at once the queries a PRUNE conflicts with: replay must finish.
  const [delay, standbyDelay] = [n.applyDelay, n.maxStandbyDelay];
  [n.applyDelay, n.maxStandbyDelay, n.receiptTime] = [0, 0, Math.min(n.receiptTime, state.time)];
  replay(state, n, out);
  [n.applyDelay, n.maxStandbyDelay] = [delay, standbyDelay];
  const newest = Math.max(...state.order.map((x) => state.nodes[x].tli));
  const switchpoint = n.replayLsn;
  n.history = [...n.history, { tli: n.tli, switchpoint }];
  n.tli = newest + 1;
  n.role = 'primary';
  n.upstream = null;
  n.bytePos = recPtrToBytePos(switchpoint);
  n.flushLsn = n.writeLsn = n.replayLsn = switchpoint;
  state.senders = state.senders.filter((s) => s.standby !== n.name);
  for (const name of state.order) dropOnLink(state, name, n.name, `${n.name} stopped its walreceiver`, out);
  // Acknowledged commits that never reached this node are gone from the new history.
  const lost: LostCommit[] = [];
  const have = new Set(n.wal.filter((r) => r.kind === 'COMMIT').map((r) => r.xid));
  for (const t of txnsInOrder(state)) {
    if (t.node === n.name || have.has(t.xid) || state.lost.some((l) => l.tx === t.name)) continue;
    if (t.status === 'committed' && t.acked) {
      const old = state.nodes[t.node];
      const writes = writesOf(old.wal, t.xid, old.wal.length, t.firstLsn).map((w) => ({ key: w.key ?? '', value: w.value ?? null }));
      lost.push({ tx: t.name, lsn: t.commitLsn ?? 0, writes, oldPrimary: t.node, newPrimary: n.name });
    }
  }
  state.lost.push(...lost);
  // A commit whose client lost its connection during the synchronous wait (status unknown) is
  // committed in the new timeline's history if this node replayed its commit record: new sessions
  // here see it, as after the old primary's own crash recovery. Its client was still never told.
  const recovered: string[] = [];
  for (const t of txnsInOrder(state)) {
    if (t.status !== 'unknown' || !have.has(t.xid)) continue;
    setStatus(state, t, 'committed');
    recovered.push(t.name);
  }
  // Waiting commits on this node cannot exist (it was a standby); its own snapshot is now the primary's.
  out.push({ type: 'node.promoted', node: n.name, tli: n.tli, switchpoint, lost, recovered });
  return out;
}

/** Start a stopped node in recovery: it replays its own WAL first (crash recovery, then standby mode). */
function startAsStandby(state: State, n: Node): void {
  n.walWriterAt = null;
  if (n.up) return;
  recover(state, n);
}

/** Where `to`'s history left timeline `tli`, or null if `tli` is not in its history. */
function forkPoint(to: Node, tli: number): number | null {
  if (tli === to.tli) return Number.POSITIVE_INFINITY;
  return to.history.find((h) => h.tli === tli)?.switchpoint ?? null;
}

/**
 * primary_conninfo = `to` (and standby.signal): the node starts or keeps running as a standby
 * of `to`, if its WAL is a prefix of `to`'s history; otherwise startup refuses, as PostgreSQL's does.
 */
export function attach(state: State, n: Node, to: Node): Event[] {
  if (n === to) refuse(`${n.name} cannot stream from itself.`);
  if (!to.up) refuse(`${to.name} is down.`);
  if (to.role !== 'primary')
    refuse(`${to.name} is a standby: this lab streams only from the primary (cascading replication is not modelled).`);
  if (n.up && n.role === 'primary') refuse(`${n.name} is a running primary: stop it (crash) before it can become a standby.`);
  const out: Event[] = [];
  const fork = forkPoint(to, n.tli);
  n.upstream = to.name;
  n.role = 'standby';
  if (fork === null || n.flushLsn > fork) {
    // It starts (crash recovery over its own WAL), the walreceiver fetches the new timeline's
    // history file, and the startup process refuses to follow it, retrying forever.
    const message =
      fork === null
        ? `new timeline ${to.tli} is not a child of database system timeline ${n.tli}`
        : `new timeline ${to.tli} forked off current database system timeline ${n.tli} before current recovery point ${formatLsn(n.flushLsn)}`;
    const detail =
      fork === null
        ? `Timeline ${n.tli} is not in the history of timeline ${to.tli}.`
        : `Timeline ${to.tli} starts at ${formatLsn(fork)}, but this server already has WAL of timeline ${n.tli} up to ${formatLsn(n.flushLsn)} that ${to.name} never had.`;
    n.refused = message;
    startAsStandby(state, n);
    state.senders = state.senders.filter((s) => s.standby !== n.name);
    state.refusedAttaches += 1;
    out.push({ type: 'attach.refused', node: n.name, to: to.name, message, detail });
    return out;
  }
  n.refused = null;
  startAsStandby(state, n);
  // recovery_target_timeline = 'latest': the walreceiver fetches the history file and follows it.
  n.history = to.history.slice();
  n.tli = to.tli;
  for (const name of state.order) if (name !== to.name) dropOnLink(state, name, n.name, `${n.name} changed primary_conninfo`, out);
  connect(state, n);
  out.push({ type: 'node.attached', node: n.name, to: to.name });
  return out;
}

/** pg_rewind: cut the stopped node's WAL back to where `source`'s history forked from it. */
export function rewind(state: State, n: Node, source: Node): Event[] {
  // Every refusal comes before any change: a refused pg_rewind leaves the target as it was.
  if (n === source) refuse(`pg_rewind needs another server as its source (--source-server): ${n.name} is the target it would rewind.`);
  if (n.up && !n.refused) refuse(`pg_rewind needs ${n.name} shut down: crash it first.`);
  if (!source.up) refuse(`${source.name} is down: pg_rewind needs a running source server.`);
  const fork = forkPoint(source, n.tli);
  if (fork === null) refuse(`could not find common ancestor of the source and target cluster's timelines`);
  // A standby stuck on a forked timeline is stopped first (pg_ctl stop), as pg_rewind requires.
  n.up = false;
  state.senders = state.senders.filter((s) => s.standby !== n.name);
  if (fork === Number.POSITIVE_INFINITY || n.flushLsn <= fork) {
    n.refused = null;
    return [{ type: 'node.rewound', node: n.name, source: source.name, forkpoint: n.flushLsn, discarded: 0 }];
  }
  const kept = n.wal.filter((r) => r.lsn < fork);
  const discarded = n.wal.length - kept.length;
  n.wal = kept;
  n.flushLsn = n.writeLsn = n.replayLsn = fork;
  n.replayIdx = kept.length;
  n.heap = newHeap();
  n.rows = rebuild(state.base, kept, fork, n.heap);
  n.refused = null;
  n.role = 'standby';
  // A commit that waited on the old primary when it crashed is now not committed anywhere.
  for (const t of txnsInOrder(state)) {
    if (
      t.node === n.name &&
      (t.status === 'unknown' || t.status === 'waiting') &&
      !kept.some((r) => r.kind === 'COMMIT' && r.xid === t.xid)
    )
      setStatus(state, t, 'aborted');
  }
  return [{ type: 'node.rewound', node: n.name, source: source.name, forkpoint: fork, discarded }];
}

/** Cancel a wait for synchronous replication: the commit stays, with PostgreSQL's WARNING. */
export function cancelWait(state: State, name: string): Event[] {
  const t = state.txns.get(name);
  if (!t) refuse(`There is no transaction ${name}.`);
  if (t.status !== 'waiting') refuse(`${name} is not waiting for synchronous replication.`);
  finishCommit(state, t);
  const message = 'canceling wait for synchronous replication due to user request';
  const detail = 'The transaction has already committed locally, but might not have been replicated to the standby.';
  t.warning = message;
  return [
    { type: 'txn.warned', tx: name, message, detail },
    { type: 'txn.released', tx: name, by: null, reason: 'cancel' },
  ];
}
