import { line } from 'd3-shape';
import { useMemo, useRef } from 'react';
import { useD3Behaviour } from '../../d3-behaviour';
import { ChartSvg } from '../../components/ChartSvg';
import { lookupWalk, type WalkProps } from './lookup-walk';
import { convergenceLayout, type Mark } from './convergence-layout';
import type { Lookup } from './xor-layout';

const WORD: Record<Mark['outcome'], string> = { start: 'starts the lookup', responded: 'answered', timedOut: 'timed out' };

function Marker({ m, x, y, label }: { m: Mark; x: number; y: number; label: { x: number; anchor: 'start' | 'end'; dist: string } | null }) {
  const cls = `mark mark-${m.outcome}${m.onPath ? ' on-path' : ''}${m.isTarget ? ' is-target' : ''}`;
  return (
    <g className={cls} transform={`translate(${x},${y})`} data-node={m.node} data-round={m.round} data-shared={m.shared ?? undefined}>
      <title>{`${m.name}, round ${m.round}: ${WORD[m.outcome]}${m.distance === null ? '' : `, XOR distance to the target ${m.distance} (${m.shared} bits shared)`}`}</title>
      {m.outcome === 'start' ? (
        <rect x={-7} y={-7} width={14} height={14} />
      ) : m.outcome === 'timedOut' ? (
        <path d="M-6,-6L6,6M-6,6L6,-6" />
      ) : m.isTarget ? (
        <path d="M0,-9L9,0L0,9L-9,0Z" />
      ) : (
        <circle r={7} />
      )}
      {label && (
        <text x={label.x} y={4} textAnchor={label.anchor}>
          <tspan className="mark-name">{m.name}</tspan>
          <tspan className="mark-dist">{label.dist}</tspan>
        </text>
      )}
    </g>
  );
}

/**
 * The lookup as a walk down the target's branch of the ID trie: one column per number of
 * leading bits a node shares with the target (whole bits: the column is the bucket-like
 * count, and within a column closer nodes sit further right), one row per round. Every hop
 * of the path lands in a column further right: at least one more shared bit per hop. Drawn
 * at `width` CSS pixels (wider, scrolling in its box, when the columns would be too narrow).
 */
export function LookupConvergence({
  lookup,
  marks,
  bits,
  fresh,
  duration,
  labelAll,
  stepKey,
  width,
}: {
  lookup: Lookup;
  marks: readonly Mark[];
  bits: number;
  /** The lookup ran in this step: animate it. */
  fresh: boolean;
  duration: number;
  labelAll: boolean;
  /** Changes when the frame changes: the animation replays only then. */
  stepKey: number;
  width: number;
}) {
  const g = convergenceLayout(lookup, marks, bits, width, labelAll);
  const { W, height, points, pr, rounds } = g;
  const known = points.filter((p): p is [number, number] => p !== null);

  // The walk reads the path when a step lands; a re-render within the same step does not replay it.
  const geometry = useRef({ known, pr, rounds });
  geometry.current = { known, pr, rounds };
  const walkProps = useMemo<WalkProps>(() => ({ fresh, duration, stepKey }), [fresh, duration, stepKey]);
  const svg = useD3Behaviour<SVGSVGElement, WalkProps>((el) => lookupWalk(el, () => geometry.current), walkProps);
  const nameOfNode = new Map(marks.map((m) => [m.node, m.name]));

  return (
    <ChartSvg
      ref={svg}
      className="kad-svg convergence"
      width={W}
      height={height}
      sized
      label={`Lookup from ${marks[0]?.name}: ${rounds} round(s), path ${lookup.path.map((p) => nameOfNode.get(p) ?? `#${p}`).join(' → ')}, ${lookup.found ? 'target found' : 'target not found'}`}
    >
      <text className="axis-title" x={g.left} y={12}>
        leading bits shared with the target →
      </text>
      {g.columns.map((c) => (
        <g key={c.p} className="grid">
          <line x1={c.x0} x2={c.x0} y1={g.top - 8} y2={height - 6} />
          {c.label && (
            <text x={(c.x0 + c.x1) / 2} y={g.top - 12} textAnchor="middle">
              {c.p}
            </text>
          )}
        </g>
      ))}
      <g className="grid target-slot">
        {g.broken && (
          <text className="break" x={g.breakX} y={g.top - 12} textAnchor="start">
            ⋯
          </text>
        )}
        <text x={g.targetX} y={g.top - 12} textAnchor="middle">
          all {bits}
        </text>
        <line x1={g.targetX} x2={g.targetX} y1={g.top - 8} y2={height - 6} />
      </g>
      {Array.from({ length: rounds + 1 }, (_, r) => (
        <text key={r} className="round-label" x={4} y={g.y(r) + 4}>
          {r === 0 ? 'start' : `round ${r}`}
        </text>
      ))}
      {known.slice(1).map((p, i) => (
        <path
          key={i}
          className="hop"
          data-from={pr[i]}
          data-to={pr[i + 1]}
          data-len={Math.hypot(p[0] - known[i][0], p[1] - known[i][1]).toFixed(1)}
          d={line()([known[i], p]) ?? ''}
        />
      ))}
      {Array.from({ length: rounds + 1 }, (_, r) => (
        <g key={r} className="round-row" data-round={r}>
          {g.placed
            .filter((q) => q.m.round === r)
            .map((q) => (
              <Marker key={`${q.m.node}`} m={q.m} x={q.x} y={q.y} label={q.label} />
            ))}
        </g>
      ))}
      <circle className="message" r={6} cx={known[0]?.[0] ?? 0} cy={known[0]?.[1] ?? 0} opacity={0}>
        <title>the lookup's message</title>
      </circle>
    </ChartSvg>
  );
}
