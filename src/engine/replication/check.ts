import type { CheckResult } from '../core/lab';
import { formatLsn } from '../wal/lsn';
import { primaryOf, sendersOf, syncStandby } from './net';
import type { Expected, State, Value } from './types';

const sorted = (a: readonly string[]) => [...a].sort();
const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const list = (a: readonly string[]) => (a.length ? a.join(', ') : 'none');

const readValue = (state: State, node: string, key: string): Value | undefined => {
  const n = Object.hasOwn(state.nodes, node) ? state.nodes[node] : undefined;
  if (!n?.up) return undefined;
  return Object.hasOwn(n.rows, key) ? n.rows[key].value : null;
};

const acknowledged = (state: State) =>
  Object.values(state.txns)
    .filter((t) => t.acked)
    .map((t) => t.name);
const waiting = (state: State) =>
  Object.values(state.txns)
    .filter((t) => t.status === 'waiting')
    .map((t) => t.name);
const staleReads = (state: State) => state.reads.filter((r) => r.stale).length;

/** Compare the state after the last step with a preset's expected outcome; one sentence per difference. */
export function checkOutcome(state: State, x: Expected): CheckResult {
  const failures: string[] = [];
  for (const [node, keys] of Object.entries(x.reads ?? {})) {
    for (const [key, want] of Object.entries(keys)) {
      const got = readValue(state, node, key);
      if (got === undefined) failures.push(`${node} cannot be read (it is down or unknown), expected ${key} = ${JSON.stringify(want)}`);
      else if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${node} reads ${key} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
  if (x.acknowledged && !same(acknowledged(state), x.acknowledged))
    failures.push(`acknowledged commits are ${list(acknowledged(state))}, expected ${list(x.acknowledged)}`);
  if (x.waiting && !same(waiting(state), x.waiting))
    failures.push(`commits waiting for synchronous replication are ${list(waiting(state))}, expected ${list(x.waiting)}`);
  const lost = state.lost.map((l) => l.tx);
  if (x.lostCommits && !same(lost, x.lostCommits)) failures.push(`lost commits are ${list(lost)}, expected ${list(x.lostCommits)}`);
  if (x.staleReads !== undefined && staleReads(state) !== x.staleReads)
    failures.push(`${staleReads(state)} stale reads, expected ${x.staleReads}`);
  const p = primaryOf(state)?.name ?? 'none';
  if (x.primary !== undefined && p !== x.primary) failures.push(`the primary is ${p}, expected ${x.primary}`);
  for (const [node, tli] of Object.entries(x.timelines ?? {})) {
    const n = Object.hasOwn(state.nodes, node) ? state.nodes[node] : undefined;
    if (n?.tli !== tli) failures.push(`${node} is on timeline ${n?.tli ?? '?'}, expected ${tli}`);
  }
  if (x.lastRead) {
    const r = state.reads.at(-1);
    const got = r ? `${r.key} = ${JSON.stringify(r.value)} on ${r.node}` : 'no read';
    const want = `${x.lastRead.key} = ${JSON.stringify(x.lastRead.value)} on ${x.lastRead.node}`;
    if (got !== want) failures.push(`the last read was ${got}, expected ${want}`);
  }
  if (x.refusedAttaches !== undefined && state.refusedAttaches !== x.refusedAttaches)
    failures.push(`${state.refusedAttaches} attach attempts were refused, expected ${x.refusedAttaches}`);
  return { ok: failures.length === 0, failures };
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
        }))
      : [],
    acknowledged: acknowledged(state),
    waiting: waiting(state),
    lostCommits: state.lost.map((l) => ({ tx: l.tx, commit_lsn: formatLsn(l.lsn), writes: l.writes })),
    staleReads: staleReads(state),
    refusedAttaches: state.refusedAttaches,
  };
}
