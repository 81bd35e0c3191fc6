import { type ComponentType, useMemo, useRef } from 'react';
import type { LabId } from '../../engine/scenario/schema';
import type { LabFrame } from '../../worker/protocol';
import { StepContext } from '../components/Panel';
import { lazyPanels } from '../lab-chunks';
import { selectPlaying, selectSpeed } from '../selectors';
import { useApp } from '../store-context';
import { useChangeInView } from './in-view';
import { IntentLogPanels } from './intent-log/IntentLogPanels';
import type { PanelProps } from './panel-props';

/**
 * Every lab's panel set, by lab id: one line per lab. The type is complete, not partial,
 * so a lab without panels does not compile. Each lab's panels are their own chunk (code
 * and CSS, `lab-chunks.ts`): the gallery and the other labs never load them. The intent
 * log's are small and ship with the lab view.
 */
const PANELS: { readonly [K in LabId]: ComponentType<PanelProps<K>> } = {
  'intent-log': IntentLogPanels,
  ...lazyPanels,
};

const NO_FOCUS: readonly string[] = [];

/**
 * The panels of the frame's own lab, handed that frame with its lab's view type. The step's
 * events reach every `Panel` through StepContext; after each step the panel the step is
 * about (in-view.ts) is scrolled into view unless it already shows, and kept there while the
 * layout settles (the panels' own chunk, widths measured after the first paint).
 */
export function LabPanels<K extends LabId>({
  frame,
  duration,
  essentials = false,
  focus = NO_FOCUS,
}: {
  frame: LabFrame<K>;
  duration: number;
  essentials?: boolean;
  /** The scenario's focus panels, by name. */
  focus?: readonly string[];
}) {
  const Panels: ComponentType<PanelProps<K>> = PANELS[frame.lab];
  const root = useRef<HTMLDivElement>(null);
  // Playing at Max, the page holds still (steps come faster than a reader can follow) and panels out of view keep their last drawing.
  const atMax = useApp((s) => selectPlaying(s) && !Number.isFinite(selectSpeed(s)));
  const info = useMemo(
    () => ({ step: frame.step, events: frame.events, essentials, focus, atMax }),
    [frame.step, frame.events, essentials, focus, atMax],
  );
  useChangeInView(root, frame, duration > 0, !atMax);
  return (
    <StepContext.Provider value={info}>
      <div ref={root} className="lab-panels-root">
        <Panels frame={frame} duration={duration} />
      </div>
    </StepContext.Provider>
  );
}
