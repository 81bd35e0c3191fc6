import type { PoolView, SimView } from '../../../engine/pool/view';
import { Figures } from '../../components/Figures';
import { Panel } from '../../components/Panel';
import { fmtClock, fmtCount, fmtMs } from './format';
import { Gauges } from './Gauges';
import { Queue } from './Queue';
import { Swimlanes } from './Swimlanes';

/**
 * Both simulations advance together, so any step in which time passed (its events carry their
 * time) moves both columns; the step's events themselves are the main simulation's.
 */
const timePassed = (e: { readonly type: string }) => ('t' in e && e.type !== 'arrivals.scheduled') || e.type === 'events.dropped';

/** One simulation's panel: counters, swimlanes, gauges and the queue. */
export function SimColumn({ view, sim, side, duration }: { view: PoolView; sim: SimView; side: 'pool' | 'none'; duration: number }) {
  const title = sim.pooled ? `With a pool (node-postgres Pool, max ${sim.max})` : 'Without a pool: a new connection per request';
  const c = sim.counters;
  const failed = c.timedOut + c.refused + c.failed;
  return (
    <Panel
      name="sim"
      title={title}
      className={`pool-col pool-col-${side}`}
      touchedBy={timePassed}
      legend={
        sim.pooled
          ? `idleTimeoutMillis ${fmtCount(view.idleTimeoutMillis)} · connectionTimeoutMillis ${fmtCount(view.connectionTimeoutMillis)} · a new connection costs ${fmtMs(view.connectMs)}`
          : `Every request connects (${fmtMs(view.connectMs)}: handshake, startup and auth, backend fork), queries, and closes.`
      }
    >
      <Figures
        className="stat-tiles pool-stats"
        items={[
          { term: 'requests', value: fmtCount(c.arrived) },
          { term: 'completed', value: fmtCount(c.completed) },
          { term: 'timed out', value: fmtCount(c.timedOut), bad: c.timedOut > 0 },
          { term: 'refused (53300)', value: fmtCount(c.refused), bad: c.refused > 0 },
          { term: 'connections opened', value: fmtCount(c.opened) },
          { term: 'p50 latency, completed', value: fmtMs(sim.p50) },
          { term: 'p99 latency, completed', value: fmtMs(sim.p99) },
        ]}
      />
      {failed > 0 && (
        <p className="note pool-pct-note">
          The percentiles cover the {fmtCount(c.completed)} completed requests only: the {fmtCount(failed)} that failed (timed out, refused
          or cut off) have no latency and are not in them.
        </p>
      )}
      <h3>
        Connections{' '}
        <span className="muted">
          (last {fmtClock(view.windowMs)}, now {fmtClock(view.now)})
        </span>
      </h3>
      <Swimlanes sim={sim} now={view.now} windowMs={view.windowMs} label={title} duration={duration} />
      <Gauges sim={sim} />
      {sim.pooled && <Queue sim={sim} timeoutMs={view.connectionTimeoutMillis} />}
    </Panel>
  );
}
