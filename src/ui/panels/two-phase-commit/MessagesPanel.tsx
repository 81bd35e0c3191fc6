import { scaleLinear } from 'd3-scale';
import type { MsgView, View } from '../../../engine/two-phase-commit/view';

const WIDTH = 720;
const LANE = 46;
const TOP = 22;
const LEFT = 124;
const RIGHT = 16;

/** The kinds a reader tells apart at a glance: the coordinator's orders, the votes, the answers. */
const tone = (m: MsgView): string => {
  if (m.kind === 'VOTE_NO' || m.kind === 'ROLLBACK_PREPARED' || m.kind === 'ROLLBACK') return 'abort';
  if (m.kind === 'COMMIT_PREPARED') return 'commit';
  if (m.kind === 'PREPARE' || m.kind === 'VOTE_YES') return 'prepare';
  return 'other';
};

/** A few words for the line itself; the full SQL is in the list and the tooltip. */
const SHORT: Record<MsgView['kind'], string> = {
  PREPARE: 'PREPARE',
  VOTE_YES: 'yes',
  VOTE_NO: 'no',
  COMMIT_PREPARED: 'COMMIT PREPARED',
  ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
  ROLLBACK: 'ROLLBACK',
  ACK: 'done',
  SCAN: 'pg_prepared_xacts?',
  SCAN_REPLY: 'list',
};

/**
 * A space-time diagram: one horizontal lane per node, time to the right, each message a line
 * from (sent, sender) to (arrival, receiver). In flight: dashed, with a dot where it is now;
 * lost: ending in a cross. The dot slides as time moves (CSS transition; none with reduced motion).
 */
export function MessagesPanel({ view, duration, fresh }: { view: View; duration: number; fresh: ReadonlySet<number> }) {
  const names = view.nodes.map((n) => n.name);
  const laneY = (name: string) => TOP + names.indexOf(name) * LANE + LANE / 2;
  const inFlight = view.messages.filter((m) => m.status === 'flight');
  const end = Math.max(view.now, ...inFlight.map((m) => m.arriveAt));
  // The window: the last few hundred ms, narrowed to the messages in it; after a quiet stretch,
  // reach back to the last messages rather than show an empty window.
  const widest = end - Math.max(120, view.latency.max * 8);
  const recent = view.messages.filter((m) => (m.endedAt ?? end) >= widest).map((m) => m.sentAt);
  const last = view.messages.slice(-6).map((m) => m.sentAt);
  const from = recent.length > 0 ? Math.max(widest, Math.min(...recent)) : last.length > 0 ? Math.min(...last) : widest;
  const start = Math.min(from, end - 20) - Math.max(4, (end - from) * 0.05);
  const span = end - start;
  const x = scaleLinear()
    .domain([start, end + span * 0.04])
    .range([LEFT, WIDTH - RIGHT]);
  const height = TOP + names.length * LANE + 8;
  const shown = view.messages.filter((m) => m.status === 'flight' || (m.endedAt ?? 0) >= end - span || fresh.has(m.id));
  const ticks = x.ticks(5).filter((t) => t >= 0);
  const move = duration > 0 ? `transform ${duration}ms ease-out` : 'none';
  return (
    <section className="panel tpc-messages" aria-labelledby="tpc-msg-title">
      <h2 id="tpc-msg-title">Messages between nodes</h2>
      <p className="legend">
        One lane per node, network time to the right (ms). A line is a message from its sender to its receiver: dashed while in flight, a
        cross where it was lost. Latency {view.latency.min}–{view.latency.max} ms, loss {Math.round(view.loss * 100)} %, coordinator timeout{' '}
        {view.timeout} ms.
      </p>
      <svg
        className="tpc-spacetime"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Space-time diagram at ${view.now} ms: ${inFlight.length} message(s) in flight`}
      >
        {ticks.map((t) => (
          <g key={t} className="tpc-tick">
            <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height - 6} />
            <text x={x(t)} y={TOP - 8} textAnchor="middle">
              {t} ms
            </text>
          </g>
        ))}
        {view.nodes.map((n) => (
          <g key={n.name} className="tpc-lane-line" data-up={n.up}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={laneY(n.name)} y2={laneY(n.name)} />
            <text x={LEFT - 8} y={laneY(n.name) + 4} textAnchor="end">
              {n.name}
              {n.up ? '' : ' ✕'}
            </text>
          </g>
        ))}
        <line className="tpc-now" x1={x(view.now)} x2={x(view.now)} y1={TOP - 4} y2={height - 6} />
        {shown.map((m) => {
          const y1 = laneY(m.from);
          const y2 = laneY(m.to);
          const x1 = Math.max(LEFT - 20, x(m.sentAt));
          const x2 = x(m.arriveAt);
          const flying = m.status === 'flight';
          const f = flying ? Math.min(1, Math.max(0, (view.now - m.sentAt) / Math.max(1, m.arriveAt - m.sentAt))) : 1;
          const dotX = x(m.sentAt + (m.arriveAt - m.sentAt) * f);
          const dotY = y1 + (y2 - y1) * f;
          return (
            <g key={m.id} className={`tpc-msg tone-${tone(m)} status-${m.status}${fresh.has(m.id) ? ' fresh' : ''}`} data-kind={m.kind}>
              <title>{`${m.label}: ${m.from} → ${m.to}, sent at ${m.sentAt} ms, ${m.status === 'lost' ? 'lost' : `arrives at ${m.arriveAt} ms`}`}</title>
              <line x1={x1} y1={y1} x2={x2} y2={y2} />
              {(flying || fresh.has(m.id)) && (
                <text className="tpc-msg-label" x={x1 + (x2 - x1) * 0.35 + 4} y={y1 + (y2 - y1) * 0.35 + (y2 >= y1 ? -3 : 12)}>
                  {SHORT[m.kind]}
                </text>
              )}
              {m.status === 'lost' ? (
                <path className="tpc-cross" d={`M${x2 - 5},${y2 - 5}l10,10m0,-10l-10,10`} />
              ) : (
                <circle r={flying ? 5 : 3} style={{ transform: `translate(${dotX}px, ${dotY}px)`, transition: move }} />
              )}
            </g>
          );
        })}
      </svg>
      <h3 className="tpc-sub">In flight</h3>
      {inFlight.length === 0 ? (
        <p className="empty">Nothing in flight.</p>
      ) : (
        <ul className="tpc-flight" aria-label="Messages in flight">
          {inFlight.map((m) => (
            <li key={m.id} className={`tone-${tone(m)}`}>
              <code>{m.label}</code> {m.from} → {m.to}, sent {m.sentAt} ms, arrives {m.arriveAt} ms
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
