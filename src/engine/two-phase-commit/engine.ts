import { meter } from '../core/budget';
import { defineLab } from '../core/lab';
import { refuse } from '../core/refusal';
import { seedRng } from '../core/rng';
import { newLog } from '../wal/log';
import { ensureBudget, spendEvent } from './budget';
import { checkOutcome, summarize } from './check';
import {
  coordBegin,
  coordCommit,
  crashCoordinator,
  decideAbort,
  fireTimers,
  nextTimer,
  onAck,
  onScanReply,
  onVote,
  recoverCoordinator,
} from './coordinator';
import { arrive, type Ctx, dropNow, emit, nextMessage } from './network';
import { beginPiece, commitLocal, crashParticipant, FIRST_XID, openPiece, participant, rollbackLocalTxn, XID_SPACING } from './participant';
import { onCommitPrepared, onPrepare, onRollback, onScan } from './participant-protocol';
import { checkpointParticipant, recoverParticipant } from './participant-recovery';
import { schema } from './schema';
import * as text from './text';
import { type Action, COORDINATOR, type Event, type Message, type Options, type Participant, type State, type Write } from './types';
import { view } from './view';

/** The lab's defaults: a LAN-ish network and a coordinator that waits 200 ms for votes. */
const DEFAULTS = { latency: { min: 5, max: 20 }, loss: 0, timeout: 200, maxPrepared: 10 } as const;
/** How long `run` may go on when it is not told (ms of network time). */
const RUN_BUDGET = 5_000;
/** A bound on the events one `run` or `tick` may process, so a bad setting cannot hang the worker. */
const MAX_EVENTS = 200_000;

function init(options: Options, seed: number): { state: State; events: Event[] } {
  const parts: Participant[] = options.participants.map((o, i) => {
    const rows = { ...(o.rows ?? {}) };
    const wal = newLog<Participant['wal']['records'][number]>();
    return {
      name: o.name,
      up: true,
      crashes: 0,
      wal,
      rows,
      pieces: [],
      locks: {},
      nextXid: FIRST_XID + i * XID_SPACING,
      min: o.min ?? null,
      maxPrepared: o.max_prepared_transactions ?? DEFAULTS.maxPrepared,
      checkpoint: { redo: wal.insert, rows: { ...rows }, twophase: [], open: {}, nextXid: FIRST_XID + i * XID_SPACING },
      armed: null,
    };
  });
  const state: State = {
    clock: 0,
    rng: seedRng(seed),
    quiet: options.quiet === true,
    work: meter(),
    now: 0,
    latency: { ...(options.latency ?? DEFAULTS.latency) },
    loss: options.loss ?? DEFAULTS.loss,
    timeout: options.timeout ?? DEFAULTS.timeout,
    coord: { up: true, crashes: 0, wal: newLog(), txns: {}, scans: {}, armed: null },
    parts,
    flight: [],
    recent: [],
    nextMsg: 1,
    gtx: {},
    order: [],
    fates: {},
    violations: [],
    stats: { messages: 0, lost: 0, committed: 0, aborted: 0, recoveries: 0, waits: 0 },
  };
  return { state, events: [{ type: 'lab.started', participants: parts.map((p) => p.name) }] };
}

const isNode = (st: State, name: string) => name === COORDINATOR || participant(st, name) !== undefined;
const isUp = (st: State, name: string) => (name === COORDINATOR ? st.coord.up : (participant(st, name)?.up ?? false));

/** Why an action cannot run now, in words a user can act on; null when it can. */
function problem(st: State, a: Action): string | null {
  switch (a.type) {
    case 'begin': {
      if (Object.hasOwn(st.gtx, a.gid)) return `The gid "${a.gid}" was already used in this scenario.`;
      if (a.local) {
        if (new Set(a.writes.map((w) => w.node)).size > 1) return 'A local transaction writes on one participant only.';
        if (a.voteNo?.length) return 'A local transaction has no vote.';
      } else if (!st.coord.up) return 'The coordinator is down: no global transaction can begin.';
      for (const w of a.writes) {
        const p = participant(st, w.node);
        if (!p) return `There is no participant "${w.node}".`;
        if (!p.up) return `${w.node} is down: the application cannot connect to it.`;
      }
      for (const n of a.voteNo ?? [])
        if (!a.writes.some((w) => w.node === n)) return `${n} takes no part in ${a.gid}, so it has no vote to give.`;
      return null;
    }
    case 'commit':
    case 'rollback': {
      const g = Object.hasOwn(st.gtx, a.gid) ? st.gtx[a.gid] : undefined;
      if (g?.local) {
        const p = participant(st, g.participants[0]) as Participant;
        if (!p.up) return `${p.name} is down.`;
        const piece = openPiece(p, a.gid);
        if (!piece) return `${a.gid} has already ended.`;
        return piece.state === 'waiting' ? `${a.gid} is waiting for a row lock: its statement has not finished.` : null;
      }
      if (!st.coord.up) return 'The coordinator is down.';
      const t = Object.hasOwn(st.coord.txns, a.gid) ? st.coord.txns[a.gid] : undefined;
      if (!t)
        return Object.hasOwn(st.gtx, a.gid) ? `The coordinator no longer drives ${a.gid}.` : `There is no global transaction "${a.gid}".`;
      if (t.phase !== 'working') return `${a.gid} is already ${t.phase}.`;
      return null;
    }
    case 'deliver':
    case 'drop': {
      for (const n of [a.to, a.from]) if (n !== undefined && !isNode(st, n)) return `There is no node "${n}".`;
      return nextMessage(st, a) < 0 ? 'No message in flight matches.' : null;
    }
    case 'crash': {
      if (!isNode(st, a.node)) return `There is no node "${a.node}".`;
      if (!isUp(st, a.node)) return `${a.node} is already down.`;
      if (a.at === 'prepared' && a.node === COORDINATOR) return 'The "prepared" crash point is a participant’s (after PREPARE is flushed).';
      if (a.at === 'decision-logged' && a.node !== COORDINATOR) return 'The "decision-logged" crash point is the coordinator’s.';
      return null;
    }
    case 'recover':
      if (!isNode(st, a.node)) return `There is no node "${a.node}".`;
      return isUp(st, a.node) ? `${a.node} is not down.` : null;
    case 'checkpoint': {
      const p = participant(st, a.node);
      if (!p) return `There is no participant "${a.node}".`;
      return p.up ? null : `${a.node} is down.`;
    }
    case 'set':
      if (a.name === 'loss' && a.value > 1) return 'loss is a probability between 0 and 1.';
      if (a.name === 'latency.min' && a.value > st.latency.max) return `latency.min must not exceed latency.max (${st.latency.max}).`;
      if (a.name === 'latency.max' && a.value < st.latency.min) return `latency.max must not be below latency.min (${st.latency.min}).`;
      if (a.name === 'timeout' && a.value < 1) return 'timeout is at least 1 ms.';
      return null;
    default:
      return null;
  }
}

/** A message reaches a node that is up: the node acts on it. */
function dispatch(ctx: Ctx, m: Message): void {
  const st = ctx.st;
  if (m.to === COORDINATOR) {
    if (m.kind === 'VOTE_YES' || m.kind === 'VOTE_NO') onVote(ctx, m.from, m.gid as string, m.kind === 'VOTE_YES', m.note);
    else if (m.kind === 'ACK') onAck(ctx, m.from, m.gid as string);
    else if (m.kind === 'SCAN_REPLY') onScanReply(ctx, m.from, m.gids ?? []);
    return;
  }
  const p = participant(st, m.to) as Participant;
  if (m.kind === 'PREPARE') onPrepare(ctx, p, m.gid as string);
  else if (m.kind === 'COMMIT_PREPARED') onCommitPrepared(ctx, p, m.gid as string);
  else if (m.kind === 'ROLLBACK_PREPARED' || m.kind === 'ROLLBACK') onRollback(ctx, p, m.gid as string, m.kind);
  else if (m.kind === 'SCAN') onScan(ctx, p);
}

function deliver(ctx: Ctx, i: number): void {
  const m = arrive(ctx, i, (n) => isUp(ctx.st, n));
  if (m) dispatch(ctx, m);
}

/**
 * Let network time pass up to `until` (or until nothing is pending, when `stopWhenQuiet`):
 * messages arrive and timeouts fire in time order.
 */
function advance(ctx: Ctx, until: number, stopWhenQuiet: boolean): void {
  const st = ctx.st;
  const from = st.now;
  for (let n = 0; n < MAX_EVENTS; n++) {
    const msgAt = st.flight.length > 0 ? Math.max(st.flight[0].arriveAt, st.now) : Infinity;
    const timerAt = Math.max(nextTimer(st), st.now);
    const at = Math.min(msgAt, timerAt);
    if (at === Infinity || at > until) break;
    spendEvent(st);
    if (msgAt <= timerAt) deliver(ctx, 0);
    else {
      st.now = at;
      fireTimers(ctx);
    }
  }
  const quiet = st.flight.length === 0 && nextTimer(st) === Infinity;
  if (!(stopWhenQuiet && quiet) && until > st.now) st.now = until;
  if (st.now !== from) emit(ctx, { type: 'clock.advanced', from, to: st.now });
}

function begin(ctx: Ctx, a: Extract<Action, { type: 'begin' }>): void {
  const st = ctx.st;
  const byNode = new Map<string, Write[]>();
  for (const w of a.writes) {
    const list = byNode.get(w.node) ?? [];
    list.push(w.set !== undefined ? { key: w.key, set: w.set } : { key: w.key, add: w.add });
    byNode.set(w.node, list);
  }
  const nodes = [...byNode.keys()];
  st.gtx[a.gid] = { gid: a.gid, participants: nodes, begunAt: st.now, local: a.local === true };
  st.order.push(a.gid);
  if (!a.local) coordBegin(st, a.gid, nodes);
  for (const [node, writes] of byNode)
    beginPiece(ctx, participant(st, node) as Participant, a.gid, writes, (a.voteNo ?? []).includes(node));
}

function run(ctx: Ctx, a: Action): void {
  const st = ctx.st;
  switch (a.type) {
    case 'begin':
      return begin(ctx, a);
    case 'commit':
      if (st.gtx[a.gid].local) return commitLocal(ctx, participant(st, st.gtx[a.gid].participants[0]) as Participant, a.gid);
      return coordCommit(ctx, st.coord.txns[a.gid]);
    case 'rollback':
      if (st.gtx[a.gid].local) return rollbackLocalTxn(ctx, participant(st, st.gtx[a.gid].participants[0]) as Participant, a.gid);
      return decideAbort(ctx, st.coord.txns[a.gid], 'the application rolled back');
    case 'deliver':
      return deliver(ctx, nextMessage(st, a));
    case 'drop':
      return dropNow(ctx, nextMessage(st, a));
    case 'tick':
    case 'run': {
      const ms = a.type === 'tick' ? a.ms : (a.ms ?? RUN_BUDGET);
      ensureBudget(st, a, ms, st.flight.length > 0 || nextTimer(st) !== Infinity);
      return advance(ctx, st.now + ms, a.type === 'run');
    }
    case 'crash': {
      const at = a.at ?? 'now';
      if (at !== 'now') {
        if (a.node === COORDINATOR) st.coord.armed = 'decision-logged';
        else (participant(st, a.node) as Participant).armed = 'prepared';
        emit(ctx, { type: 'crash.armed', node: a.node, point: at });
        return;
      }
      if (a.node === COORDINATOR) return crashCoordinator(ctx);
      return crashParticipant(ctx, participant(st, a.node) as Participant);
    }
    case 'recover':
      if (a.node === COORDINATOR) return recoverCoordinator(ctx);
      return recoverParticipant(ctx, participant(st, a.node) as Participant);
    case 'checkpoint':
      return checkpointParticipant(ctx, participant(st, a.node) as Participant);
    case 'set':
      if (a.name === 'loss') st.loss = a.value;
      else if (a.name === 'timeout') st.timeout = Math.round(a.value);
      else if (a.name === 'latency.min') st.latency.min = Math.round(a.value);
      else st.latency.max = Math.round(a.value);
      emit(ctx, { type: 'setting.changed', name: a.name, value: a.value });
      return;
  }
}

const NO_EVENTS: Event[] = [];

/** One action: refused (a `Refusal`) when it cannot run, else the events it caused. */
function step(state: State, action: Action): Event[] {
  const bad = problem(state, action);
  if (bad) refuse(bad);
  const ctx: Ctx = { st: state, out: state.quiet ? null : [] };
  run(ctx, action);
  return ctx.out ?? NO_EVENTS;
}

/** The Two-phase commit lab: a coordinator, two to five PostgreSQL participants, a lossy network. */
export const twopcLab = defineLab({
  schema,
  init,
  step,
  view,
  ...text,
  check: checkOutcome,
  summarize,
});
