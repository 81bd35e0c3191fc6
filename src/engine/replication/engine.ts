import { meter } from '../core/budget';
import { defineLab } from '../core/lab';
import { refuse } from '../core/refusal';
import { seedRng } from '../core/rng';
import { bytePosToRecPtr } from '../wal/lsn';
import { checkOutcome, summarize } from './check';
import { linkAction, nodeAction } from './actions';
import { cancelWait } from './failover';
import { advance, connect, primaryOf, release, syncStandby, WAL_WRITER_DELAY } from './net';
import { finishCommit, setStatus } from './txn-status';
import { schema } from './schema';
import { describe, label, suggest } from './text';
import { noteAborted } from './heap';
import { beginRead, configureStandby, dropSlot, endRead, vacuum } from './horizon';
import { clone, findTxn, MAX_STANDBY_STREAMING_DELAY, newNode, START_LSN } from './state';
import type { Action, Event, Node, Options, State, Txn, Value } from './types';
import { TxnTable } from './txn-table';
import { toView } from './view';
import { FIRST_XID, flush, insertChange, insertEnd, lastWriteOf, writesOf } from './wal';

/** How many of the newest transactions the view lists (besides the live and the lost ones). */
const RECENT_TXNS = 40;

const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

function init(options: Options, seed: number): { state: State; events: Event[] } {
  const base = { ...options.rows };
  const first = options.primary ?? 'primary';
  const order = [first, ...options.standbys];
  const nodes: Record<string, Node> = {};
  for (const name of order) nodes[name] = newNode(name, name === first ? 'primary' : 'standby', base, name === first ? null : first);
  const lat = options.latency ?? { min: 40, max: 40 };
  const links = [];
  for (let i = 0; i < order.length; i++)
    for (let j = i + 1; j < order.length; j++)
      links.push({ a: order[i], b: order[j], cut: false, min: lat.min, max: Math.max(lat.min, lat.max ?? lat.min) });
  const state: State = {
    clock: 0,
    rng: seedRng(seed),
    work: meter(),
    time: 0,
    table: options.table ?? 'accounts',
    base,
    nodes,
    order,
    links,
    senders: [],
    inflight: [],
    nextMsg: 1,
    txns: new TxnTable<Txn>(),
    nextXid: FIRST_XID,
    live: [],
    recent: [],
    keys: Object.keys(base),
    synchronous_commit: options.synchronous_commit ?? 'on',
    synchronous_standby_names: [...(options.synchronous_standby_names ?? [])],
    reads: [],
    lost: [],
    refusedAttaches: 0,
    flushTimes: [],
    queries: [],
    slots: (options.slots ?? []).map((name) => ({ name, on: first, xmin: null, restartLsn: START_LSN })),
    vacuums: [],
  };
  for (const name of options.standbys) {
    const n = nodes[name];
    n.feedback = options.hot_standby_feedback?.includes(name) ?? false;
    n.maxStandbyDelay = options.max_standby_streaming_delay ?? MAX_STANDBY_STREAMING_DELAY;
    n.slot = options.slots?.includes(name) ? name : null;
    connect(state, n);
  }
  return {
    state,
    events: [
      {
        type: 'lab.started',
        nodes: [...order],
        synchronous_commit: state.synchronous_commit,
        synchronous_standby_names: [...state.synchronous_standby_names],
      },
    ],
  };
}

/** A new session's read on `node`: committed rows only, and on the primary not commits still waiting for a standby. */
function readOn(node: Node, key: string): Value {
  return own(node.rows, key)?.value ?? null;
}

function write(state: State, a: Extract<Action, { type: 'write' }>): Event[] {
  const p = primaryOf(state);
  if (!p) refuse('No server accepts writes: the primary is down and no standby has been promoted.');
  let t = findTxn(state, a.tx);
  if (t && t.status !== 'active') refuse(`${a.tx} has already ended (${t.status}); use a new transaction name.`);
  if (t && t.node !== p.name) refuse(`${a.tx} ran on ${t.node}, which is no longer the primary.`);
  for (const o of state.live) {
    if (o.name === a.tx || o.node !== p.name || (o.status !== 'active' && o.status !== 'waiting')) continue;
    if (lastWriteOf(p.wal, o.xid, a.key, o.firstLsn))
      refuse(
        `${a.tx} would wait for the row lock ${o.name} holds on "${a.key}" (${o.status === 'waiting' ? 'it is waiting for synchronous replication and keeps its locks' : 'it has not committed'}); lock waits are not modelled here.`,
      );
  }
  const mine = t ? lastWriteOf(p.wal, t.xid, a.key, t.firstLsn) : undefined;
  const exists = mine ? mine.kind !== 'DELETE' : own(p.rows, a.key) !== undefined;
  if (a.value === null && !exists) refuse(`${state.table} has no row "${a.key}" to delete.`);
  if (!t) {
    const firstLsn = bytePosToRecPtr(p.bytePos);
    t = {
      name: a.tx,
      xid: state.nextXid++,
      node: p.name,
      firstLsn,
      status: 'active',
      level: null,
      commitEnd: null,
      commitLsn: null,
      commitTli: null,
      acked: false,
      warning: null,
    };
    state.txns.add(t);
    state.live.push(t);
    state.recent.push(a.tx);
    if (state.recent.length > RECENT_TXNS) state.recent.shift();
  }
  if (!state.keys.includes(a.key)) state.keys.push(a.key);
  const kind = a.value === null ? 'DELETE' : exists ? 'UPDATE' : 'INSERT';
  const before = mine ? mine.value : own(p.rows, a.key)?.value;
  const change = insertChange(p, kind, t.xid, a.tx, a.key, a.value, before);
  // A new key also goes into the primary key's index (an UPDATE of the value alone is HOT: no index entry).
  return kind === 'INSERT' ? [change, insertChange(p, 'INSERT_LEAF', t.xid, a.tx, a.key, undefined)] : [change];
}

function commit(state: State, a: Extract<Action, { type: 'commit' }>): Event[] {
  const t = findTxn(state, a.tx);
  if (!t) refuse(`${a.tx} has not written anything: there is nothing to commit.`);
  if (t.status !== 'active') refuse(`${a.tx} has already ended (${t.status}).`);
  const p = state.nodes[t.node];
  if (!p.up || p.role !== 'primary') refuse(`${a.tx} ran on ${t.node}, which is no longer the primary.`);
  const level = a.synchronous_commit ?? state.synchronous_commit;
  const inserted = insertEnd(p, 'COMMIT', t.xid, t.name, t.firstLsn, state.time, level === 'remote_apply');
  const rec = inserted.record;
  t.level = level;
  t.commitEnd = rec.end;
  t.commitLsn = rec.lsn;
  t.commitTli = rec.tli;
  let flushed: Event | null = null;
  if (level === 'off') {
    // Asynchronous commit: the WAL writer flushes within wal_writer_delay (up to 3x; one delay here).
    if (p.walWriterAt === null) p.walWriterAt = state.time + WAL_WRITER_DELAY;
  } else flushed = flush(state, p, rec.end);
  const waits = level !== 'off' && level !== 'local' && state.synchronous_standby_names.length > 0;
  // The step's events as a list of its final length where it is known (a first `push` reserves sixteen slots).
  const out: Event[] = flushed ? [inserted, flushed] : [inserted];
  if (waits) {
    setStatus(state, t, 'waiting');
    out.push({ type: 'txn.held', tx: t.name, waitFor: rec.end, standby: syncStandby(state, p.name), level });
    release(state, out);
    return out;
  }
  finishCommit(state, t);
  const committed: Event = { type: 'txn.committed', tx: t.name, lsn: rec.lsn, acked: true, level };
  return flushed ? [inserted, flushed, committed] : [inserted, committed];
}

function rollback(state: State, name: string): Event[] {
  const t = findTxn(state, name);
  if (!t || t.status !== 'active') refuse(`${name} is not an open transaction.`);
  const node = state.nodes[t.node];
  const inserted = insertEnd(node, 'ABORT', t.xid, name, t.firstLsn);
  noteAborted(node.heap, writesOf(node.wal, t.xid, node.wal.length, t.firstLsn));
  setStatus(state, t, 'aborted');
  return [inserted, { type: 'txn.aborted', tx: name }];
}

function read(state: State, nodeName: string, key: string): Event[] {
  const n = own(state.nodes, nodeName);
  if (!n) refuse(`There is no node "${nodeName}".`);
  if (!n.up) refuse(`${nodeName} is down: could not connect to server.`);
  const value = readOn(n, key);
  const p = primaryOf(state);
  const primaryValue = p ? readOn(p, key) : value;
  const differs = JSON.stringify(value) !== JSON.stringify(primaryValue);
  // Stale: the node has not replayed the version the primary shows. Ahead: it shows a commit the
  // primary's sessions cannot see yet (a commit still waiting for this standby's confirmation).
  const by = own(n.rows, key)?.tx;
  const ahead = differs && by !== undefined && state.txns.get(by)?.status === 'waiting';
  // Diverged: it shows a history the primary does not share (a commit lost in a failover).
  const diverged = differs && !ahead && (n.refused !== null || state.lost.some((l) => l.tx === by));
  const result = { node: nodeName, key, value, primaryValue, stale: differs && !ahead && !diverged, ahead, diverged, at: state.time };
  state.reads.push(result);
  return [{ type: 'row.read', result }];
}

/** One action: its events, or a `Refusal` (thrown before anything changes) when it cannot run. */
function step(state: State, action: Action): Event[] {
  switch (action.type) {
    case 'write':
      return write(state, action);
    case 'commit':
      return commit(state, action);
    case 'rollback':
      return rollback(state, action.tx);
    case 'cancel':
      return cancelWait(state, action.tx);
    case 'read':
      return read(state, action.node, action.key);
    case 'advance': {
      const out: Event[] = [];
      advance(state, action.ms, out);
      return out;
    }
    case 'vacuum':
      return vacuum(state);
    case 'begin-read':
      return beginRead(state, action);
    case 'end-read':
      return endRead(state, action.session);
    case 'standby-set':
      return configureStandby(state, action);
    case 'drop-slot':
      return dropSlot(state, action.slot);
    case 'partition':
    case 'heal':
    case 'latency':
      return linkAction(state, action);
    case 'set': {
      if (action.synchronous_standby_names) {
        const unknown = action.synchronous_standby_names.find((n) => !state.order.includes(n));
        if (unknown) refuse(`synchronous_standby_names names "${unknown}", which is not a node here.`);
        state.synchronous_standby_names = [...action.synchronous_standby_names];
      }
      if (action.synchronous_commit) state.synchronous_commit = action.synchronous_commit;
      const out: Event[] = [
        {
          type: 'config.reloaded',
          synchronous_commit: state.synchronous_commit,
          synchronous_standby_names: [...state.synchronous_standby_names],
        },
      ];
      release(state, out);
      return out;
    }
    default:
      return nodeAction(state, action);
  }
}

/** Streaming replication in PostgreSQL: a primary, one or two hot standbys, the network between them, failover. */
export const replicationLab = defineLab({
  schema,
  init,
  step,
  clone,
  view: toView,
  describe,
  label,
  suggest,
  check: checkOutcome,
  summarize,
});
