import { formatLsn } from '../wal/lsn';
import { isFlushed, type WalLog } from '../wal/log';
import { decisionOf, type Fate, outcomeOf } from './check';
import { replayDurable, twoPhaseFileName } from './participant-recovery';
import {
  COORDINATOR,
  type CoordRecord,
  type Message,
  type MsgKind,
  type Participant,
  type PartRecord,
  type PieceState,
  type State,
} from './types';

/** Records of each WAL the view carries (the tail). */
const WAL_TAIL = 8;
/** Global transactions the view lists (the latest). */
const GTX_SHOWN = 12;

export type Badge = 'working' | 'waiting' | 'failed' | 'prepared' | 'in doubt' | 'committed' | 'aborted';

export interface RecView {
  readonly lsn: string;
  readonly end: string;
  readonly kind: string;
  readonly text: string;
  readonly flushed: boolean;
}

export interface PieceView {
  readonly xid: number;
  readonly gid: string;
  readonly badge: Badge;
  readonly writes: readonly { key: string; old: number | null; value: number }[];
  readonly waitsFor: number | null;
  readonly waitsForGid: string | null;
  readonly error: string | null;
  readonly recovered: 'twophase' | 'wal' | null;
}

export interface LockView {
  readonly key: string;
  readonly xid: number;
  readonly gid: string | null;
  readonly prepared: boolean;
}

export interface PreparedXactView {
  readonly transaction: number;
  readonly gid: string;
  readonly prepared: number;
  readonly owner: string;
  readonly database: string;
}

export interface CoordTxnView {
  readonly gid: string;
  readonly phase: string;
  readonly votes: Record<string, 'yes' | 'no'>;
  readonly acks: readonly string[];
  readonly participants: readonly string[];
}

export interface NodeView {
  readonly name: string;
  readonly role: 'coordinator' | 'participant';
  readonly up: boolean;
  readonly crashes: number;
  readonly armed: string | null;
  readonly wal: { records: RecView[]; insert: string; flushed: string; count: number; unflushed: number };
  readonly pieces: PieceView[];
  readonly locks: LockView[];
  readonly preparedXacts: PreparedXactView[];
  readonly rows: { key: string; value: number }[];
  /** While down: the prepared transactions the durable state holds (what recovery will bring back). */
  readonly onDisk: string[] | null;
  readonly twophase: string[];
  readonly min: number | null;
  readonly decisions: CoordTxnView[];
}

export interface MsgView {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly kind: MsgKind;
  readonly label: string;
  readonly gid: string | null;
  readonly sentAt: number;
  readonly arriveAt: number;
  readonly status: Message['status'];
  readonly endedAt: number | null;
  readonly note: string | null;
}

export interface GtxView {
  readonly gid: string;
  readonly participants: readonly string[];
  readonly outcome: Fate;
  readonly decision: 'commit' | 'abort' | 'none';
  readonly pieces: Record<string, PieceState | 'none'>;
}

export interface View {
  readonly now: number;
  readonly latency: { min: number; max: number };
  readonly loss: number;
  readonly timeout: number;
  readonly nodes: NodeView[];
  readonly messages: MsgView[];
  readonly gtx: GtxView[];
  readonly totalGtx: number;
  readonly violations: string[];
  readonly stats: State['stats'];
}

/** The SQL a message carries, as the coordinator's session would send it or a client would read the reply. */
export function messageLabel(m: Pick<Message, 'kind' | 'gid' | 'gids' | 'note'>): string {
  const g = m.gid === null ? '' : `'${m.gid}'`;
  switch (m.kind) {
    case 'PREPARE':
      return `PREPARE TRANSACTION ${g}`;
    case 'COMMIT_PREPARED':
      return `COMMIT PREPARED ${g}`;
    case 'ROLLBACK_PREPARED':
      return `ROLLBACK PREPARED ${g}`;
    case 'ROLLBACK':
      return 'ROLLBACK';
    case 'VOTE_YES':
      return `yes: PREPARE TRANSACTION ${g}`;
    case 'VOTE_NO':
      return `no: ROLLBACK ${g}`;
    case 'ACK':
      return m.note ? `ERROR: ${m.note}` : `done ${g}`;
    case 'SCAN':
      return 'SELECT gid FROM pg_prepared_xacts';
    case 'SCAN_REPLY':
      return `pg_prepared_xacts: ${(m.gids ?? []).map((x) => `'${x}'`).join(', ') || '(0 rows)'}`;
  }
}

function partText(r: PartRecord): string {
  switch (r.kind) {
    case 'INSERT':
    case 'UPDATE':
      return `Heap ${r.kind} xid ${r.xid}: ${r.key} = ${r.value}`;
    case 'PREPARE':
      return `Transaction PREPARE xid ${r.xid} gid ${r.gid}${r.locks && r.locks.length ? `; locks ${r.locks.join(', ')}` : ''}`;
    case 'COMMIT_PREPARED':
      return `Transaction COMMIT_PREPARED xid ${r.xid} gid ${r.gid}`;
    case 'ABORT_PREPARED':
      return `Transaction ABORT_PREPARED xid ${r.xid} gid ${r.gid}`;
    case 'COMMIT':
      return `Transaction COMMIT xid ${r.xid}`;
    case 'ABORT':
      return `Transaction ABORT xid ${r.xid}`;
    case 'CHECKPOINT_ONLINE':
      return 'XLOG CHECKPOINT_ONLINE';
  }
}

const coordText = (r: CoordRecord): string =>
  r.kind === 'COMMIT' ? `COMMIT ${r.gid} → ${r.participants.join(', ')}` : `${r.kind} ${r.gid}`;

function walView<R>(log: WalLog<R>, text: (r: R) => string, kind: (r: R) => string) {
  const tail = log.records.slice(-WAL_TAIL);
  return {
    records: tail.map((r) => ({ lsn: formatLsn(r.lsn), end: formatLsn(r.end), kind: kind(r), text: text(r), flushed: isFlushed(log, r) })),
    insert: formatLsn(log.insert),
    flushed: formatLsn(log.flushed),
    count: log.records.length,
    unflushed: log.records.filter((r) => !isFlushed(log, r)).length,
  };
}

function partView(st: State, p: Participant): NodeView {
  const byXid = new Map(p.pieces.map((x) => [x.xid, x]));
  const coordKnows = (gid: string) => st.coord.up && Object.hasOwn(st.coord.txns, gid);
  const pieces: PieceView[] = p.pieces.map((x) => ({
    xid: x.xid,
    gid: x.gid,
    badge: x.state === 'prepared' && (x.recovered !== null || !coordKnows(x.gid)) ? 'in doubt' : x.state,
    writes: x.done,
    waitsFor: x.waitsFor,
    waitsForGid: x.waitsFor === null ? null : (byXid.get(x.waitsFor)?.gid ?? null),
    error: x.error,
    recovered: x.recovered,
  }));
  const locks: LockView[] = Object.keys(p.locks)
    .sort()
    .map((key) => {
      const h = byXid.get(p.locks[key]);
      return { key, xid: p.locks[key], gid: h?.gid ?? null, prepared: h?.state === 'prepared' };
    });
  return {
    name: p.name,
    role: 'participant',
    up: p.up,
    crashes: p.crashes,
    armed: p.armed,
    wal: walView(p.wal, partText, (r) => r.kind),
    pieces,
    locks,
    preparedXacts: p.pieces
      .filter((x) => x.state === 'prepared')
      .map((x) => ({ transaction: x.xid, gid: x.gid, prepared: x.preparedAt ?? 0, owner: 'postgres', database: 'bank' })),
    rows: Object.keys(p.rows)
      .sort()
      .map((key) => ({ key, value: p.rows[key] })),
    onDisk: p.up ? null : replayDurable(p).prepared.map((x) => x.gid),
    twophase: p.checkpoint.twophase.map((f) => twoPhaseFileName(f.xid)),
    min: p.min,
    decisions: [],
  };
}

function coordView(st: State): NodeView {
  const c = st.coord;
  return {
    name: COORDINATOR,
    role: 'coordinator',
    up: c.up,
    crashes: c.crashes,
    armed: c.armed,
    wal: walView(c.wal, coordText, (r) => r.kind),
    pieces: [],
    locks: [],
    preparedXacts: [],
    rows: [],
    onDisk: null,
    twophase: [],
    min: null,
    decisions: Object.values(c.txns).map((t) => ({
      gid: t.gid,
      phase: t.phase,
      votes: { ...t.votes },
      acks: Object.keys(t.acks),
      participants: t.participants,
    })),
  };
}

const msgView = (m: Message): MsgView => ({
  id: m.id,
  from: m.from,
  to: m.to,
  kind: m.kind,
  label: messageLabel(m),
  gid: m.gid,
  sentAt: m.sentAt,
  arriveAt: m.arriveAt,
  status: m.status,
  endedAt: m.endedAt,
  note: m.note,
});

/** The plain-data picture the panels draw. */
export function view(st: State): View {
  const gids = st.order.slice(-GTX_SHOWN);
  return {
    now: st.now,
    latency: { ...st.latency },
    loss: st.loss,
    timeout: st.timeout,
    nodes: [coordView(st), ...st.parts.map((p) => partView(st, p))],
    messages: [...st.recent.map(msgView), ...st.flight.map(msgView)],
    gtx: gids.map((gid) => {
      const g = st.gtx[gid];
      return {
        gid,
        participants: g.participants,
        outcome: outcomeOf(st, gid),
        decision: decisionOf(st, gid),
        pieces: Object.fromEntries(g.participants.map((p) => [p, st.fates[gid]?.[p] ?? 'none'])),
      };
    }),
    totalGtx: st.order.length,
    violations: [...st.violations],
    stats: { ...st.stats },
  };
}
