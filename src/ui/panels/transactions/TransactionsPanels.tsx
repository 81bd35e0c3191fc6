import type { PanelProps } from '../panel-props';
import { DependencyGraphPanel } from './DependencyGraphPanel';
import { ExplorerLauncher } from './explorer/ExplorerLauncher';
import { EditToggle } from './editor/EditToggle';
import { InterleavingPanel } from './InterleavingPanel';
import { SnapshotsLocksPanel } from './SnapshotsLocksPanel';
import './transactions.css';
import { TuplesPanel } from './TuplesPanel';

/**
 * The transactions lab: the schedule the sessions ran across the top, then the heap's tuple
 * versions beside the snapshots, row locks and the dependency graph.
 */
export default function TransactionsPanels({ frame, duration }: PanelProps<'transactions'>) {
  const view = frame.view;
  return (
    <div className="panels-transactions" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <EditToggle />
      <ExplorerLauncher />
      <InterleavingPanel step={frame.step} view={view} />
      <div className="txn-row">
        <TuplesPanel view={view} />
        <div className="txn-col">
          <SnapshotsLocksPanel view={view} />
          <DependencyGraphPanel view={view} duration={duration} />
        </div>
      </div>
    </div>
  );
}
