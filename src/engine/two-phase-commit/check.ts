import type { CheckResult } from '../core/lab';
import { names, outcome } from '../scenario/outcome';
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

const FATE: Record<Fate | 'never begun', string> = {
  committed: 'committed on every participant',
  aborted: 'rolled back on every participant',
  'in doubt': 'in doubt: prepared, waiting for the decision',
  'in progress': 'still in progress',
  mixed: 'committed on some participants and rolled back on others',
  'never begun': 'never begun',
};

const FATE_LESSON: Partial<Record<Fate, string>> = {
  aborted:
    'Rolled back, as this lesson expects: two-phase commit is all or nothing, so without a COMMIT decision no participant keeps its part.',
  'in doubt':
    'In doubt, as this lesson expects: a prepared participant cannot decide alone; it waits for the coordinator, holding its locks.',
};

const msgs = (n: number) => (n === 0 ? 'no message in flight' : `${n} message${n === 1 ? '' : 's'} in flight`);
const locks = (node: string, keys: readonly string[]) =>
  keys.length ? `${node} holds row locks on ${names(keys)}` : `${node} holds no row lock`;
const decision = (gid: string, d: string) =>
  d === 'none' ? `the coordinator's log holds no decision for ${gid}` : `the coordinator's log says ${d.toUpperCase()} for ${gid}`;

/** Compare the final state with a preset's expected outcome, one expectation in words each. */
export function checkOutcome(st: State, x: Expected): CheckResult {
  const out = outcome();
  out.add(
    'all or nothing: no transaction half committed',
    st.violations.length ? `atomicity broken: ${st.violations.join('; ')}` : 'none was',
    st.violations.length === 0,
  );
  for (const [gid, want] of Object.entries(x.outcomes ?? {})) {
    const got = Object.hasOwn(st.gtx, gid) ? outcomeOf(st, gid) : 'never begun';
    out.add(`${gid} is ${FATE[want]}`, `${gid} is ${FATE[got]}`, got === want, FATE_LESSON[want]);
  }
  for (const [node, gids] of Object.entries(x.pieces ?? {})) {
    for (const [gid, want] of Object.entries(gids)) {
      const got = pieceState(st, node, gid);
      out.add(`${gid} on ${node} is ${want}`, `it is ${got}`, got === want, want === 'prepared' ? FATE_LESSON['in doubt'] : undefined);
    }
  }
  for (const [node, rows] of Object.entries(x.rows ?? {})) {
    const p = participant(st, node);
    for (const [key, want] of Object.entries(rows)) {
      const got = p && Object.hasOwn(p.rows, key) ? p.rows[key] : undefined;
      const said = !p ? `there is no participant ${node}` : `${node}.${key} = ${got ?? 'missing'}${p.up ? '' : ' (down)'}`;
      out.add(`${node}.${key} = ${want}`, said, got === want);
    }
  }
  for (const [node, keys] of Object.entries(x.locked ?? {})) {
    const p = participant(st, node);
    const got = p ? Object.keys(p.locks).sort() : [];
    const want = [...keys].sort();
    const why = want.length
      ? 'Locked, as this lesson expects: a prepared transaction keeps its row locks until the decision arrives.'
      : undefined;
    out.add(locks(node, want), locks(node, got), got.join(',') === want.join(','), why);
  }
  if (x.down) {
    const nodes = [COORDINATOR, ...st.parts.map((p) => p.name)];
    const down = nodes.filter((n) => !isUp(st, n));
    const say = (xs: readonly string[]) => (xs.length ? `${names(xs)} ${xs.length === 1 ? 'is' : 'are'} down` : 'every node is up');
    out.add(say(x.down), say(down), down.join(',') === nodes.filter((n) => x.down?.includes(n)).join(','));
  }
  for (const [gid, want] of Object.entries(x.decisions ?? {})) {
    const got = decisionOf(st, gid);
    const why =
      want === 'none' ? 'No decision, as this lesson expects: the coordinator crashed before logging COMMIT or ABORT.' : undefined;
    out.add(decision(gid, want), decision(gid, got), got === want, why);
  }
  for (const gid of x.ended ?? []) {
    const done = st.coord.wal.records.some((r) => r.kind === 'END' && r.gid === gid);
    out.add(`the coordinator writes END for ${gid}`, done ? 'it did' : 'it has not', done);
  }
  if (x.inFlight !== undefined) out.add(msgs(x.inFlight), msgs(st.flight.length), st.flight.length === x.inFlight);
  return out.result();
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
