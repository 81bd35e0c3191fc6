/**
 * A test driver for the transactions lab's panels: real frames from the engine host, as the
 * worker would send them, for a preset by id.
 */
import type { Scenario } from '../../src/engine/scenario/schema';
import type { Event } from '../../src/engine/transactions/events';
import type { View } from '../../src/engine/transactions/view';
import { presetById } from '../../src/scenarios';
import { createEngineHost } from '../../src/worker/host';
import type { FrameMsg } from '../../src/worker/protocol';

export type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;

export interface TxnFrame {
  readonly frame: FrameMsg;
  readonly view: View;
  readonly events: readonly Event[];
}

/** Load a transactions preset and return its scenario and a function that seeks to a step. */
export function transactionsRun(id: string): { scenario: TxnScenario; at(step: number): TxnFrame } {
  const scenario = presetById(id)?.scenario;
  if (!scenario || scenario.lab !== 'transactions') throw new Error(`No transactions preset ${id}`);
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
