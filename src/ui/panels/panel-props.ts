import type { LabId } from '../../engine/scenario/schema';
import type { LabFrame } from '../../worker/protocol';

/** What a lab's panel set receives: a frame of its own lab, so `frame.view` has the lab's view type. */
export interface PanelProps<K extends LabId> {
  readonly frame: LabFrame<K>;
  /** How long an animation of one step may take (0: show end states only). */
  readonly duration: number;
}
