import type { PanelProps } from '../panel-props';
import { ClusterPanel } from './ClusterPanel';
import { CommitsPanel } from './CommitsPanel';
import { FailoverPanel } from './FailoverPanel';
import { HorizonPanel } from './HorizonPanel';
import { ReadsPanel } from './ReadsPanel';
import './replication.css';
import { StatReplicationPanel } from './StatReplicationPanel';

/**
 * Streaming replication: the cluster with its WAL positions and messages, the same row read
 * from every node, pg_stat_replication, the transactions and what their clients were told,
 * the timelines a failover creates, and (when a run uses them) VACUUM and the xmin horizon.
 */
export default function ReplicationPanels({ frame, duration }: PanelProps<'replication'>) {
  const view = frame.view;
  const events = frame.events;
  return (
    <div className="panels-replication" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <ClusterPanel step={frame.step} view={view} events={events} duration={duration} />
      <div className="panels-column repl-col">
        {view.horizonInUse && <HorizonPanel view={view} events={events} />}
        <ReadsPanel view={view} events={events} />
        <CommitsPanel view={view} events={events} />
      </div>
      <div className="panels-column repl-col">
        <StatReplicationPanel view={view} />
        <FailoverPanel view={view} events={events} />
      </div>
    </div>
  );
}
