import type { PanelProps } from '../panel-props';
import { EventLog } from './EventLog';
import { CostBreakdown } from './CostBreakdown';
import { chartDomain } from './HistoryCharts';
import { SimColumn } from './SimColumn';
import { LanePatterns } from './Swimlanes';
import './pool.css';

/**
 * The Connection pooling lab: a column per simulation (the pool, and beside it the same
 * arrivals without a pool when the scenario compares them) on the same time and latency
 * axes, then this step's pool events.
 */
export default function PoolPanels({ frame, duration }: PanelProps<'pool'>) {
  const view = frame.view;
  const events = frame.events;
  const sims = view.withoutPool ? [view.main, view.withoutPool] : [view.main];
  const domain = chartDomain(
    sims.map((s) => s.history),
    view.bucketMs,
    view.now,
  );
  return (
    <div className="panels-pool" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <LanePatterns />
      <p className="pool-legend" aria-label="Legend of the connection states">
        <span className="key key-connecting">
          <i aria-hidden="true" /> connecting (handshake, auth, backend fork)
        </span>
        <span className="key key-busy">
          <i aria-hidden="true" /> busy: running a request's query
        </span>
        <span className="key key-idle">
          <i aria-hidden="true" /> idle in the pool
        </span>
        <span className="key key-leaked">
          <i aria-hidden="true" /> checked out, never released
        </span>
        <span className="key key-closed">
          <i aria-hidden="true" /> closed
        </span>
      </p>
      <CostBreakdown view={view} />
      <div className={sims.length === 2 ? 'pool-cols two' : 'pool-cols'}>
        <SimColumn view={view} sim={view.main} domain={domain} side={view.main.pooled ? 'pool' : 'none'} duration={duration} />
        {view.withoutPool && <SimColumn view={view} sim={view.withoutPool} domain={domain} side="none" duration={duration} />}
      </div>
      <EventLog events={events} />
    </div>
  );
}
