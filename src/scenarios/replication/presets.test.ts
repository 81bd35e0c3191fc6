import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../engine/core/timeline';
import { replicationLab } from '../../engine/replication/engine';
import { ActionSchema, ExpectedSchema, OptionsSchema } from '../../engine/replication/schema';
import { replicationCards, replicationPresets } from './presets';

type Preset = (typeof replicationPresets)[number];

const timeline = (p: Preset, steps = p.steps, every = 3) =>
  new Timeline(replicationLab, { seed: p.seed, options: p.options, actions: steps.map((s) => s.do) }, { snapshotEvery: every });

const replay = (p: Preset) => {
  const t = timeline(p);
  const frames = [t.frame()];
  for (let n = 1; n <= t.total; n++) frames.push(t.seek(n));
  return { t, frames, events: frames.map((f) => f.events), views: frames.map((f) => f.view) };
};

const byId = (id: string) => {
  const p = replicationPresets.find((x) => x.preset === id);
  if (!p) throw new Error(id);
  return replay(p);
};

describe.each(replicationPresets.map((p) => [p.preset, p] as const))('When replication preset %s is replayed', (_id, preset) => {
  it('validates against the lab schema, with a card in the gallery', () => {
    expect(v.safeParse(OptionsSchema, preset.options).issues).toBeUndefined();
    expect(v.safeParse(ExpectedSchema, preset.expect).issues).toBeUndefined();
    for (const s of preset.steps) expect(v.safeParse(ActionSchema, s.do).issues, JSON.stringify(s.do)).toBeUndefined();
    expect(replicationCards[preset.preset]?.teaser).toMatch(/\S/);
  });

  it('reaches its expected outcome, and not without its last step', () => {
    const { t } = replay(preset);
    const expected = preset.expect ?? {};
    expect(replicationLab.check(t.engineState, expected)).toMatchObject({ ok: true, failures: [] });
    const cut = timeline(preset, preset.steps.slice(0, -1));
    cut.seek(cut.total);
    expect(replicationLab.check(cut.engineState, expected).ok).toBe(false);
  });

  it('narrates every step and refuses none', () => {
    const { events } = replay(preset);
    for (const e of events.slice(1)) expect(e.map((x) => x.type)).not.toContain('action.refused');
    for (const s of preset.steps) expect(s.say ?? '').toMatch(/\S/);
  });

  it('seeks backwards to the same view as running forward', () => {
    const { t, views } = replay(preset);
    for (let n = t.total; n >= 0; n--) expect(t.seek(n).view).toEqual(views[n]);
  });
});

describe('When the four stories are told', () => {
  it('the asynchronous replica answers the old value right after COMMIT returned', () => {
    const { events } = byId('repl-async-stale-read');
    const reads = events.flat().flatMap((e) => (e.type === 'row.read' ? [e.result] : []));
    expect(reads.map((r) => [r.node, r.value, r.stale])).toEqual([
      ['primary', 90, false],
      ['standby1', 100, true],
      ['standby1', 90, false],
    ]);
  });

  it('the synchronous commit is acknowledged only after a round trip, and the primary hides it meanwhile', () => {
    const { events, views } = byId('repl-sync-commit-waits');
    expect(events[2].map((e) => e.type)).toContain('txn.held');
    expect(views[3].txns[0].status).toBe('waiting');
    const released = events.findIndex((es) => es.some((e) => e.type === 'txn.released'));
    expect(released).toBe(6);
    expect(views[released].time).toBe(80);
  });

  it('during the partition the synchronous commit still waits after 2 s while the local one returned', () => {
    const { views } = byId('repl-partition');
    const at = views[6];
    expect(at.time).toBe(2000);
    expect(Object.fromEntries(at.txns.map((t) => [t.name, t.status]))).toEqual({ T1: 'waiting', T2: 'committed' });
    expect(at.links.find((l) => l.a === 'primary' && l.b === 'standby1')?.cut).toBe(true);
  });

  it('the failover names T2 as lost, and the old primary refuses the new timeline before pg_rewind', () => {
    const { views, events } = byId('repl-failover-loses-commits');
    expect(views[7].lost.map((l) => [l.tx, l.writes])).toEqual([['T2', [{ key: 'bob', value: 60 }]]]);
    expect(views[7].nodes.find((n) => n.name === 'pg2')).toMatchObject({ role: 'primary', tli: 2 });
    expect(events[11][0]).toMatchObject({ type: 'attach.refused', node: 'pg1' });
    expect(events[12][0]).toMatchObject({ type: 'row.read', result: { value: 60, diverged: true } });
  });
});

describe('When the xmin horizon stories are told', () => {
  const vacuumAt = (events: ReturnType<typeof byId>['events'], step: number) => {
    const e = events[step].find((x) => x.type === 'table.vacuumed');
    if (e?.type !== 'table.vacuumed') throw new Error(`step ${step} does not VACUUM`);
    return e.report;
  };

  it('feedback off: VACUUM removes the version, replay waits at the PRUNE, falls behind, and the query is cancelled at 30 s', () => {
    const { events, views } = byId('repl-vacuum-cancels-standby-query');
    expect(vacuumAt(events, 5)).toMatchObject({ removed: 1, remain: 2, deadNotRemovable: 0, cutoff: 751, age: 0, heldBy: null });
    expect(events[6].filter((e) => e.type === 'replay.held')).toHaveLength(1);
    const s1 = views[9].nodes.find((n) => n.name === 's1')!;
    expect(s1.replayLsn).toBeLessThan(s1.flushLsn);
    expect(views[10].queries[0].status).toBe('running');
    expect(events[11].find((e) => e.type === 'query.cancelled')).toMatchObject({ session: 'R1', sqlstate: '40001' });
    expect(views[11].queries[0].status).toBe('cancelled');
  });

  it('feedback on through a slot: the slot holds xmin 750, VACUUM keeps 2 versions even after the standby crashed, until the slot is dropped', () => {
    const { events, views } = byId('repl-standby-feedback-bloat');
    expect(views[3].slots).toMatchObject([{ name: 's1', xmin: 750 }]);
    expect(views[3].replication[0].backend_xmin).toBeNull();
    expect(views[3].horizon).toMatchObject({ xmin: 750, heldBy: 'slot s1' });
    expect(vacuumAt(events, 8)).toMatchObject({ removed: 0, remain: 4, deadNotRemovable: 2, age: 2, heldBy: 'slot s1' });
    expect(vacuumAt(events, 10)).toMatchObject({ removed: 0, deadNotRemovable: 2, heldBy: 'slot s1' });
    expect(vacuumAt(events, 12)).toMatchObject({ removed: 2, remain: 2, deadNotRemovable: 0, heldBy: null });
    expect(events.flat().filter((e) => e.type === 'query.cancelled' || e.type === 'replay.held')).toEqual([]);
  });
});

describe('When the headless example two-standbys-failover.json runs', () => {
  it('validates, loses nothing by failing over to the synchronous standby, and the far standby follows timeline 2', async () => {
    const { parseScenario } = await import('../../engine/scenario/schema');
    const file = parseScenario((await import('./two-standbys-failover.json')).default);
    if (file.lab !== 'replication' || !file.expect) throw new Error('not a replication scenario with an outcome');
    const t = new Timeline(replicationLab, { seed: file.seed, options: file.options, actions: file.steps.map((s) => s.do) });
    const frames = [];
    for (let n = 1; n <= t.total; n++) frames.push(t.seek(n));
    for (const f of frames) expect(f.events.map((e) => e.type)).not.toContain('action.refused');
    expect(replicationLab.check(t.engineState, file.expect)).toMatchObject({ ok: true, failures: [] });
    // The asynchronous standby was behind when the primary died: its read before the failover was stale.
    expect(t.engineState.reads.map((r) => r.stale)).toEqual([true, false]);
  });
});
