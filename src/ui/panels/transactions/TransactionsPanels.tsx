import type { PanelProps } from '../panel-props';
import { DependencyGraphPanel } from './DependencyGraphPanel';
import { ExplorerLauncher } from './explorer/ExplorerLauncher';
import { EditToggle } from './editor/EditToggle';
import { InterleavingPanel } from './InterleavingPanel';
import { SnapshotsLocksPanel } from './SnapshotsLocksPanel';
import './transactions.css';
import { TuplesPanel } from './TuplesPanel';

/**
 * The transactions lab: the editor and explorer switches on one line, then the schedule the
 * sessions ran beside the dependency graph and the snapshots and locks (the verdict and the
 * waits stay in sight of the step that caused them), and the heap's tuple versions under the
 * schedule. On narrow screens the four stack in that order.
 */
export default function TransactionsPanels({ frame, duration }: PanelProps<'transactions'>) {
  const view = frame.view;
  return (
    <div className="panels-column panels-transactions" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <div className="txn-tools">
        <EditToggle />
        <ExplorerLauncher />
      </div>
      <div className="panels-column txn-grid">
        <InterleavingPanel step={frame.step} view={view} />
        <div className="panels-column txn-side">
          <DependencyGraphPanel view={view} duration={duration} />
          <SnapshotsLocksPanel view={view} />
        </div>
        <TuplesPanel view={view} />
      </div>
    </div>
  );
}
