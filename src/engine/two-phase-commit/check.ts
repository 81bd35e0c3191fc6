import type { CheckResult } from '../core/lab';
import { formatLsn } from '../wal/lsn';
import { participant } from './participant';
import { COORDINATOR, type Expected, type PieceState, type State } from './types';

export type Fate = 'committed' | 'aborted' | 'in doubt' | 'in progress' | 'mixed';

/** A global transaction's outcome from its participants' pieces: all committed, all aborted, some prepared... */
export function outcomeOf(st: State, gid: string): Fate {
  const g = st.gtx[gid];
  const f = st.fates[gid] ?? {};
  const states = (g?.participants ?? Object.keys(f)).map((p) => f[p] ?? 'aborted');
  const committed = states.filter((s) => s === 'committed').length;
  const aborted = states.filter((s) => s === 'aborted').length;
  if (committed > 0 && aborted > 0) return 'mixed';
  if (committed === states.length) return 'committed';
  if (aborted === states.length) return 'aborted';
  if (states.includes('prepared')) return 'in doubt';
  return 'in progress';
}

/** The coordinator's logged decision for a gid: its COMMIT or ABORT record, if the log still has one. */
export function decisionOf(st: State, gid: string): 'commit' | 'abort' | 'none' {
  let d: 'commit' | 'abort' | 'none' = 'none';
  for (const r of st.coord.wal.records) {
    if (r.gid !== gid) continue;
    if (r.kind === 'COMMIT') return 'commit';
    if (r.kind === 'ABORT') d = 'abort';
  }
  return d;
}

/** Where each participant's piece of `gid` stands ('none' when it never had one). */
function pieceState(st: State, node: string, gid: string): PieceState | 'none' {
  return st.fates[gid]?.[node] ?? 'none';
}

const isUp = (st: State, n: string) => (n === COORDINATOR ? st.coord.up : participant(st, n)?.up);

/** Compare the final state with a preset's expected outcome, one sentence per difference. */
export function checkOutcome(st: State, x: Expected): CheckResult {
  const failures: string[] = [];
  for (const v of st.violations) failures.push(`atomicity broken: ${v}`);
  for (const [gid, want] of Object.entries(x.outcomes ?? {})) {
    const got = Object.hasOwn(st.gtx, gid) ? outcomeOf(st, gid) : 'never begun';
    if (got !== want) failures.push(`${gid} is ${got}, expected ${want}`);
  }
  for (const [node, gids] of Object.entries(x.pieces ?? {})) {
    for (const [gid, want] of Object.entries(gids)) {
      const got = pieceState(st, node, gid);
      if (got !== want) failures.push(`${gid} on ${node} is ${got}, expected ${want}`);
    }
  }
  for (const [node, rows] of Object.entries(x.rows ?? {})) {
    const p = participant(st, node);
    if (!p) {
      failures.push(`there is no participant ${node}`);
      continue;
    }
    for (const [key, want] of Object.entries(rows)) {
      const got = Object.hasOwn(p.rows, key) ? p.rows[key] : undefined;
      if (got !== want) failures.push(`${node}.${key} is ${got ?? 'missing'}${p.up ? '' : ' (down)'}, expected ${want}`);
    }
  }
  for (const [node, keys] of Object.entries(x.locked ?? {})) {
    const p = participant(st, node);
    const got = p ? Object.keys(p.locks).sort() : [];
    const want = [...keys].sort();
    if (got.join(',') !== want.join(','))
      failures.push(`${node} has rows locked: ${got.join(', ') || 'none'}, expected ${want.join(', ') || 'none'}`);
  }
  if (x.down) {
    const nodes = [COORDINATOR, ...st.parts.map((p) => p.name)];
    const down = nodes.filter((n) => !isUp(st, n));
    if (down.join(',') !== nodes.filter((n) => x.down?.includes(n)).join(','))
      failures.push(`down: ${down.join(', ') || 'none'}, expected ${x.down.join(', ') || 'none'}`);
  }
  for (const [gid, want] of Object.entries(x.decisions ?? {})) {
    const got = decisionOf(st, gid);
    if (got !== want) failures.push(`the coordinator's log says ${got} for ${gid}, expected ${want}`);
  }
  for (const gid of x.ended ?? []) {
    if (!st.coord.wal.records.some((r) => r.kind === 'END' && r.gid === gid))
      failures.push(`the coordinator has not written END for ${gid}`);
  }
  if (x.inFlight !== undefined && st.flight.length !== x.inFlight)
    failures.push(`${st.flight.length} message(s) in flight, expected ${x.inFlight}`);
  return { ok: failures.length === 0, failures };
}

/** The headless runner's JSON summary. */
export function summarize(st: State): Record<string, unknown> {
  const outcomes: Record<string, string> = {};
  const tally: Record<string, number> = {};
  for (const gid of st.order) {
    const o = outcomeOf(st, gid);
    tally[o] = (tally[o] ?? 0) + 1;
    if (st.order.length <= 50) outcomes[gid] = o;
  }
  return {
    now: st.now,
    transactions: st.order.length,
    tally,
    ...(st.order.length <= 50 ? { outcomes } : {}),
    violations: st.violations,
    inFlight: st.flight.length,
    messages: st.stats.messages,
    lost: st.stats.lost,
    lockWaits: st.stats.waits,
    recoveries: st.stats.recoveries,
    coordinator: {
      up: st.coord.up,
      crashes: st.coord.crashes,
      walRecords: st.coord.wal.inserted,
      walEnd: formatLsn(st.coord.wal.insert),
      fsyncs: st.coord.wal.fsyncs,
    },
    participants: Object.fromEntries(
      st.parts.map((p) => [
        p.name,
        {
          up: p.up,
          crashes: p.crashes,
          prepared: p.pieces.filter((x) => x.state === 'prepared').map((x) => x.gid),
          locked: Object.keys(p.locks).sort(),
          rows: p.rows,
          walRecords: p.wal.inserted,
          walEnd: formatLsn(p.wal.insert),
          fsyncs: p.wal.fsyncs,
        },
      ]),
    ),
  };
}
