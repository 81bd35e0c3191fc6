/**
 * A test driver for the Durability lab's panels: real frames from the engine host, as the
 * worker would send them, for a preset or a scenario written inline.
 */
import type { Event } from '../../src/engine/durability/events';
import type { View } from '../../src/engine/durability/view';
import type { Scenario } from '../../src/engine/scenario/schema';
import { presetById } from '../../src/scenarios';
import { createEngineHost } from '../../src/worker/host';
import type { FrameMsg } from '../../src/worker/protocol';

export interface DurabilityFrame {
  readonly frame: FrameMsg;
  readonly view: View;
  readonly events: readonly Event[];
}

/** Load a scenario (or a preset by id) and return a function that seeks to a step. */
export function durabilityRun(source: string | Scenario): { at(step: number): DurabilityFrame; scenario: Scenario } {
  const scenario = typeof source === 'string' ? presetById(source)?.scenario : source;
  if (!scenario || scenario.lab !== 'durability') throw new Error(`No durability scenario ${String(source)}`);
  const host = createEngineHost();
  host.load(scenario);
  return {
    scenario,
    at(step) {
      const frame = host.seek(step);
      return { frame, view: frame.view as View, events: frame.events as readonly Event[] };
    },
  };
}

/** A durability scenario over `tables` one-row tables with `frames` buffers: each step updates one table. */
export function manyPagesScenario(frames: number, tables: number): Scenario {
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
