import { scaleLinear } from 'd3-scale';
import type { CSSProperties } from 'react';
import type { LabEvent } from '../../../engine/labs';
import type { MessageView, NodeView, ReplicationRow, View } from '../../../engine/replication/view';
import { formatLsn } from '../../../engine/wal/lsn';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { eventOf } from '../step-events';
import { BAR_SPARE, type Box, layout, roleText } from './layout';
import { ChartSvg } from '../../components/ChartSvg';
import { Swatch } from '../../components/Swatch';

interface Props {
  /** The timeline step: messages are redrawn (and their motion replayed) once per step. */
  step: number;
  view: View;
  events: readonly LabEvent<'replication'>[];
  duration: number;
}

/** One labelled position bar inside a node box. */
function Bar({
  x,
  y,
  w,
  label,
  at,
  scale,
  cls,
}: {
  x: number;
  y: number;
  w: number;
  label: string;
  at: number;
  scale: (n: number) => number;
  cls: string;
}) {
  const width = Math.max(0, Math.min(w, scale(at)));
  return (
    <g className={`pos-bar ${cls}`} transform={`translate(${x},${y})`}>
      <text className="bar-label" x={0} y={10}>
        {label}
      </text>
      <rect className="bar-track" x={52} y={1} width={w} height={10} rx={2} />
      <rect className="bar-fill" x={52} y={1} width={width} height={10} rx={2} />
      <text className="bar-lsn" x={52 + w + 4} y={10}>
        {formatLsn(at)}
      </text>
    </g>
  );
}

function NodeBox({
  box,
  node,
  sender,
  scale,
  primary,
  horizonNote,
}: {
  box: Box;
  node: NodeView;
  sender: ReplicationRow | undefined;
  scale: (n: number) => number;
  primary: string | null;
  /** Dead versions and the horizon on the primary; a recovery conflict on a standby. */
  horizonNote: string | null;
}) {
  const state = !node.up ? 'down' : node.refused ? 'refused' : node.role;
  const barW = box.w - BAR_SPARE;
  const rows: { label: string; at: number; cls: string }[] =
    node.role === 'primary'
      ? [
          { label: 'insert', at: node.insertLsn, cls: 'bar-insert' },
          { label: 'flush', at: node.flushLsn, cls: 'bar-flush' },
        ]
      : [
          ...(sender ? [{ label: 'sent', at: sender.sent_lsn, cls: 'bar-sent' }] : []),
          { label: 'write', at: node.flushLsn, cls: 'bar-write' },
          { label: 'flush', at: node.flushLsn, cls: 'bar-flush' },
          { label: 'replay', at: node.replayLsn, cls: 'bar-replay' },
        ];
  return (
    <g className={`node-box node-${state}`} transform={`translate(${box.x},${box.y})`} data-node={node.name}>
      <rect className="node-body" width={box.w} height={box.h} rx={8} />
      <text className="node-name" x={10} y={20}>
        {node.name}
      </text>
      <text className="node-role" x={box.w - 10} y={20} textAnchor="end">
        {roleText(node, primary)} · TL {node.tli}
      </text>
      {rows.map((r, i) => (
        <Bar key={r.label} x={10} y={32 + i * 18} w={barW} label={r.label} at={r.at} scale={scale} cls={r.cls} />
      ))}
      {node.replayPaused && (
        <text className="node-note" x={10} y={box.h - 8}>
          ⏸ replay paused (pg_wal_replay_pause)
        </text>
      )}
      {node.applyDelay > 0 && !node.replayPaused && (
        <text className="node-note" x={10} y={box.h - 8}>
          recovery_min_apply_delay = {node.applyDelay} ms
        </text>
      )}
      {horizonNote && node.up && !node.refused && !node.replayPaused && node.applyDelay === 0 && (
        <text className="node-note node-horizon-note" x={10} y={box.h - 8}>
          {horizonNote}
        </text>
      )}
      {!node.up && (
        <text className="node-note node-down-note" x={10} y={box.h - 8}>
          ✕ down
        </text>
      )}
      {node.up && node.refused && (
        <text className="node-note node-down-note" x={10} y={box.h - 8}>
          ⚠ refuses timeline: needs pg_rewind
        </text>
      )}
    </g>
  );
}

/** The line under a node's bars about VACUUM: the primary's dead versions and horizon, a standby's conflict. */
function horizonNote(view: View, node: NodeView): string | null {
  if (!view.horizonInUse) return null;
  if (node.name === view.primary && view.horizon) {
    const n = node.deadVersions;
    return `${n} dead version${n === 1 ? '' : 's'} · xmin horizon ${view.horizon.xmin}`;
  }
  const mine = view.queries.filter((q) => q.node === node.name);
  const waiting = mine.filter((q) => q.status === 'running' && q.conflictSince !== null).map((q) => q.session);
  if (waiting.length) return `‖ replay waits for ${waiting.join(', ')}: conflict`;
  const cancelled = mine.filter((q) => q.status === 'cancelled').map((q) => q.session);
  return cancelled.length ? `✕ ${cancelled.join(', ')} cancelled: conflict` : null;
}

/** What the diagram draws: WAL positions, messages, links, replay, nodes' roles and time. */
const CLUSTER_TOUCHED_BY = [
  'wal.*',
  'msg.*',
  'standby.*',
  'link.*',
  'latency.changed',
  'replay.*',
  'setting.changed',
  'node.*',
  'clock.advanced',
  'config.reloaded',
  'query.cancelled',
  'table.vacuumed',
];

/** Where a message is on its link now, 0 (sender) to 1 (receiver). */
const progress = (m: Pick<MessageView, 'sentAt' | 'arriveAt'>, time: number) =>
  m.arriveAt === m.sentAt ? 1 : Math.max(0, Math.min(1, (time - m.sentAt) / (m.arriveAt - m.sentAt)));

/**
 * The cluster: the primary and its standbys, each with its WAL positions as bars on one LSN
 * scale, the links between them with the messages on the wire, and a cut link drawn cut.
 */
export function ClusterPanel({ step, view, events, duration }: Props) {
  const { boxes, width, height } = layout(view);
  const lo = Math.min(
    ...view.nodes.map((n) => Math.min(n.replayLsn, n.flushLsn)),
    ...view.nodes.flatMap((n) => n.wal.slice(0, 1).map((r) => r.lsn)),
  );
  const hi = Math.max(...view.nodes.map((n) => n.insertLsn), lo + 1);
  const barW = (boxes.get(view.nodes[0].name)?.w ?? 300) - BAR_SPARE;
  const scale = scaleLinear().domain([lo, hi]).range([0, barW]).clamp(true);
  const anchors = (a: string, b: string) => {
    const A = boxes.get(a);
    const B = boxes.get(b);
    if (!A || !B) return null;
    const left = A.x <= B.x ? A : B;
    const right = left === A ? B : A;
    const p1 = { x: left.x + left.w, y: left.y + left.h / 2 };
    const p2 = { x: right.x, y: right.y + right.h / 2 };
    if (left.x === right.x)
      return { from: { x: A.x + A.w / 2, y: A.y + (A.y < B.y ? A.h : 0) }, to: { x: B.x + B.w / 2, y: B.y + (B.y < A.y ? B.h : 0) } };
    return left === A ? { from: p1, to: p2 } : { from: p2, to: p1 };
  };
  const streamingLinks = view.links.filter(
    (l) => view.nodes.some((n) => (n.upstream === l.a && n.name === l.b) || (n.upstream === l.b && n.name === l.a)) || l.cut,
  );
  const ended = events.flatMap((e) => (e.type === 'msg.delivered' || e.type === 'msg.lost' ? [e] : []));
  const since = eventOf(events, 'clock.advanced')?.from ?? view.time;
  const summary = view.links
    .filter((l) => streamingLinks.includes(l))
    .map((l) => `${l.a}–${l.b}: ${l.cut ? 'cut' : `up, ${l.min === l.max ? l.min : `${l.min}–${l.max}`} ms`}`)
    .join('; ');
  return (
    <Panel
      name="cluster"
      title="Streaming replication"
      className="repl-cluster"
      touchedBy={CLUSTER_TOUCHED_BY}
      legend={
        <>
          WAL positions on one scale: <Swatch group="pos-bar bar-insert" rect="bar-fill" /> inserted,{' '}
          <Swatch group="pos-bar bar-sent" rect="bar-fill" /> sent, <Swatch group="pos-bar bar-write" rect="bar-fill" /> written,{' '}
          <Swatch group="pos-bar bar-flush" rect="bar-fill" /> flushed, <Swatch group="pos-bar bar-replay" rect="bar-fill" /> replayed. Dots
          on a link are messages: <span className="dot dot-wal" aria-hidden="true" /> WAL,{' '}
          <span className="dot dot-reply" aria-hidden="true" /> status reply. t = {view.time} ms.
        </>
      }
    >
      <ScrollX label="Cluster diagram (scrolls sideways on narrow screens)">
        <ChartSvg className="repl-svg" width={width} height={height} sized label={`Nodes and links. ${summary}`}>
          {streamingLinks.map((l) => {
            const at = anchors(l.a, l.b);
            if (!at) return null;
            const mx = (at.from.x + at.to.x) / 2;
            const my = (at.from.y + at.to.y) / 2;
            return (
              <g key={`${l.a}-${l.b}`} className={`repl-link${l.cut ? ' link-cut' : ''}`} data-link={`${l.a}-${l.b}`} data-cut={l.cut}>
                <line x1={at.from.x} y1={at.from.y} x2={at.to.x} y2={at.to.y} />
                {l.cut ? (
                  <g transform={`translate(${mx},${my})`}>
                    <rect className="cut-badge" x={-34} y={-11} width={68} height={22} rx={11} />
                    <text className="cut-text" y={4} textAnchor="middle">
                      ✂ cut
                    </text>
                  </g>
                ) : (
                  <text className="link-latency" x={mx} y={my - 20} textAnchor="middle">
                    {l.min === l.max ? `${l.min} ms` : `${l.min}–${l.max} ms`}
                  </text>
                )}
              </g>
            );
          })}
          {view.nodes.map((n) => {
            const box = boxes.get(n.name);
            if (!box) return null;
            return (
              <NodeBox
                key={n.name}
                box={box}
                node={n}
                sender={view.replication.find((r) => r.application_name === n.name)}
                scale={scale}
                primary={view.primary}
                horizonNote={horizonNote(view, n)}
              />
            );
          })}
          {[...view.inflight.map((m) => ({ m, gone: null })), ...ended.map((e) => ({ m: e.msg, gone: e.type }))].map(({ m, gone }) => {
            const at = anchors(m.from, m.to);
            if (!at) return null;
            // Where it was when this step began and where it is now: it moves between them during the step.
            const f1 = gone === 'msg.delivered' ? 1 : progress(m, view.time);
            const f0 = progress(m, since);
            const dy = m.kind === 'reply' ? 10 : -10;
            const px = (f: number) => `${at.from.x + (at.to.x - at.from.x) * f}px`;
            const py = (f: number) => `${at.from.y + (at.to.y - at.from.y) * f + dy}px`;
            const style = {
              '--x0': px(f0),
              '--y0': py(f0),
              '--x1': px(f1),
              '--y1': py(f1),
              transform: `translate(${px(f1)}, ${py(f1)})`,
              animationDuration: `${duration}ms`,
            } as CSSProperties;
            return (
              <g key={`${m.id}-${step}`} className={`msg msg-${m.kind}${gone ? ' msg-gone' : ''}`} style={style}>
                {m.kind === 'wal' ? <rect x={-7} y={-5} width={14} height={10} rx={2} /> : <circle r={4.5} />}
              </g>
            );
          })}
        </ChartSvg>
      </ScrollX>
      <ul className="visually-hidden" aria-label="Messages on the wire">
        {view.inflight.map((m) => (
          <li key={m.id}>
            {m.kind === 'wal' ? `WAL ${formatLsn(m.start)} to ${formatLsn(m.end)}` : `reply, flushed up to ${formatLsn(m.end)}`} from{' '}
            {m.from} to {m.to}, arrives at {m.arriveAt} ms
          </li>
        ))}
      </ul>
      <p className="repl-wire" aria-live="polite">
        {view.inflight.length === 0
          ? 'Nothing on the wire.'
          : `On the wire: ${view.inflight
              .map((m) =>
                m.kind === 'wal'
                  ? `WAL up to ${formatLsn(m.end)} → ${m.to} (arrives ${m.arriveAt} ms)`
                  : `reply ${m.from} → ${m.to} (arrives ${m.arriveAt} ms)`,
              )
              .join('; ')}.`}
      </p>
    </Panel>
  );
}
