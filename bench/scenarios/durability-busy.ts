/**
 * A busy, seeded Durability-lab scenario for benchmarks and view-size measurements: many
 * tables of wide rows, a large buffer pool, and a long run of transfers, inserts, reads,
 * ticks (WAL writer, background writer, timed checkpoints), CHECKPOINTs and a crash with
 * recovery now and then. Transactions run one at a time, on keys that exist, so no step is
 * refused; the generator checks that by running the scenario once.
 */
import { timelineFor } from '../../src/engine/labs';
import type { Action, KeyedRow } from '../../src/engine/durability/types';
import { parseScenario, type ScenarioOf } from '../../src/engine/scenario/schema';
import { SeededRandom } from './intent-log-long';

export interface BusyOptions {
  /** shared_buffers in frames (default 1,024). */
  readonly frames?: number;
  /** Tables (default 20, the schema's maximum). */
  readonly tables?: number;
  /** Rows loaded per table (default 20). */
  readonly rows?: number;
  /** Length of each row's text column (default 2,700: three rows fill a page). */
  readonly note?: number;
  /** Transactions to generate (default 200). */
  readonly transactions?: number;
  readonly seed?: number;
}

export function busyDurabilityScenario(opts: BusyOptions = {}): ScenarioOf<'durability'> {
  const tables = opts.tables ?? 20;
  const rows = opts.rows ?? 20;
  const note = 'x'.repeat(opts.note ?? 2700);
  const rand = new SeededRandom(opts.seed ?? 7);
  const data: Record<string, KeyedRow[]> = {};
  const keys: string[][] = [];
  for (let t = 0; t < tables; t++) {
    data[`t${t}`] = Array.from({ length: rows }, (_, r) => ({ key: `k${r}`, values: { balance: 1000, note } }));
    keys.push(Array.from({ length: rows }, (_, r) => `k${r}`));
  }
  const steps: { do: Action }[] = [];
  const add = (a: Action) => steps.push({ do: a });
  const n = opts.transactions ?? 200;
  for (let i = 0; i < n; i++) {
    const tx = `T${i + 1}`;
    add({ type: 'begin', tx });
    const writes = rand.int(2, 6);
    const touched = new Set<string>();
    const inserted: [number, string][] = [];
    for (let w = 0; w < writes; w++) {
      const t = rand.int(0, tables - 1);
      if (rand.chance(0.2)) {
        const key = `n${i}_${w}`;
        add({ type: 'insert', tx, table: `t${t}`, key, values: { balance: 1, note: note.slice(0, 200) } });
        inserted.push([t, key]);
      } else {
        const key = rand.pick(keys[t]);
        if (touched.has(`${t}/${key}`)) continue;
        touched.add(`${t}/${key}`);
        add({ type: 'update', tx, table: `t${t}`, key, add: { balance: rand.int(-50, 50) } });
      }
    }
    const t = rand.int(0, tables - 1);
    add({ type: 'read', table: `t${t}`, key: rand.pick(keys[t]) });
    // Only a committed insert leaves a key later transactions may update.
    if (rand.chance(0.1)) add({ type: 'abort', tx });
    else {
      add({ type: 'commit', tx });
      for (const [t, key] of inserted) keys[t].push(key);
    }
    if (rand.chance(0.3)) add({ type: 'tick', n: rand.int(1, 3) });
    if (rand.chance(0.05)) add({ type: 'checkpoint', spread: rand.chance(0.5) });
    if (i > 0 && i % 80 === 0) {
      add({ type: 'crash' });
      add({ type: 'recover' });
    }
  }
  const parsed = parseScenario({
    v: 1,
    lab: 'durability',
    title: `Busy run: ${tables} tables, ${opts.frames ?? 1024} frames, ${n} transactions`,
    seed: 1,
    options: { frames: opts.frames ?? 1024, tables: data, checkpoint_timeout: 40, bgwriter_delay: 2 },
    steps,
  });
  if (parsed.lab !== 'durability') throw new Error(`generated a ${parsed.lab} scenario`);
  const scenario = parsed;
  const { frames } = timelineFor(scenario).runTo(scenario.steps.length);
  const refused = frames.flatMap((f) => f.events.flatMap((e) => (e.type === 'action.refused' ? [`step ${f.step}: ${e.message}`] : [])));
  if (refused.length > 0) throw new Error(`generated durability scenario has refused steps: ${refused.slice(0, 3).join('; ')}`);
  return scenario;
}
