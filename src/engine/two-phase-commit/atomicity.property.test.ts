import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabDriver } from '../core/driver';
import type { RefusedEvent } from '../core/lab';
import { twopcLab } from './engine';
import type { Action, Event, Options, State } from './types';

/**
 * Random schedules of transfers, commits, deliveries, lost messages, time, crashes (now or at
 * the protocol's crash points), restarts and checkpoints, on two to five participants with a
 * lossy network. The properties are checked from the event stream, not from the engine's own
 * bookkeeping.
 */

const NODES = ['p1', 'p2', 'p3', 'p4', 'p5'];
const KEYS = ['a', 'b', 'c'];

const optionsArb = fc.record({
  n: fc.integer({ min: 2, max: 5 }),
  loss: fc.constantFrom(0, 0.1, 0.3),
  min: fc.boolean(),
});

const toOptions = (o: { n: number; loss: number; min: boolean }): Options => ({
  participants: NODES.slice(0, o.n).map((name) => ({ name, rows: { a: 10, b: 10, c: 10 }, ...(o.min ? { min: 0 } : {}) })),
  loss: o.loss,
  latency: { min: 2, max: 30 },
  timeout: 100,
});

const actionArb = (n: number): fc.Arbitrary<Action[]> => {
  const node = fc.constantFrom(...NODES.slice(0, n));
  const any = fc.constantFrom('coordinator', ...NODES.slice(0, n));
  const gid = fc.integer({ min: 1, max: 4 }).map((i) => `g${i}`);
  const begin = fc
    .record({
      gid,
      writes: fc.array(fc.record({ node, key: fc.constantFrom(...KEYS), add: fc.integer({ min: -6, max: 6 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
      no: fc.boolean(),
    })
    .map(({ gid, writes, no }): Action => ({ type: 'begin', gid, writes, ...(no ? { voteNo: [writes[0].node] } : {}) }));
  return fc
    .oneof(
      { weight: 3, arbitrary: begin.map((b) => [b]) },
      { weight: 4, arbitrary: begin.map((b) => [b, { type: 'commit', gid: (b as { gid: string }).gid } as Action]) },
      { weight: 4, arbitrary: gid.map((g): Action => ({ type: 'commit', gid: g })) },
      { weight: 1, arbitrary: gid.map((g): Action => ({ type: 'rollback', gid: g })) },
      { weight: 8, arbitrary: fc.constant<Action>({ type: 'deliver' }) },
      { weight: 1, arbitrary: fc.constant<Action>({ type: 'drop' }) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 300 }).map((ms): Action => ({ type: 'tick', ms })) },
      { weight: 3, arbitrary: fc.constant<Action>({ type: 'run', ms: 500 }) },
      { weight: 1, arbitrary: any.map((n): Action => ({ type: 'crash', node: n })) },
      { weight: 1, arbitrary: node.map((n): Action => ({ type: 'crash', node: n, at: 'prepared' })) },
      { weight: 1, arbitrary: fc.constant<Action>({ type: 'crash', node: 'coordinator', at: 'decision-logged' }) },
      { weight: 3, arbitrary: any.map((n): Action => ({ type: 'recover', node: n })) },
      { weight: 1, arbitrary: node.map((n): Action => ({ type: 'checkpoint', node: n })) },
    )
    .map((a) => (Array.isArray(a) ? a : [a]));
};

const scheduleArb = optionsArb.chain((o) =>
  fc.tuple(
    fc.constant(o),
    fc.array(actionArb(o.n), { minLength: 5, maxLength: 60 }).map((chunks) => chunks.flat()),
    fc.integer(),
  ),
);

/** What the events say happened to each gid on each node, and what the coordinator decided. */
class Witness {
  readonly ends = new Map<string, Map<string, 'committed' | 'aborted'>>();
  readonly decided = new Map<string, 'commit' | 'abort'>();
  readonly problems: string[] = [];
  /** Prepared transactions participants brought back at restart. */
  restored = 0;

  see(events: readonly (Event | RefusedEvent)[]): void {
    for (const e of events) {
      if (e.type === 'decision.made') {
        const was = this.decided.get(e.gid);
        if (was === 'commit' && e.decision === 'abort') this.problems.push(`${e.gid}: coordinator aborted after deciding commit`);
        if (was !== 'commit') this.decided.set(e.gid, e.decision);
      }
      if (e.type === 'txn.committed' || e.type === 'txn.aborted') {
        const fate = e.type === 'txn.committed' ? 'committed' : 'aborted';
        if (fate === 'committed' && this.decided.get(e.gid) !== 'commit' && !e.gid.startsWith('local'))
          this.problems.push(`${e.gid}: ${e.node} committed without a COMMIT decision`);
        this.end(e.gid, e.node, fate);
      }
      if (e.type === 'node.restarted' && e.node !== 'coordinator') this.restored += e.prepared.length;
      if (e.type === 'node.crashed') for (const gid of e.lostTxns) if (e.node !== 'coordinator') this.end(gid, e.node, 'aborted');
    }
  }

  private end(gid: string, node: string, fate: 'committed' | 'aborted'): void {
    const m = this.ends.get(gid) ?? new Map();
    const before = m.get(node);
    if (before && before !== fate) this.problems.push(`${gid}: ${node} was ${before}, now ${fate}`);
    m.set(node, fate);
    this.ends.set(gid, m);
    const fates = new Set(m.values());
    if (fates.size > 1) this.problems.push(`${gid}: ${[...m].map(([n, f]) => `${n} ${f}`).join(', ')}`);
  }
}

const drive = (options: Options, seed: number) => new LabDriver(twopcLab, options, seed);
type Driver = ReturnType<typeof drive>;

/** Run a schedule through the kernel; refused actions are part of a random schedule. */
function play(options: Options, actions: readonly Action[], seed: number): { d: Driver; state: State; witness: Witness } {
  const d = drive(options, seed);
  const witness = new Witness();
  for (const a of actions) witness.see(d.try(a));
  return { d, state: d.state, witness };
}

/** Bring every node back, stop losing messages, restart the coordinator (its recovery pass reads every pg_prepared_xacts) and let the protocol finish. */
function heal(d: Driver, witness: Witness): void {
  const state = d.state;
  const step = (a: Action) => witness.see(d.try(a));
  step({ type: 'set', name: 'loss', value: 0 });
  // A crash armed earlier may still go off once: a second round brings that node back too.
  for (let round = 0; round < 2; round++) {
    for (const p of state.parts) if (!p.up) step({ type: 'recover', node: p.name });
    if (state.coord.up) step({ type: 'crash', node: 'coordinator' });
    step({ type: 'recover', node: 'coordinator' });
    step({ type: 'run', ms: 10_000 });
  }
}

describe('Under two-phase commit, whatever crashes and losses happen', () => {
  it('no participant commits what another aborts, and nobody commits without a COMMIT decision (seeded 20261124)', () => {
    const seen = { committed: 0, aborted: 0, restoredPrepared: 0 };
    fc.assert(
      fc.property(scheduleArb, ([o, actions, seed]) => {
        const { state, witness } = play(toOptions(o), actions, seed);
        expect(witness.problems).toEqual([]);
        expect(state.violations).toEqual([]);
        seen.committed += state.stats.committed;
        seen.aborted += state.stats.aborted;
        seen.restoredPrepared += witness.restored;
      }),
      { seed: 20261124, numRuns: 300 },
    );
    // The schedules do reach the interesting cases, not only refusals.
    expect(seen.committed).toBeGreaterThan(20);
    expect(seen.aborted).toBeGreaterThan(20);
    expect(seen.restoredPrepared).toBeGreaterThan(0);
  });

  it('once every node is back and the coordinator has restarted, no transaction stays prepared and no prepared lock is left (seeded 4242)', () => {
    fc.assert(
      fc.property(scheduleArb, ([o, actions, seed]) => {
        const { d, state, witness } = play(toOptions(o), actions, seed);
        heal(d, witness);
        expect(witness.problems).toEqual([]);
        for (const p of state.parts) {
          const prepared = p.pieces.filter((x) => x.state === 'prepared').map((x) => x.gid);
          expect(prepared, p.name).toEqual([]);
        }
        for (const gid of state.order) expect(['committed', 'aborted', 'in progress']).toContain(outcome(state, gid));
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('a participant restarted from its WAL has the balances its committed transactions left (seeded 99)', () => {
    fc.assert(
      fc.property(scheduleArb, ([o, actions, seed]) => {
        const { d, state } = play(toOptions(o), actions, seed);
        for (const p of state.parts) {
          if (!p.up) continue;
          const before = { ...p.rows };
          d.run({ type: 'crash', node: p.name }, { type: 'recover', node: p.name });
          expect(p.rows).toEqual(before);
        }
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});

function outcome(state: State, gid: string): string {
  const f = state.fates[gid] ?? {};
  const s = new Set(state.gtx[gid].participants.map((p) => f[p] ?? 'aborted'));
  if (s.size === 1 && (s.has('committed') || s.has('aborted'))) return [...s][0];
  if (s.has('prepared')) return 'in doubt';
  return 'in progress';
}
