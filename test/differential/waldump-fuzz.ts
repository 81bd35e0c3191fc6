import type { DurabilityScenario } from '../../src/scenarios/durability/presets';
import { lcg } from '../support/lcg';

/*
 * Seeded random workloads for the pg_waldump comparison: one transaction at a time (PostgreSQL
 * would wait on a row lock where the lab refuses), only writes that succeed (no duplicate key, no
 * missing row), columns of every type the lab sizes (text short and long, int4, float8, bool,
 * NULL). Small enough that no page fills past PostgreSQL's pruning threshold (waldump-prune.ts
 * covers pruning on access), and long text stays under TOAST's threshold (PostgreSQL would compress it).
 */

type Step = DurabilityScenario['steps'][number];

export function randomWorkload(seed: number, length = 60): DurabilityScenario {
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const text = () => (rnd() < 0.15 ? 'z'.repeat(130 + Math.floor(rnd() * 300)) : 'v'.repeat(1 + Math.floor(rnd() * 30)));
  const values = (long = true) => ({
    balance: Math.floor(rnd() * 2000) - 1000,
    note: rnd() < 0.1 ? null : long ? text() : 'w'.repeat(1 + Math.floor(rnd() * 30)),
    ratio: Math.round(rnd() * 1000) / 8,
    ok: rnd() < 0.5,
  });
  const first = { balance: 1, note: 'first', ratio: 0.5, ok: true };
  const keys = new Set(['k0', 'k1', 'k2']);
  // No long text in the first rows: that would make the column STORAGE PLAIN (see tableSql), where
  // PostgreSQL keeps the 4-byte header of a short value an UPDATE assigns and the lab packs it.
  const rows = [...keys].map((key, i) => ({ key, values: i === 0 ? first : values(false) }));
  const steps: Step[] = [];
  let tx: string | null = null;
  let n = 0;
  let fresh = 3;
  // Keys written by the open transaction, to undo on abort: inserts vanish, deletes come back.
  let inserted: string[] = [];
  let deleted: string[] = [];
  while (steps.length < length) {
    if (tx === null) {
      if (rnd() < 0.15) steps.push({ do: { type: 'checkpoint' } });
      tx = `T${++n}`;
      inserted = [];
      deleted = [];
      steps.push({ do: { type: 'begin', tx } });
      continue;
    }
    const r = rnd();
    const live = [...keys];
    if (r < 0.15) {
      const abort = rnd() < 0.3;
      steps.push({ do: { type: abort ? 'abort' : 'commit', tx } });
      if (abort) {
        for (const k of inserted) keys.delete(k);
        for (const k of deleted) keys.add(k);
      }
      tx = null;
    } else if (r < 0.35 || live.length === 0) {
      const key = `k${fresh++}`;
      keys.add(key);
      inserted.push(key);
      steps.push({ do: { type: 'insert', tx, table: 'accounts', key, values: values() } });
    } else if (r < 0.45 && live.length > 1) {
      const key = pick(live);
      keys.delete(key);
      deleted.push(key);
      steps.push({ do: { type: 'delete', tx, table: 'accounts', key } });
    } else {
      const key = pick(live);
      const sets: Record<string, string | number | boolean | null>[] = [
        { note: text() },
        { note: null },
        { ok: rnd() < 0.5 },
        { ratio: Math.round(rnd() * 100) / 4 },
      ];
      const update = { type: 'update' as const, tx, table: 'accounts', key };
      steps.push({ do: rnd() < 0.5 ? { ...update, add: { balance: Math.floor(rnd() * 100) } } : { ...update, set: pick(sets) } });
    }
  }
  if (tx !== null) steps.push({ do: { type: 'commit', tx } });
  return {
    v: 1,
    lab: 'durability',
    title: `random workload ${seed}`,
    seed,
    preset: `waldump-random-${seed}`,
    options: { tables: { accounts: rows } },
    steps,
  };
}
