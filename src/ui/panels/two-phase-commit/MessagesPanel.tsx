import { useLayoutEffect, useRef } from 'react';
import type { MsgView, View } from '../../../engine/two-phase-commit/view';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { useWidth } from '../../components/use-width';
import { layoutSpacetime, SIZE } from './spacetime';

/** The kinds a reader tells apart at a glance: the coordinator's orders, the votes, the answers. */
const tone = (m: MsgView): string => {
  if (m.kind === 'VOTE_NO' || m.kind === 'ROLLBACK_PREPARED' || m.kind === 'ROLLBACK') return 'abort';
  if (m.kind === 'COMMIT_PREPARED') return 'commit';
  if (m.kind === 'PREPARE' || m.kind === 'VOTE_YES') return 'prepare';
  return 'other';
};

/** The narrowest box the diagram is laid out for; a narrower one scrolls sideways. */
const MIN_BOX = 280;

/** One message in words: what it carries, between whom, and when. */
const inWords = (m: MsgView) => `${m.from} → ${m.to}, sent ${m.sentAt} ms, ${m.status === 'lost' ? 'lost' : `arrives ${m.arriveAt} ms`}`;

/** What this panel draws: the messages, the network's settings, and time passing. */
const TOUCHED_BY = ['msg.*', 'clock.advanced', 'setting.changed'];

/**
 * A space-time diagram: one horizontal lane per node, time to the right, each message a line
 * from (sent, sender) to (arrival, receiver). In flight: dashed, with a dot where it is now;
 * lost: ending in a cross. Quiet stretches are drawn short and marked with their length. The
 * diagram is laid out 1:1 for its box's width: where the whole run does not fit (a phone),
 * the older messages become one "N earlier" block, listed in words under the diagram, and the
 * step's own messages keep their room. The dot slides as time moves (CSS transition; none
 * with reduced motion).
 */
export function MessagesPanel({ view, duration, fresh }: { view: View; duration: number; fresh: ReadonlySet<number> }) {
  const [box, boxWidth] = useWidth<HTMLDivElement>(Infinity, { min: MIN_BOX });
  const d = layoutSpacetime(view, fresh, boxWidth);
  const earlier = d.earlier ? view.messages.filter((m) => m.arriveAt < (d.earlier?.until ?? 0)) : [];
  const inFlight = view.messages.filter((m) => m.status === 'flight');
  const move = duration > 0 ? `transform ${duration}ms ease-out` : 'none';
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [view.now, view.messages.length]);
  return (
    <Panel
      name="messages"
      title="Messages between nodes"
      className="tpc-messages"
      touchedBy={TOUCHED_BY}
      legend={
        <>
          One lane per node, network time to the right. A line is a message from its sender to its receiver: dashed while in flight, a cross
          where it was lost; a zigzag is a quiet stretch drawn short; a grey block at the left stands for older messages, listed below.
          Latency {view.latency.min}–{view.latency.max} ms, loss {Math.round(view.loss * 100)} %, coordinator timeout {view.timeout} ms.
        </>
      }
    >
      <div className="tpc-spacetime-wrap" ref={box}>
        <ScrollX className="tpc-spacetime-scroll" ref={scroller} label="Space-time diagram (scrolls sideways)">
          <svg
            className="tpc-spacetime"
            width={d.width}
            height={d.height}
            viewBox={`0 0 ${d.width} ${d.height}`}
            role="img"
            aria-label={`Space-time diagram at ${view.now} ms: ${inFlight.length} message(s) in flight`}
          >
            {d.ticks.map((t) => (
              <text key={t.text} className="tpc-tick" x={t.x} y={15} textAnchor={t.anchor}>
                {t.text}
              </text>
            ))}
            {d.lanes.map((n) => (
              <g key={n.name} className="tpc-lane-line" data-up={n.up}>
                <line x1={SIZE.left} x2={d.width - 4} y1={n.y} y2={n.y} />
              </g>
            ))}
            {d.breaks.map((b) => (
              <g key={b.x} className="tpc-break">
                <path d={`M${b.x - 5},${24} l5,6 l-5,6 l5,6 M${b.x - 5},${d.height - 24} l5,6 l-5,6 l5,6`} />
                <line x1={b.x} x2={b.x} y1={24} y2={d.height - 6} />
                <text x={b.x} y={15} textAnchor="middle">
                  +{b.ms} ms
                </text>
              </g>
            ))}
            {d.earlier && (
              <g className="tpc-earlier">
                <rect x={d.earlier.x} y={24} width={d.earlier.w} height={d.height - 30} rx={4} />
                <text x={d.earlier.x + d.earlier.w / 2} y={SIZE.top + SIZE.lane - 4} textAnchor="middle">
                  {d.earlier.count}
                </text>
                <text x={d.earlier.x + d.earlier.w / 2} y={SIZE.top + SIZE.lane + 11} textAnchor="middle">
                  earlier
                </text>
              </g>
            )}
            <line className="tpc-now" x1={d.nowX} x2={d.nowX} y1={22} y2={d.height - 6} />
            {d.messages.map(({ m, x1, y1, x2, y2, dotX, dotY, label }) => (
              <g key={m.id} className={`tpc-msg tone-${tone(m)} status-${m.status}${fresh.has(m.id) ? ' fresh' : ''}`} data-kind={m.kind}>
                <title>{`${m.label}: ${inWords(m)}`}</title>
                <line x1={x1} y1={y1} x2={x2} y2={y2} />
                {label && (
                  <text className="tpc-msg-label" x={label.x} y={label.y} textAnchor="middle">
                    {label.text}
                  </text>
                )}
                {m.status === 'lost' ? (
                  <path className="tpc-cross" d={`M${x2 - 5},${y2 - 5}l10,10m0,-10l-10,10`} />
                ) : (
                  <circle r={m.status === 'flight' ? 5 : 3} style={{ transform: `translate(${dotX}px, ${dotY}px)`, transition: move }} />
                )}
              </g>
            ))}
          </svg>
        </ScrollX>
        {/* The node names stay put while the diagram scrolls under them. */}
        <svg className="tpc-lane-names" width={d.left - 4} height={d.height} aria-hidden="true">
          {d.lanes.map((n) => (
            <text key={n.name} x={d.left - 12} y={n.y + 4} textAnchor="end" data-up={n.up}>
              {n.name}
              {n.up ? '' : ' ✕'}
            </text>
          ))}
        </svg>
      </div>
      <h3 className="tpc-sub">In flight</h3>
      {inFlight.length === 0 ? (
        <p className="empty">Nothing in flight.</p>
      ) : (
        <ul className="tpc-flight" aria-label="Messages in flight">
          {inFlight.map((m) => (
            <li key={m.id} className={`tone-${tone(m)}`}>
              <code>{m.label}</code> {inWords(m)}
            </li>
          ))}
        </ul>
      )}
      {earlier.length > 0 && (
        <details className="tpc-earlier-list">
          <summary>
            {earlier.length} earlier message{earlier.length === 1 ? '' : 's'} (the grey block)
          </summary>
          <ul aria-label="Earlier messages">
            {earlier.map((m) => (
              <li key={m.id} className={`tone-${tone(m)}`}>
                <code>{m.label}</code> {inWords(m)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  );
}
