import type { CheckResult } from '../core/lab';
import { names, outcome } from '../scenario/outcome';
import { formatLsn } from '../wal/lsn';
import { primaryOf, sendersOf, syncStandby } from './net';
import type { Expected, State, Value } from './types';
import { txnsInOrder } from './state';

const sorted = (a: readonly string[]) => [...a].sort();
const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

const readValue = (state: State, node: string, key: string): Value | undefined => {
  const n = Object.hasOwn(state.nodes, node) ? state.nodes[node] : undefined;
  if (!n?.up) return undefined;
  return Object.hasOwn(n.rows, key) ? n.rows[key].value : null;
};

const acknowledged = (state: State) =>
  txnsInOrder(state)
    .filter((t) => t.acked)
    .map((t) => t.name);
const waiting = (state: State) =>
  txnsInOrder(state)
    .filter((t) => t.status === 'waiting')
    .map((t) => t.name);
const staleReads = (state: State) => state.reads.filter((r) => r.stale).length;

const show = (v: Value | null) => (v === null ? 'no row' : JSON.stringify(v));
const commits = (xs: readonly string[], what: string) => (xs.length ? `${names(xs)} ${what}` : `no commit ${what}`);

/** Compare the state after the last step with a preset's expected outcome, one expectation in words each. */
export function checkOutcome(state: State, x: Expected): CheckResult {
  const out = outcome();
  for (const [node, keys] of Object.entries(x.reads ?? {})) {
    for (const [key, want] of Object.entries(keys)) {
      const got = readValue(state, node, key);
      const said = got === undefined ? `${node} cannot be read (it is down or unknown)` : `${node} answers ${key} = ${show(got)}`;
      out.add(`${node} answers ${key} = ${show(want)}`, said, got !== undefined && JSON.stringify(got) === JSON.stringify(want));
    }
  }
  if (x.acknowledged)
    out.add(
      commits(x.acknowledged, 'acknowledged to the client'),
      commits(acknowledged(state), 'acknowledged'),
      same(acknowledged(state), x.acknowledged),
    );
  if (x.waiting) {
    const why = x.waiting.length
      ? 'Waiting, as this lesson expects: a synchronous commit does not return until its standby confirms, however long that takes.'
      : undefined;
    out.add(
      commits(x.waiting, 'waiting for the synchronous standby'),
      commits(waiting(state), 'waiting'),
      same(waiting(state), x.waiting),
      why,
    );
  }
  const lost = state.lost.map((l) => l.tx);
  if (x.lostCommits) {
    const why = x.lostCommits.length
      ? 'Lost, as this lesson expects: an acknowledged commit that never reached the asynchronous standby is gone once that standby is promoted.'
      : undefined;
    out.add(commits(x.lostCommits, 'lost'), commits(lost, 'lost'), same(lost, x.lostCommits), why);
  }
  if (x.staleReads !== undefined) {
    const n = (k: number) => `${k} stale read${k === 1 ? '' : 's'}`;
    const why = x.staleReads > 0 ? 'Stale, as this lesson expects: an asynchronous standby answers from behind the primary.' : undefined;
    out.add(n(x.staleReads), n(staleReads(state)), staleReads(state) === x.staleReads, why);
  }
  const p = primaryOf(state)?.name ?? 'none';
  if (x.primary !== undefined) out.add(`the primary is ${x.primary}`, `the primary is ${p}`, p === x.primary);
  for (const [node, tli] of Object.entries(x.timelines ?? {})) {
    const n = Object.hasOwn(state.nodes, node) ? state.nodes[node] : undefined;
    out.add(`${node} is on timeline ${tli}`, `${node} is on timeline ${n?.tli ?? '?'}`, n?.tli === tli);
  }
  if (x.lastRead) {
    const r = state.reads.at(-1);
    const got = r ? `${r.key} = ${JSON.stringify(r.value)} on ${r.node}` : 'no read';
    const want = `${x.lastRead.key} = ${JSON.stringify(x.lastRead.value)} on ${x.lastRead.node}`;
    out.add(`the last read gives ${want}`, r ? `it gave ${got}` : 'there was no read', got === want);
  }
  if (x.cancelledQueries) {
    const got = state.queries.filter((q) => q.status === 'cancelled').map((q) => q.session);
    const why = x.cancelledQueries.length
      ? "Cancelled, as this lesson expects: the standby's replay of VACUUM's PRUNE removed versions the query's snapshot might need."
      : undefined;
    const said = (xs: readonly string[], what: string) => (xs.length ? `${names(xs)} ${what}` : `no query ${what}`);
    out.add(said(x.cancelledQueries, 'cancelled by a recovery conflict'), said(got, 'cancelled'), same(got, x.cancelledQueries), why);
  }
  if (x.deadVersions !== undefined) {
    const n = (k: number) => `${k} dead row version${k === 1 ? '' : 's'} on the primary`;
    const got = primaryOf(state)?.heap.deadKeys.length ?? 0;
    out.add(n(x.deadVersions), n(got), got === x.deadVersions);
  }
  if (x.refusedAttaches !== undefined) {
    const n = (k: number) => `${k} attach attempt${k === 1 ? '' : 's'} refused`;
    const why =
      x.refusedAttaches > 0
        ? 'Refused, as this lesson expects: the old primary wrote WAL the new timeline never saw, so it cannot follow it without a rewind.'
        : undefined;
    out.add(n(x.refusedAttaches), n(state.refusedAttaches), state.refusedAttaches === x.refusedAttaches, why);
  }
  return out.result();
}

/** The headless runner's JSON: positions as PostgreSQL prints them, what each node answers, what was lost. */
export function summarize(state: State): Record<string, unknown> {
  const p = primaryOf(state);
  return {
    time_ms: state.time,
    primary: p?.name ?? null,
    nodes: Object.fromEntries(
      state.order.map((name) => {
        const n = state.nodes[name];
        return [
          name,
          {
            role: n.role,
            up: n.up,
            timeline: n.tli,
            flush_lsn: formatLsn(n.flushLsn),
            replay_lsn: formatLsn(n.replayLsn),
            rows: Object.fromEntries(Object.entries(n.rows).map(([k, r]) => [k, r.value])),
            ...(n.refused ? { refused: n.refused } : {}),
          },
        ];
      }),
    ),
    pg_stat_replication: p
      ? sendersOf(state, p.name).map((s) => ({
          application_name: s.standby,
          sent_lsn: formatLsn(s.sent),
          write_lsn: formatLsn(s.write),
          flush_lsn: formatLsn(s.flush),
          replay_lsn: formatLsn(s.replay),
          sync_state:
            syncStandby(state, p.name) === s.standby ? 'sync' : state.synchronous_standby_names.includes(s.standby) ? 'potential' : 'async',
          backend_xmin: s.xmin,
        }))
      : [],
    acknowledged: acknowledged(state),
    waiting: waiting(state),
    lostCommits: state.lost.map((l) => ({ tx: l.tx, commit_lsn: formatLsn(l.lsn), writes: l.writes })),
    staleReads: staleReads(state),
    refusedAttaches: state.refusedAttaches,
    deadVersions: p?.heap.deadKeys.length ?? 0,
    cancelledQueries: state.queries.filter((q) => q.status === 'cancelled').map((q) => q.session),
    pg_replication_slots: state.slots.map((x) => ({ slot_name: x.name, xmin: x.xmin, restart_lsn: formatLsn(x.restartLsn) })),
  };
}
