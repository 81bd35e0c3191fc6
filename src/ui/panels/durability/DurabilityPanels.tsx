import { useRef } from 'react';
import type { Counters } from '../../../engine/durability/types';
import type { PanelProps } from '../panel-props';
import { BufferPoolPanel } from './BufferPoolPanel';
import { CheckpointPanel } from './CheckpointPanel';
import { CountersPanel } from './CountersPanel';
import { DiskPanel } from './DiskPanel';
import { HeapItemsPanel } from './HeapItemsPanel';
import { IndexPanel } from './IndexPanel';
import { FsmPanel } from './FsmPanel';
import { HorizonPanel } from './HorizonPanel';
import { TableSizePanel } from './TableSizePanel';
import './durability.css';
import { stepKey } from './format';
import { RecoveryChart } from './RecoveryChart';
import { RecoveryPanel } from './RecoveryPanel';
import { WalPanel } from './WalPanel';

/** The counters of the step before, when the user moved one step forward (else no "changed" marks). */
function usePreviousCounters(step: number, counters: Counters): Counters | null {
  const memo = useRef<{ step: number; counters: Counters; before: Counters | null } | null>(null);
  const seen = memo.current;
  if (seen && seen.step === step) return seen.before;
  const before = seen && seen.step === step - 1 ? seen.counters : null;
  memo.current = { step, counters, before };
  return before;
}

/**
 * PostgreSQL's durability machinery in two columns that stack independently: where data lives
 * (shared buffers, the WAL, the data files, counters) and what happens to it (crash and
 * recovery with the rows a session sees, checkpoints, a chart). The essentials (every preset's
 * point) are the first four; checkpoints, the chart and the counters fold in the essentials
 * view. Narrow screens interleave the columns, essentials first.
 */
export default function DurabilityPanels({ frame, duration }: PanelProps<'durability'>) {
  const view = frame.view;
  const events = frame.events;
  const key = stepKey(frame.step, events);
  const previous = usePreviousCounters(frame.step, view.counters);
  return (
    <div className="panels-durability" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <div className="panels-column dur-col dur-col-a">
        <BufferPoolPanel view={view} events={events} duration={duration} stepKey={key} />
        <WalPanel view={view} events={events} duration={duration} stepKey={key} />
        <DiskPanel view={view} events={events} />
        <HeapItemsPanel view={view} events={events} />
        <FsmPanel view={view} />
        <CountersPanel counters={view.counters} previous={previous} />
      </div>
      <div className="panels-column dur-col dur-col-b">
        <RecoveryPanel view={view} events={events} frame={frame} duration={duration} />
        <HorizonPanel view={view} />
        <TableSizePanel view={view} step={frame.step} />
        <IndexPanel view={view} events={events} />
        <CheckpointPanel view={view} events={events} duration={duration} />
        <RecoveryChart view={view} duration={duration} />
      </div>
    </div>
  );
}
