import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findPgBin } from '../../scripts/pg-cluster';
import { Timeline } from '../../src/engine/core/timeline';
import { replicationLab } from '../../src/engine/replication/engine';
import { replicationPresets } from '../../src/scenarios/replication/presets';
import { openVacuumCluster } from './vacuum-run';

/*
 * The replication lab's VACUUM on the primary against PostgreSQL 15, one node: each horizon
 * preset's primary-side statements, with what holds the horizon in the lab (a standby's query
 * through hot_standby_feedback or a slot) stood in for by a REPEATABLE READ session on the
 * primary that takes its snapshot at the same step (the same xmin, so the same horizon). Compared:
 * VACUUM VERBOSE's "tuples:" line and the age in its "removable cutoff:" line, and the Heap2 PRUNE
 * records (rec/tot, nredirected, ndead) pg_waldump prints. Xid values differ by design. The standby
 * side (feedback, the slot, the recovery conflict and its ERROR) needs two servers and is not run
 * here; the engine README records what a two-node run on 15.18 showed.
 */

type Preset = (typeof replicationPresets)[number];

interface Facts {
  readonly tuples: string[];
  readonly ages: number[];
  readonly prunes: string[];
}

/** The lab's side: its VACUUM reports and PRUNE records, in the words PostgreSQL uses. */
function engineFacts(p: Preset): Facts {
  const t = new Timeline(replicationLab, { seed: p.seed, options: p.options, actions: p.steps.map((s) => s.do) });
  const tuples: string[] = [];
  const ages: number[] = [];
  for (let n = 1; n <= t.total; n++)
    for (const e of t.seek(n).events)
      if (e.type === 'table.vacuumed') {
        tuples.push(
          `tuples: ${e.report.removed} removed, ${e.report.remain} remain, ${e.report.deadNotRemovable} are dead but not yet removable`,
        );
        ages.push(e.report.age);
      }
  const primary = t.engineState.nodes[p.options.primary ?? 'primary'];
  const prunes = primary.wal
    .filter((r) => r.kind === 'PRUNE')
    .map((r) => `${r.size}/${r.size} nredirected ${r.prune?.nredirected} ndead ${r.prune?.ndead}`);
  return { tuples, ages, prunes };
}

/** Whether a long read at this step reaches the primary's horizon in the lab (on the primary, or by feedback). */
function holds(p: Preset, step: number, node: string): boolean {
  if (node === (p.options.primary ?? 'primary')) return true;
  let feedback = p.options.hot_standby_feedback?.includes(node) ?? false;
  for (const s of p.steps.slice(0, step))
    if (s.do.type === 'standby-set' && s.do.node === node) feedback = s.do.hot_standby_feedback ?? feedback;
  return feedback;
}

async function postgresFacts(p: Preset): Promise<Facts> {
  const { cluster, admin, connect, vacuumVerbose, close } = await openVacuumCluster();
  const sessions = new Map<string, pg.Client>();
  /** Stand-ins for what holds the horizon: by the lab's session, and the slot it feeds. */
  const holders = new Map<string, { c: pg.Client; slot: string | null }>();
  const facts: Facts = { tuples: [], ages: [], prunes: [] };
  try {
    await admin.query('CREATE TABLE accounts (key text PRIMARY KEY, value int)');
    for (const [k, v] of Object.entries(p.options.rows)) await admin.query('INSERT INTO accounts VALUES ($1, $2)', [k, v]);
    const start = (await admin.query('SELECT pg_current_wal_insert_lsn() AS l')).rows[0].l as string;
    for (const [i, { do: s }] of p.steps.entries()) {
      if (s.type === 'write') {
        let c = sessions.get(s.tx);
        if (!c) {
          c = await connect();
          await c.query('BEGIN');
          sessions.set(s.tx, c);
        }
        if (s.value === null) await c.query('DELETE FROM accounts WHERE key = $1', [s.key]);
        else await c.query('INSERT INTO accounts VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [s.key, s.value]);
      } else if (s.type === 'commit' || s.type === 'rollback') {
        const c = sessions.get(s.tx)!;
        await c.query(s.type === 'commit' ? 'COMMIT' : 'ROLLBACK');
        await c.end();
        sessions.delete(s.tx);
      } else if (s.type === 'begin-read' && holds(p, i + 1, s.node)) {
        const c = await connect();
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await c.query('SELECT value FROM accounts WHERE key = $1', [s.key]);
        const slot = p.options.slots?.includes(s.node) ? s.node : null;
        holders.set(s.session, { c, slot });
      } else if (s.type === 'end-read' || s.type === 'crash' || s.type === 'drop-slot') {
        // A query ends with its session; a crash ends it but a slot keeps its xmin until dropped.
        for (const [name, h] of holders) {
          const ends = s.type === 'end-read' ? name === s.session : s.type === 'crash' ? h.slot === null : h.slot === s.slot;
          if (!ends) continue;
          await h.c.query('COMMIT');
          await h.c.end();
          holders.delete(name);
        }
      } else if (s.type === 'vacuum') {
        const verbose = await vacuumVerbose('accounts');
        facts.tuples.push(/tuples: [^\n]*/.exec(verbose)?.[0] ?? verbose);
        facts.ages.push(Number(/removable cutoff: \d+, which was (\d+) XIDs old/.exec(verbose)?.[1]));
      }
    }
    const end = (await admin.query('SELECT pg_current_wal_insert_lsn() AS l')).rows[0].l as string;
    await admin.query('SELECT pg_switch_wal()');
    const dump = spawnSync(join(findPgBin()!, 'pg_waldump'), ['-p', join(cluster.dir, 'data', 'pg_wal'), '-s', start, '-e', end], {
      encoding: 'utf8',
    });
    for (const line of dump.stdout.split('\n')) {
      const m = /len \(rec\/tot\):\s+(\d+)\/\s*(\d+),.*desc: PRUNE latestRemovedXid \d+ nredirected (\d+) ndead (\d+)/.exec(line);
      if (m) facts.prunes.push(`${m[1]}/${m[2]} nredirected ${m[3]} ndead ${m[4]}`);
    }
    return facts;
  } finally {
    await close([...sessions.values(), ...[...holders.values()].map((h) => h.c)]);
  }
}

const horizonPresets = replicationPresets.filter((p) => p.steps.some((s) => s.do.type === 'vacuum'));

describe.skipIf(!findPgBin())('When the replication lab VACUUMs the primary as PostgreSQL 15 does', () => {
  it('there are horizon presets to compare', () => {
    expect(horizonPresets.map((p) => p.preset)).toEqual(['repl-vacuum-cancels-standby-query', 'repl-standby-feedback-bloat']);
  });

  for (const p of horizonPresets)
    it(`${p.preset}: the same VACUUM VERBOSE tuples and cutoff age, and the same PRUNE records`, async () => {
      const lab = engineFacts(p);
      const real = await postgresFacts(p);
      expect(lab).toEqual(real);
      expect(real.tuples.length).toBeGreaterThan(0);
    });
});
