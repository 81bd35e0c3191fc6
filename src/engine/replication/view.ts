import { primaryHorizon } from './horizon';
import { linkOf, primaryOf, sendersOf, syncStandby } from './net';
import type {
  HistoryEntry,
  LostCommit,
  MessageEnvelope,
  Query,
  ReadResult,
  Role,
  Slot,
  State,
  SyncLevel,
  TxStatus,
  Txn,
  VacuumReport,
  Value,
} from './types';
import { txnOf } from './state';

/** What the panels draw: plain data, LSNs as numbers (the UI prints them as PostgreSQL does). */
export interface View {
  readonly time: number;
  readonly table: string;
  readonly primary: string | null;
  readonly keys: readonly string[];
  readonly nodes: readonly NodeView[];
  /** pg_stat_replication on the primary. */
  readonly replication: readonly ReplicationRow[];
  readonly links: readonly { a: string; b: string; cut: boolean; min: number; max: number }[];
  readonly inflight: readonly MessageView[];
  readonly txns: readonly TxnView[];
  readonly lost: readonly LostCommit[];
  readonly reads: readonly ReadResult[];
  readonly settings: { synchronous_commit: SyncLevel; synchronous_standby_names: readonly string[] };
  /** The primary's xmin horizon and what holds it (null: no primary). */
  readonly horizon: { xmin: number; heldBy: string | null; nextXid: number } | null;
  /** Long reads, the newest last. */
  readonly queries: readonly Query[];
  /** pg_replication_slots. */
  readonly slots: readonly Slot[];
  /** VACUUM VERBOSE reports, the newest last. */
  readonly vacuums: readonly VacuumReport[];
  /** Whether this run uses VACUUM, long reads, slots or feedback at all (the horizon panel shows only then). */
  readonly horizonInUse: boolean;
}

export interface NodeView {
  readonly name: string;
  readonly role: Role;
  readonly up: boolean;
  readonly tli: number;
  readonly history: readonly HistoryEntry[];
  /** Primary: pg_current_wal_insert_lsn(); standby: as received. */
  readonly insertLsn: number;
  /** Standby: pg_last_wal_receive_lsn() (written and flushed); primary: pg_current_wal_flush_lsn(). */
  readonly flushLsn: number;
  /** Standby: pg_last_wal_replay_lsn(). */
  readonly replayLsn: number;
  readonly upstream: string | null;
  readonly replayPaused: boolean;
  readonly applyDelay: number;
  readonly refused: string | null;
  /** What a new session reading each key here would get (null: no row). */
  readonly rows: Readonly<Record<string, { value: Value; tx: string } | null>>;
  /** The newest WAL records this node has, oldest first. */
  readonly wal: readonly {
    lsn: number;
    end: number;
    tli: number;
    kind: string;
    tx: string;
    key?: string;
    value?: Value;
    state: 'inserted' | 'flushed' | 'replayed';
  }[];
  readonly walRecords: number;
  /** Dead row versions (UPDATE and DELETE leave them; VACUUM removes those older than the horizon). */
  readonly deadVersions: number;
  /** Standby: hot_standby_feedback, max_standby_streaming_delay (ms, -1 for ever), primary_slot_name. */
  readonly feedback: boolean;
  readonly maxStandbyDelay: number;
  readonly slot: string | null;
}

export interface ReplicationRow {
  readonly application_name: string;
  readonly from: string;
  /** Stays 'streaming' across a partition: wal_sender_timeout is not modelled. */
  readonly state: 'streaming';
  /** The link to the standby is cut (the walsender does not know yet). */
  readonly linkCut: boolean;
  readonly sent_lsn: number;
  readonly write_lsn: number;
  readonly flush_lsn: number;
  readonly replay_lsn: number;
  readonly write_lag: number | null;
  readonly flush_lag: number | null;
  readonly replay_lag: number | null;
  readonly sync_priority: number;
  readonly sync_state: 'sync' | 'potential' | 'async';
  /** The standby's hot_standby_feedback xmin, when the walsender holds it itself (no slot); else null. */
  readonly backend_xmin: number | null;
}

export interface MessageView extends MessageEnvelope {
  readonly kind: 'wal' | 'reply';
  /** WAL: the range carried; reply: the flush position reported. */
  readonly start: number;
  readonly end: number;
  readonly records: number;
}

export interface TxnView {
  readonly name: string;
  readonly xid: number;
  readonly node: string;
  readonly status: TxStatus;
  readonly level: SyncLevel | null;
  readonly commitLsn: number | null;
  readonly commitTli: number | null;
  readonly commitEnd: number | null;
  readonly acked: boolean;
  readonly warning: string | null;
  readonly lost: boolean;
}

/** WAL records a frame carries per node. */
const VIEW_WAL_RECORDS = 24;

/** The transactions the view lists: the newest, every live one and every lost one, in xid order. */
function listed(state: State): Txn[] {
  const names = new Set([...state.recent, ...state.live.map((t) => t.name), ...state.lost.map((l) => l.tx)]);
  return [...names].map((n) => txnOf(state, n)).sort((a, b) => a.xid - b.xid);
}

export function toView(state: State): View {
  const p = primaryOf(state);
  const keys = state.keys;
  const nodes = state.order.map((name): NodeView => {
    const n = state.nodes[name];
    const rows: Record<string, { value: Value; tx: string } | null> = {};
    for (const k of keys) {
      const r = Object.hasOwn(n.rows, k) ? n.rows[k] : undefined;
      rows[k] = r ? { value: r.value, tx: r.tx } : null;
    }
    const tail = n.wal.slice(-VIEW_WAL_RECORDS).map((r) => ({
      lsn: r.lsn,
      end: r.end,
      tli: r.tli,
      kind: r.kind,
      tx: r.tx,
      ...(r.key !== undefined ? { key: r.key, value: r.value ?? null } : {}),
      state: r.end <= n.replayLsn ? ('replayed' as const) : r.end <= n.flushLsn ? ('flushed' as const) : ('inserted' as const),
    }));
    return {
      name,
      role: n.role,
      up: n.up,
      tli: n.tli,
      history: n.history.slice(),
      insertLsn: n.role === 'primary' ? n.writeLsn : n.flushLsn,
      flushLsn: n.flushLsn,
      replayLsn: n.replayLsn,
      upstream: n.upstream,
      replayPaused: n.replayPaused,
      applyDelay: n.applyDelay,
      refused: n.refused,
      rows,
      wal: tail,
      walRecords: n.wal.length,
      deadVersions: n.heap.deadKeys.length,
      feedback: n.feedback,
      maxStandbyDelay: n.maxStandbyDelay,
      slot: n.slot,
    };
  });
  const sync = p ? syncStandby(state, p.name) : null;
  const replication = p
    ? sendersOf(state, p.name).map((s): ReplicationRow => {
        const listed = state.synchronous_standby_names.indexOf(s.standby);
        const link = linkOf(state, s.from, s.standby);
        return {
          application_name: s.standby,
          from: s.from,
          state: 'streaming',
          linkCut: !!link?.cut,
          sent_lsn: s.sent,
          write_lsn: s.write,
          flush_lsn: s.flush,
          replay_lsn: s.replay,
          write_lag: s.writeLag,
          flush_lag: s.flushLag,
          replay_lag: s.replayLag,
          sync_priority: listed + 1,
          sync_state: s.standby === sync ? 'sync' : listed >= 0 ? 'potential' : 'async',
          backend_xmin: s.xmin,
        };
      })
    : [];
  const lostNames = new Set(state.lost.map((l) => l.tx));
  return {
    time: state.time,
    table: state.table,
    primary: p?.name ?? null,
    keys: keys.slice(),
    nodes,
    replication,
    links: state.links.map((l) => ({ ...l })),
    inflight: state.inflight.map((m) => ({
      id: m.id,
      kind: m.kind,
      from: m.from,
      to: m.to,
      sentAt: m.sentAt,
      arriveAt: m.arriveAt,
      start: m.kind === 'wal' ? m.start : m.flush,
      end: m.kind === 'wal' ? m.end : m.flush,
      records: m.kind === 'wal' ? m.records.length : 0,
    })),
    txns: listed(state).map((t) => ({
      name: t.name,
      xid: t.xid,
      node: t.node,
      status: t.status,
      level: t.level,
      commitLsn: t.commitLsn,
      commitTli: t.commitTli,
      commitEnd: t.commitEnd,
      acked: t.acked,
      warning: t.warning,
      lost: lostNames.has(t.name),
    })),
    lost: state.lost.slice(),
    reads: state.reads.slice(-12),
    settings: { synchronous_commit: state.synchronous_commit, synchronous_standby_names: state.synchronous_standby_names.slice() },
    horizon: p ? { ...primaryHorizon(state, p), nextXid: state.nextXid } : null,
    queries: state.queries.slice(-6).map((q) => ({ ...q })),
    slots: state.slots.map((x) => ({ ...x })),
    vacuums: state.vacuums.slice(),
    horizonInUse:
      state.vacuums.length > 0 || state.queries.length > 0 || state.slots.length > 0 || state.order.some((n) => state.nodes[n].feedback),
  };
}
