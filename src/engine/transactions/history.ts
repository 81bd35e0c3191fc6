import type { RefusedEvent } from '../core/lab';
import type { Value } from '../sql/ast';
import { evaluate, truth } from '../sql/expr';
import { inSnapshot } from './mvcc';
import type { Event } from './events';
import { adjacency, components, cycleWith, path } from './graph';
import type { HistOp, Snapshot } from './types';

/** Adya's dependency kinds: write-write, write-read, and item or predicate anti-dependencies. */
export type DepKind = 'ww' | 'wr' | 'rw' | 'rw-pred';

export interface Dep {
  readonly from: number;
  readonly to: number;
  readonly kind: DepKind;
  readonly table: string;
  readonly row: number;
}

import { ANOMALIES, type Anomaly } from './anomalies';

export { type Anomaly };

export interface HistoryTxn {
  readonly vxid: number;
  readonly xid: number;
  readonly end: 'active' | 'committed' | 'aborted';
}

export interface Verdict {
  /** Dependencies between committed transactions. */
  readonly deps: readonly Dep[];
  /** Every phenomenon found, most severe first. */
  readonly anomalies: readonly Anomaly[];
  /** The most severe one, or null for a serializable history. */
  readonly anomaly: Anomaly | null;
  /** A cycle (transaction numbers) showing it, when it is a cycle. */
  readonly cycle: readonly number[];
}

/**
 * The direct serialization graph of the committed transactions of a history, and the
 * phenomena it shows (Adya 1999): G0 (write cycle), G1a (aborted read), G1b (intermediate
 * read), G1c (circular information flow), G-single (one anti-dependency), G2-item, G2.
 */
export function checkHistory(ops: readonly HistOp[], txns: readonly HistoryTxn[]): Verdict {
  const status = new Map(txns.map((t) => [t.vxid, t] as const));
  const committed = (t: number) => status.get(t)?.end === 'committed';
  const writerOf = new Map<string, number>();
  const order = new Map<string, { t: number; version: number; values: readonly Value[] | null }[]>();
  const lastWrite = new Map<string, number>();
  for (const op of ops) {
    if (op.k !== 'w') continue;
    const key = `${op.table}\u0000${op.row}`;
    if (op.version >= 0) writerOf.set(`${op.table}\u0000v${op.version}`, op.t);
    lastWrite.set(`${key}\u0000${op.t}`, op.version);
    if (!committed(op.t)) continue;
    const list = order.get(key) ?? [];
    list.push({ t: op.t, version: op.version, values: op.values });
    order.set(key, list);
  }
  /** Committed versions by table, for predicate reads: writer, its xid, row and values. */
  const byTable = new Map<string, Map<number, { t: number; xid: number; values: readonly Value[] | null }[]>>();
  for (const [key, list] of order) {
    const [table, row] = key.split('\u0000');
    const rows = byTable.get(table) ?? new Map();
    rows.set(
      Number(row),
      list.map((v) => ({ t: v.t, xid: status.get(v.t)?.xid ?? 0, values: v.values })),
    );
    byTable.set(table, rows);
  }
  const deps: Dep[] = [];
  const seen = new Set<string>();
  const add = (from: number, to: number, kind: DepKind, table: string, row: number) => {
    if (from === to || !committed(from) || !committed(to)) return;
    const k = `${from}>${to}>${kind}`;
    if (seen.has(k)) return;
    seen.add(k);
    deps.push({ from, to, kind, table, row });
  };
  const found = new Set<Anomaly>();
  for (const [key, list] of order) {
    const [table, row] = key.split('\u0000');
    for (let i = 1; i < list.length; i++) add(list[i - 1].t, list[i].t, 'ww', table, Number(row));
  }
  for (const op of ops) {
    if (op.k === 'r') {
      if (!committed(op.t)) continue;
      const w = writerOf.get(`${op.table}\u0000v${op.version}`);
      const key = `${op.table}\u0000${op.row}`;
      if (w !== undefined && w !== op.t) {
        if (status.get(w)?.end === 'aborted') found.add('G1a');
        else if (lastWrite.get(`${key}\u0000${w}`) !== op.version && committed(w)) found.add('G1b');
        add(w, op.t, 'wr', op.table, op.row);
      }
      const list = order.get(key) ?? [];
      const at = list.findIndex((v) => v.version === op.version);
      const next = at >= 0 ? list[at + 1] : undefined;
      if (next) add(op.t, next.t, 'rw', op.table, op.row);
    } else if (op.k === 'p' && op.snap && committed(op.t)) {
      // Adya: a predicate read is overwritten by the first version it did not see of each row it
      // did not return, when that version matches (later versions depend on that one).
      const seenRows = new Set(op.seen);
      for (const [row, versions] of byTable.get(op.table) ?? []) {
        if (seenRows.has(row)) continue;
        const w = versions.find((x) => inSnapshot(op.snap as Snapshot, x.xid));
        if (!w || w.t === op.t || !w.values) continue;
        if (!op.where || truth(evaluate(op.where, op.scope, w.values)) === true) add(op.t, w.t, 'rw-pred', op.table, row);
      }
    }
  }
  let cycle: number[] | null = null;
  const note = (a: Anomaly, c: number[] | null) => {
    if (!c) return;
    found.add(a);
    cycle ??= c;
  };
  note(
    'G0',
    cycleWith(deps, (d) => d.kind === 'ww'),
  );
  const info = (d: Dep) => d.kind === 'ww' || d.kind === 'wr';
  note('G1c', cycleWith(deps, info));
  const all = components(adjacency(deps, () => true));
  const infoAdj = adjacency(deps, info);
  for (const d of deps) {
    if (found.has('G-single')) break;
    if ((d.kind !== 'rw' && d.kind !== 'rw-pred') || all.get(d.from) !== all.get(d.to)) continue;
    note('G-single', path(infoAdj, d.to, d.from));
  }
  note(
    'G2-item',
    cycleWith(deps, (d) => d.kind !== 'rw-pred'),
  );
  note(
    'G2',
    cycleWith(deps, () => true),
  );
  const anomalies = ANOMALIES.filter((a) => found.has(a));
  return { deps, anomalies, anomaly: anomalies[0] ?? null, cycle: cycle ?? [] };
}

/**
 * The checker over an event log alone: transactions from txn.began / xid.assigned /
 * txn.committed / txn.aborted, reads and writes from the op.recorded events.
 */
export function checkEvents(events: readonly (Event | RefusedEvent)[]): Verdict {
  const txns = new Map<number, { vxid: number; xid: number; end: HistoryTxn['end'] }>();
  const current = new Map<string, number>();
  const ops: HistOp[] = [];
  for (const e of events) {
    if (e.type === 'txn.began') {
      txns.set(e.vxid, { vxid: e.vxid, xid: 0, end: 'active' });
      current.set(e.session, e.vxid);
    } else if (e.type === 'xid.assigned' && !e.parent) {
      const t = txns.get(current.get(e.session) ?? -1);
      if (t) t.xid = e.xid;
    } else if (e.type === 'txn.committed' || e.type === 'txn.aborted') {
      const t = txns.get(e.vxid);
      if (t) t.end = e.type === 'txn.committed' ? 'committed' : 'aborted';
    } else if (e.type === 'op.recorded') ops.push(e.op);
  }
  return checkHistory(ops, [...txns.values()]);
}
