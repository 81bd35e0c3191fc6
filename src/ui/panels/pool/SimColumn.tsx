import type { PoolView, SimView } from '../../../engine/pool/view';
import { Figures } from '../../components/Figures';
import { fmtClock, fmtCount, fmtMs } from './format';
import { Gauges } from './Gauges';
import { type ChartDomain, HistoryCharts } from './HistoryCharts';
import { Queue } from './Queue';
import { Swimlanes } from './Swimlanes';

/** One simulation's panels: counters, swimlanes, gauges, the queue and its history charts. */
export function SimColumn({
  view,
  sim,
  domain,
  side,
  duration,
}: {
  view: PoolView;
  sim: SimView;
  domain: ChartDomain;
  side: 'pool' | 'none';
  duration: number;
}) {
  const title = sim.pooled ? `With a pool (node-postgres Pool, max ${sim.max})` : 'Without a pool: a new connection per request';
  const c = sim.counters;
  const id = `pool-col-${side}`;
  return (
    <section className={`panel pool-col pool-col-${side}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="legend">
        {sim.pooled
          ? `idleTimeoutMillis ${fmtCount(view.idleTimeoutMillis)} · connectionTimeoutMillis ${fmtCount(view.connectionTimeoutMillis)} · a new connection costs ${fmtMs(view.connectMs)}`
          : `Every request connects (${fmtMs(view.connectMs)}: handshake, startup and auth, backend fork), queries, and closes.`}
      </p>
      <Figures
        className="stat-tiles pool-stats"
        items={[
          { term: 'requests', value: fmtCount(c.arrived) },
          { term: 'completed', value: fmtCount(c.completed) },
          { term: 'timed out', value: fmtCount(c.timedOut), bad: c.timedOut > 0 },
          { term: 'refused (53300)', value: fmtCount(c.refused), bad: c.refused > 0 },
          { term: 'connections opened', value: fmtCount(c.opened) },
          { term: 'p50 latency', value: fmtMs(sim.p50) },
          { term: 'p99 latency', value: fmtMs(sim.p99) },
        ]}
      />
      <div className="pool-col-body">
        <div className="pool-col-now">
          <h3>
            Connections{' '}
            <span className="muted">
              (last {fmtClock(view.windowMs)}, now {fmtClock(view.now)})
            </span>
          </h3>
          <Swimlanes sim={sim} now={view.now} windowMs={view.windowMs} label={title} duration={duration} />
          <Gauges sim={sim} />
          {sim.pooled && <Queue sim={sim} timeoutMs={view.connectionTimeoutMillis} />}
        </div>
        <div className="pool-col-history">
          <h3>Latency and throughput over time</h3>
          <HistoryCharts history={sim.history} bucketMs={view.bucketMs} domain={domain} label={title} />
        </div>
      </div>
    </section>
  );
}
