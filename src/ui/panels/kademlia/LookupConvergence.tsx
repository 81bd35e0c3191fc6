import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useMemo, useRef } from 'react';
import { useD3Behaviour } from '../../d3-behaviour';
import { shortHex } from './format';
import { lookupWalk, type WalkProps } from './lookup-walk';
import { type Lookup, type Mark, pathRounds, sharedDomain } from './xor-layout';
import { ChartSvg } from '../../components/ChartSvg';

const W = 900;
const LEFT = 78;
const TARGET_SLOT = 120;
const TOP = 40;
const ROW = 36;

const WORD: Record<Mark['outcome'], string> = { start: 'starts the lookup', responded: 'answered', timedOut: 'timed out' };

function Marker({ m, x, y, label }: { m: Mark; x: number; y: number; label: boolean }) {
  const cls = `mark mark-${m.outcome}${m.onPath ? ' on-path' : ''}${m.isTarget ? ' is-target' : ''}`;
  const dist = m.distance === null ? '' : ` d = ${shortHex(m.distance, 6)}`;
  return (
    <g className={cls} transform={`translate(${x},${y})`} data-node={m.node} data-round={m.round}>
      <title>{`${m.name}, round ${m.round}: ${WORD[m.outcome]}${m.distance === null ? '' : `, XOR distance to the target ${m.distance}`}`}</title>
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
        <text x={12} y={4}>
          <tspan className="mark-name">{m.name}</tspan>
          <tspan className="mark-dist">{dist}</tspan>
        </text>
      )}
    </g>
  );
}

/**
 * The lookup as a walk down the target's branch of the ID trie: x is how many leading bits a
 * node shares with the target (log2 of the XOR distance, read backwards), one row per round.
 * Every hop of the path lands further right: at least one more shared bit per hop.
 */
export function LookupConvergence({
  lookup,
  marks,
  bits,
  fresh,
  duration,
  labelAll,
  stepKey,
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
}) {
  const domain = sharedDomain(marks, bits);
  const broken = domain < bits;
  const x = scaleLinear()
    .domain([0, domain])
    .range([LEFT, W - (broken ? TARGET_SLOT : 40)]);
  const targetX = broken ? W - TARGET_SLOT / 2 : x(bits);
  const at = (m: Mark) => (m.shared === null ? null : m.shared >= bits ? targetX : x(m.shared));
  const rounds = lookup.rounds.length;
  const height = TOP + (rounds + 1) * ROW + 8;
  const y = (r: number) => TOP + r * ROW + ROW / 2;

  const byNode = new Map(marks.filter((m) => m.onPath).map((m) => [m.node, m]));
  const pr = pathRounds(lookup);
  const points = lookup.path.map((node, i) => {
    const m = byNode.get(node);
    const px = m ? at(m) : null;
    return px === null ? null : ([px, y(pr[i])] as [number, number]);
  });
  const known = points.filter((p): p is [number, number] => p !== null);
  const ticks = Array.from({ length: Math.floor(domain) + 1 }, (_, i) => i).filter((t) => domain <= 20 || t % 2 === 0);

  // The walk reads the path when a step lands; a re-render within the same step does not replay it.
  const geometry = useRef({ known, pr, rounds });
  geometry.current = { known, pr, rounds };
  const walkProps = useMemo<WalkProps>(() => ({ fresh, duration, stepKey }), [fresh, duration, stepKey]);
  const svg = useD3Behaviour<SVGSVGElement, WalkProps>((el) => lookupWalk(el, () => geometry.current), walkProps);

  return (
    <ChartSvg
      ref={svg}
      className="kad-svg convergence"
      width={W}
      height={height}
      label={`Lookup from ${marks[0]?.name}: ${rounds} round(s), path ${lookup.path.map((p) => byNode.get(p)?.name ?? `#${p}`).join(' → ')}, ${lookup.found ? 'target found' : 'target not found'}`}
    >
      <text className="axis-title" x={LEFT} y={12}>
        bits shared with the target →
      </text>
      {ticks.map((t) => (
        <g key={t} className="grid">
          <line x1={x(t)} x2={x(t)} y1={TOP - 8} y2={height - 6} />
          <text x={x(t)} y={TOP - 12} textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      {broken && (
        <g className="grid target-slot">
          <text x={targetX} y={TOP - 12} textAnchor="middle">
            all {bits}
          </text>
          <text className="break" x={(x(domain) + targetX) / 2} y={TOP - 12} textAnchor="middle">
            ⋯
          </text>
          <line x1={targetX} x2={targetX} y1={TOP - 8} y2={height - 6} />
        </g>
      )}
      {Array.from({ length: rounds + 1 }, (_, r) => (
        <text key={r} className="round-label" x={8} y={y(r) + 4}>
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
          {marks
            .filter((m) => m.round === r)
            .map((m) => {
              const px = at(m);
              return px === null ? null : <Marker key={`${m.node}`} m={m} x={px} y={y(r)} label={labelAll || m.onPath} />;
            })}
        </g>
      ))}
      <circle className="message" r={6} cx={known[0]?.[0] ?? 0} cy={known[0]?.[1] ?? 0} opacity={0}>
        <title>the lookup's message</title>
      </circle>
    </ChartSvg>
  );
}
