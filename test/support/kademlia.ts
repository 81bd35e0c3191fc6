/**
 * A test driver for the Kademlia lab's panels: real frames from the engine host, as the worker
 * would send them, for a preset by id.
 */
import type { Event } from '../../src/engine/kademlia/types';
import type { View } from '../../src/engine/kademlia/view';
import { presetById } from '../../src/scenarios';
import { createEngineHost } from '../../src/worker/host';
import type { FrameMsg } from '../../src/worker/protocol';

export interface KademliaFrame {
  readonly frame: FrameMsg;
  readonly view: View;
  readonly events: readonly Event[];
  /** The panels' node names: "B", or "#612" for unnamed nodes. */
  readonly nameOf: (x: number) => string;
}

/** Load a Kademlia preset and return a function that seeks to a step. */
export function kademliaRun(id: string): { at(step: number): KademliaFrame } {
  const scenario = presetById(id)?.scenario;
  if (!scenario || scenario.lab !== 'kademlia') throw new Error(`No kademlia preset ${id}`);
  const host = createEngineHost();
  host.load(scenario);
  return {
    at(step) {
      const frame = host.seek(step);
      const view = frame.view as View;
      return { frame, view, events: frame.events as readonly Event[], nameOf: (x) => view.nodes?.[x]?.name ?? `#${x}` };
    },
  };
}
