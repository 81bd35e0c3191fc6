import { scalePoint } from 'd3-scale';
import { select } from 'd3-selection';
import 'd3-transition';
import { useMemo } from 'react';
import type { Event } from '../../../engine/transactions/events';
import { CONTROL, type View } from '../../../engine/transactions/view';
import { type D3Behaviour, interruptAll, useD3Behaviour } from '../../d3-behaviour';
import { ChartSvg } from '../../components/ChartSvg';
import { Panel } from '../../components/Panel';

// Drawn at its own size in pixels (never scaled down, so 12 px labels stay 12 px); a narrow
// panel scrolls it sideways inside its box.
const W = 320;
const H = 236;
const R = 84;
const NODE_R = 25;

/** Adya's phenomena in a few words. */
export const ANOMALY_TEXT: Record<string, string> = {
  G0: 'G0, dirty write: a cycle of write-write dependencies',
  G1a: 'G1a, aborted read: a committed transaction read a version its aborted writer left',
  G1b: 'G1b, intermediate read: a committed transaction read a version its writer later replaced',
  G1c: 'G1c, circular information flow: a cycle of ww and wr dependencies',
  'G-single': 'G-single, a single anti-dependency in the cycle (read skew, lost update)',
  'G2-item': 'G2-item, write skew: a cycle with item anti-dependencies (rw)',
  G2: 'G2, anti-dependency cycle through a predicate read (phantom)',
};

/** The graph holds committed transactions: only a session's commit can add a node or an edge. */
const touchesGraph = (e: { readonly type: string; readonly session?: unknown }): boolean =>
  e.type === ('txn.committed' satisfies Event['type']) && e.session !== CONTROL;

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly kinds: string[];
  readonly inCycle: boolean;
}

/** The cycle's edges, whether the checker closes the list or not. */
function cycleEdges(cycle: readonly number[]): Set<string> {
  const c = cycle.length > 1 && cycle[0] === cycle[cycle.length - 1] ? cycle.slice(0, -1) : cycle;
  const out = new Set<string>();
  if (c.length < 2) return out;
  c.forEach((t, i) => out.add(`${t}>${c[(i + 1) % c.length]}`));
  return out;
}

interface CycleMotion {
  /** The checker's cycle: a new one (each frame's view is new) draws its edges in again. */
  readonly cycle: readonly number[];
  readonly duration: number;
}

/**
 * Draws the cycle's edges in (their dash offset runs to 0) whenever the cycle is drawn anew;
 * with no duration (reduced motion, scrubbing) it shows the end state at once.
 */
function cycleMotion(svg: SVGSVGElement): D3Behaviour<CycleMotion> {
  return {
    update({ duration }) {
      const edges = select(svg).selectAll<SVGPathElement, unknown>('path.edge.in-cycle').interrupt();
      if (duration <= 0) edges.attr('stroke-dashoffset', 0);
      else edges.attr('stroke-dashoffset', 40).transition().duration(duration).attr('stroke-dashoffset', 0);
    },
    destroy() {
      interruptAll(svg);
    },
  };
}

/**
 * Adya's direct serialization graph of the committed transactions: ww, wr and rw (anti-)
 * dependencies, on a circle in commit-number order; a cycle is what makes a history
 * non-serializable, and the most severe phenomenon it shows is named.
 */
export function DependencyGraphPanel({ view, duration }: { view: View; duration: number }) {
  const g = view.graph;
  const nodeCount = new Set([...g.deps.flatMap((d) => [d.from, d.to]), ...g.cycle]).size;
  return (
    <Panel
      name="graph"
      title="Dependency graph (Adya's DSG)"
      className="txn-graph"
      touchedBy={touchesGraph}
      legend={
        <>
          Committed transactions · <span className="k-ww">ww</span> write-write, <span className="k-wr">wr</span> write-read,{' '}
          <span className="k-rw">rw</span> anti-dependency, <span className="k-rw">rw-pred</span> through a predicate (dashed) · a{' '}
          <span className="k-cycle">thick vermillion cycle</span> means no serial order exists.
        </>
      }
    >
      <p className={`txn-verdict ${g.anomaly ? 'anomaly' : nodeCount ? 'clean' : 'none'}`} role="status">
        {g.anomaly ? (
          <>
            <span aria-hidden="true">⚠ </span>
            {ANOMALY_TEXT[g.anomaly] ?? g.anomaly}
          </>
        ) : nodeCount ? (
          <>
            <span aria-hidden="true">✓ </span>No cycle: the committed transactions are serializable.
          </>
        ) : (
          'No dependencies between committed transactions yet.'
        )}
      </p>
      {nodeCount > 0 && <DsgDiagram graph={g} duration={duration} />}
    </Panel>
  );
}

/** The graph itself: nodes on a circle, bent edges labelled with their kinds, the cycle drawn in. */
function DsgDiagram({ graph: g, duration }: { graph: View['graph']; duration: number }) {
  const onCycle = cycleEdges(g.cycle);
  const byPair = new Map<string, Edge>();
  for (const d of g.deps) {
    const key = `${d.from}>${d.to}`;
    const e = byPair.get(key) ?? { from: d.from, to: d.to, kinds: [], inCycle: onCycle.has(key) };
    if (!e.kinds.includes(d.kind)) e.kinds.push(d.kind);
    byPair.set(key, e);
  }
  const edges = [...byPair.values()];
  const nodes = [...new Set([...edges.flatMap((e) => [e.from, e.to]), ...g.cycle])].sort((a, b) => a - b);
  // Evenly around a circle, the oldest transaction at the top.
  const angle = scalePoint<number>()
    .domain(nodes)
    .range([-Math.PI / 2, -Math.PI / 2 + (2 * Math.PI * Math.max(nodes.length - 1, 0)) / Math.max(nodes.length, 1)]);
  const pos = new Map(nodes.map((n) => [n, { x: W / 2 + R * Math.cos(angle(n) ?? 0), y: H / 2 + R * Math.sin(angle(n) ?? 0) }]));
  const motion = useMemo(() => ({ cycle: g.cycle, duration }), [g.cycle, duration]);
  const svg = useD3Behaviour(cycleMotion, motion);
  const label = (n: number) => g.names[n] ?? `#${n}`;
  return (
    <div className="txn-dsg-wrap">
      <ChartSvg
        ref={svg}
        className="txn-dsg"
        width={W}
        height={H}
        sized
        label={`Dependency graph: ${edges.map((e) => `${label(e.from)} ${e.kinds.join('/')} → ${label(e.to)}`).join('; ')}`}
      >
        <defs>
          <marker id="dsg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
          </marker>
          <marker id="dsg-arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrow-head cycle" />
          </marker>
        </defs>
        {edges.map((e) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          if (!a || !b) return null;
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const len = Math.hypot(dx, dy) || 1;
          const ux = dx / len;
          const uy = dy / len;
          // Bend each edge to its left so a -> b and b -> a do not overlap.
          const bend = 34;
          const sx = a.x + ux * NODE_R;
          const sy = a.y + uy * NODE_R;
          const tx = b.x - ux * (NODE_R + 2);
          const ty = b.y - uy * (NODE_R + 2);
          const cx = (a.x + b.x) / 2 - uy * bend;
          const cy = (a.y + b.y) / 2 + ux * bend;
          const anti = e.kinds.every((k) => k.startsWith('rw'));
          return (
            <g key={`${e.from}>${e.to}`} className={`dsg-edge${e.inCycle ? ' in-cycle' : ''}`}>
              <path
                className={`edge${e.inCycle ? ' in-cycle' : ''}${anti ? ' anti' : ''}`}
                d={`M${sx},${sy} Q${cx},${cy} ${tx},${ty}`}
                markerEnd={`url(#${e.inCycle ? 'dsg-arrow-cycle' : 'dsg-arrow'})`}
              />
              <text
                className="edge-label"
                x={((sx + tx) / 2) * 0.4 + cx * 0.6}
                y={((sy + ty) / 2) * 0.4 + cy * 0.6}
                textAnchor="middle"
                dominantBaseline="middle"
              >
                {e.kinds.join(' ')}
              </text>
            </g>
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n);
          if (!p) return null;
          const [name, xid] = label(n).split(' (');
          const who = name === '(setup)' ? 'setup' : name;
          return (
            <g key={n} className={`dsg-node${g.cycle.includes(n) ? ' in-cycle' : ''}`} transform={`translate(${p.x},${p.y})`}>
              <circle r={NODE_R} />
              <text className="node-name" textAnchor="middle" dy={xid ? -3 : 5}>
                {who}
              </text>
              {xid && (
                <text className="node-xid" textAnchor="middle" dy={13}>
                  {xid.replace(')', '')}
                </text>
              )}
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
}
