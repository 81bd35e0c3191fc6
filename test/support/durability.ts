/**
 * Conveniences for Durability-lab tests over the one LabDriver (engine tests) and over real
 * frames from `labFrames('durability', ...)` (panel tests): small functions, no driver of
 * their own.
 */
import { LabDriver } from '../../src/engine/core/driver';
import { durability } from '../../src/engine/durability/engine';
import type { Options, State } from '../../src/engine/durability/types';
import { visibleRows } from '../../src/engine/durability/view';
import type { ScenarioOf } from '../../src/engine/scenario/schema';

/** A fresh cluster under the generic driver: actions go through the kernel, as on the timeline. */
export const openDurability = (options: Options = {}, seed = 1) => new LabDriver(durability, options, seed);

export type DurabilityDriver = ReturnType<typeof openDurability>;

/** Visible rows of a table as key -> values, as a new session would read them. */
export function rowsOf(lab: { readonly state: State }, table: string): Record<string, unknown> {
  return Object.fromEntries((visibleRows(lab.state).rows[table] ?? []).map((r) => [r.key, r.values]));
}

/** A durability scenario over `tables` one-row tables with `frames` buffers: each step updates one table. */
export function manyPagesScenario(frames: number, tables: number): ScenarioOf<'durability'> {
  const names = Array.from({ length: tables }, (_, i) => `t${i}`);
  return {
    v: 1,
    lab: 'durability',
    title: `${frames} frames`,
    seed: 1,
    options: { frames, tables: Object.fromEntries(names.map((n) => [n, [{ key: '1', values: { v: 0 } }]])) },
    steps: [
      { do: { type: 'begin', tx: 'T1' } },
      ...names.map((table) => ({ do: { type: 'update' as const, tx: 'T1', table, key: '1', add: { v: 1 } } })),
      { do: { type: 'commit', tx: 'T1' } },
    ],
  };
}
