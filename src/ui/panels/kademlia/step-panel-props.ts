import type { LabEvent } from '../../../engine/labs';
import type { View } from '../../../engine/kademlia/view';

/** What the panels that animate one step receive: the view, the step's events and the step's timing. */
export interface StepPanelProps {
  readonly view: View;
  readonly events: readonly LabEvent<'kademlia'>[];
  /** How long the step's animation may take (0: end states only). */
  readonly duration: number;
  /** The step's number, so animations restart on a new step. */
  readonly step: number;
  /** A node's display name from its index. */
  readonly nameOf: (x: number) => string;
}
