import type { PanelProps } from '../panel-props';
import './intent-log.css';
import { LogPanel } from './LogPanel';
import { RecoveryPanel } from './RecoveryPanel';
import { TablesPanel } from './TablesPanel';

/** The simplest write-ahead log: the log, the tables it protects, and recovery. */
export function IntentLogPanels({ frame, duration }: PanelProps<'intent-log'>) {
  const view = frame.view;
  const events = frame.events;
  return (
    <div className="panels-intent-log" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <LogPanel view={view} events={events} duration={duration} />
      <div className="panels-column">
        <TablesPanel view={view} events={events} />
        <RecoveryPanel view={view} />
      </div>
    </div>
  );
}
