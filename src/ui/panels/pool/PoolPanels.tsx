import { Panel } from '../../components/Panel';
import type { PanelProps } from '../panel-props';
import { EventLog } from './EventLog';
import { chartDomain, HistoryCharts } from './HistoryCharts';
import { fmtMs } from './format';
import { SimColumn } from './SimColumn';
import { LanePatterns } from './Swimlanes';
import { TrafficPanel } from './TrafficPanel';
import './pool.css';

/** Time passed: every event of a step carries its time; both simulations moved. */
const timePassed = (e: { readonly type: string }) => 't' in e || e.type === 'events.dropped';

/**
 * The Connection pooling lab: the traffic and a connection's cost, a column per simulation (the
 * pool, and beside it the same arrivals without a pool when the scenario compares them) on the
 * same time axis, this step's pool events, and (one click away) the history charts.
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
    <div className="panels-column panels-pool" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <LanePatterns />
      <TrafficPanel view={view} events={events} />
      <div className={sims.length === 2 ? 'pool-cols two' : 'pool-cols'}>
        <SimColumn view={view} sim={view.main} side={view.main.pooled ? 'pool' : 'none'} duration={duration} />
        {view.withoutPool && <SimColumn view={view} sim={view.withoutPool} side="none" duration={duration} />}
      </div>
      <EventLog events={events} />
      <Panel
        name="history"
        title="Latency and throughput over time"
        className="pool-history-panel"
        optional
        touchedBy={timePassed}
        legend={`Per ${fmtMs(view.bucketMs)} bucket, on the same axes for every column: latency percentiles of the requests that completed, and requests per second, completed and failed.`}
      >
        <div className={sims.length === 2 ? 'pool-cols two' : 'pool-cols'}>
          {sims.map((s) => (
            <div key={String(s.pooled)} className="pool-history-col">
              <h3>{s.pooled ? `With a pool (max ${s.max})` : 'Without a pool'}</h3>
              <HistoryCharts
                history={s.history}
                bucketMs={view.bucketMs}
                domain={domain}
                label={s.pooled ? 'With a pool' : 'Without a pool'}
              />
            </div>
          ))}
        </div>
      </Panel>
    </div>
  );
}
