import type { LabEvent } from '../../../engine/labs';
import type { PoolView } from '../../../engine/pool/view';
import { Panel } from '../../components/Panel';
import { eventOf } from '../step-events';
import { CostBreakdown } from './CostBreakdown';
import { fmtCount, fmtMs } from './format';

/** The events that change what this panel shows: the traffic the scenario sends. */
const TRAFFIC_TOUCHED_BY = ['rate.changed', 'clients.changed', 'arrivals.scheduled'];

/** The traffic now in words, and what this step scheduled. */
function trafficText(view: PoolView): string {
  const t = view.main.traffic;
  const parts: string[] = [];
  if (t.perSecond > 0) parts.push(`${fmtCount(t.perSecond)} requests per second (Poisson arrivals), each a query of ${fmtMs(t.serviceMs)}`);
  if (t.clients > 0) parts.push(`${fmtCount(t.clients)} application clients, each thinking ${fmtMs(t.thinkMs)} between requests`);
  return parts.length > 0 ? `Steady traffic: ${parts.join('; ')}.` : 'No steady traffic.';
}

/** The traffic now, and the one-off arrivals this step scheduled. */
function TrafficNow({ view, events }: { view: PoolView; events: readonly LabEvent<'pool'>[] }) {
  const scheduled = eventOf(events, 'arrivals.scheduled');
  return (
    <p className="pool-traffic-now">
      {trafficText(view)}
      {scheduled && (
        <strong>
          {' '}
          This step schedules {fmtCount(scheduled.count)} request{scheduled.count === 1 ? '' : 's'}
          {scheduled.lastAtMs > 0 ? ` over ${fmtMs(scheduled.lastAtMs)}` : ''}
          {scheduled.leaky > 0 ? `, ${fmtCount(scheduled.leaky)} of them never releasing their client` : ''}.
        </strong>
      )}
    </p>
  );
}

/**
 * The traffic the scenario sends (steady arrivals, a closed loop of clients, one-off arrivals
 * this step), what a new connection costs, and the key to the connection states drawn below.
 */
export function TrafficPanel({ view, events }: { view: PoolView; events: readonly LabEvent<'pool'>[] }) {
  return (
    <Panel
      name="traffic"
      title="Traffic and the cost of a connection"
      className="pool-traffic"
      touchedBy={TRAFFIC_TOUCHED_BY}
      legend="What the application sends, and what each new connection costs before its first query can run."
    >
      <TrafficNow view={view} events={events} />
      <CostBreakdown view={view} />
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
    </Panel>
  );
}
