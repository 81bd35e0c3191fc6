import { scaleLinear } from 'd3-scale';
import type { NodeView, View } from '../../../engine/kademlia/view';
import { hexBits, idFraction, leadingZeros, nodeName, shortHex } from './format';
import type { Lookup } from './xor-layout';

const W = 900;
const PAD = 24;
/** Up to this many nodes each get a dot and a label; more become one path of ticks. */
const LABELLED = 24;

const x = scaleLinear()
  .domain([0, 1])
  .range([PAD, W - PAD]);

/** Label rows so that neighbours closer than `gap` pixels do not overlap. */
function labelLevels(xs: readonly number[], gap: number, levels: number): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const last = new Array<number>(levels).fill(-Infinity);
  const out = new Array<number>(xs.length).fill(0);
  for (const [v, i] of order) {
    let l = last.findIndex((p) => v - p >= gap);
    if (l < 0) l = last.indexOf(Math.min(...last));
    last[l] = v;
    out[i] = l;
  }
  return out;
}

function axisLabel(f: number, bits: number): string {
  const digits = Math.min(4, bits / 4);
  const v = Math.round(f * 16 ** digits);
  const hex = f >= 1 ? 'f'.repeat(digits) : v.toString(16).padStart(digits, '0');
  return bits / 4 > digits ? `${hex}…` : hex;
}

function Ticks({ nodes, y }: { nodes: readonly NodeView[]; y: number }) {
  let up = '';
  let down = '';
  for (const n of nodes) {
    const px = x(idFraction(n.id)).toFixed(1);
    if (n.alive) up += `M${px},${y - 9}v18`;
    else down += `M${px},${y - 5}v10`;
  }
  return (
    <g className="id-ticks">
      <path className="ticks-up" d={up} />
      {down && <path className="ticks-down" d={down} />}
    </g>
  );
}

function Density({ bins, y }: { bins: readonly number[]; y: number }) {
  const max = Math.max(1, ...bins);
  const h = scaleLinear().domain([0, max]).range([0, 40]);
  const w = (W - 2 * PAD) / bins.length;
  let d = '';
  bins.forEach((b, i) => {
    const x0 = PAD + i * w;
    d += `M${x0.toFixed(1)},${y}V${(y - h(b)).toFixed(1)}H${(x0 + w - 1).toFixed(1)}V${y}Z`;
  });
  return (
    <g className="density">
      <title>{`Live nodes per 1/${bins.length} of the ID space: ${Math.min(...bins).toLocaleString('en')} to ${max.toLocaleString('en')}`}</title>
      <path d={d} />
      <text className="density-label" x={W - PAD} y={y - 46} textAnchor="end">
        live nodes per 1/{bins.length} of the space (up to {max.toLocaleString('en')})
      </text>
    </g>
  );
}

/**
 * The ID space as a line from 0 to 2^bits, every node at its ID (or, for large networks, how
 * many nodes fall in each stretch). Under it, the target's prefix intervals: the IDs sharing 1,
 * 2, 3… leading bits with the target are nested halves around it, and each hop of the lookup
 * lands in a smaller one. That is what a smaller XOR distance means.
 */
export function IdSpace({ view, lookup, nameOf }: { view: View; lookup: Lookup | null; nameOf: (x: number) => string }) {
  const bits = view.config.bits;
  const nodes = view.nodes;
  const few = nodes !== null && nodes.length <= LABELLED;
  const axisY = few ? 64 : 58;
  const fx = nodes?.map((n) => x(idFraction(n.id))) ?? [];
  const levels = few ? labelLevels(fx, 46, 3) : [];
  const brackets = lookup
    ? lookup.path.map((node, i) => ({ node, lz: leadingZeros(lookup.pathDistances[i], bits) })).filter((b) => b.lz < bits)
    : [];
  const tf = lookup ? idFraction(lookup.target) : 0;
  const bTop = axisY + (few ? 84 : 52);
  const height = brackets.length > 0 ? bTop + brackets.length * 20 + 4 : axisY + (few ? 62 : 32);
  const targetName = lookup?.targetNode != null && lookup.targetNode >= 0 ? nameOf(lookup.targetNode) : 'key';

  return (
    <svg
      className="kad-svg id-space"
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-label={`ID space of ${bits}-bit IDs with ${view.nodeCount.toLocaleString('en')} nodes${lookup ? `; the lookup's target is ${shortHex(lookup.target)}` : ''}`}
    >
      <line className="id-axis" x1={PAD} x2={W - PAD} y1={axisY} y2={axisY} />
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <text
          key={f}
          className="axis-tick"
          x={x(f)}
          y={axisY + (few ? 54 : 24)}
          textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}
        >
          {axisLabel(f, bits)}
        </text>
      ))}
      {view.density && <Density bins={view.density} y={axisY} />}
      {nodes && !few && <Ticks nodes={nodes} y={axisY} />}
      {nodes && !few && (
        <text className="density-label" x={W - PAD} y={axisY - 22} textAnchor="end">
          one tick per node{nodes.some((n) => !n.alive) ? ' · short red ticks: down' : ''}
        </text>
      )}
      {few &&
        nodes.map((n, i) => (
          <g key={n.index} className={`id-node${n.alive ? '' : ' down'}`} transform={`translate(${fx[i]},${axisY})`} data-node={n.index}>
            <title>{`${nodeName(n)}: ID ${n.id}${n.host ? ` = SHA-1("${n.host}")` : ''}${n.alive ? '' : ', down'}`}</title>
            <line y1={-8 - levels[i] * 15} y2={0} className="leader" />
            <circle r={5} />
            <text className="id-name" y={-12 - levels[i] * 15} textAnchor="middle">
              {nodeName(n)}
              {n.alive ? '' : ' ✗'}
            </text>
            <text className="id-hex" y={18 + levels[i] * 13} textAnchor="middle">
              {shortHex(n.id, 4)}
            </text>
          </g>
        ))}
      {lookup && (
        <g className="target-mark" transform={`translate(${x(tf)},${axisY})`}>
          <title>{`The lookup's target: ${lookup.target}`}</title>
          <path d="M0,-11L8,-3L0,5L-8,-3Z" transform="translate(0,-14)" />
          <line y1={-12} y2={12} />
        </g>
      )}
      {lookup &&
        lookup.path.map((node, i) => {
          const f = idFraction(lookup.pathIds[i]);
          return (
            <circle key={`${node}-${i}`} className="path-ring" cx={x(f)} cy={axisY} r={9}>
              <title>{`Hop ${i}: ${nameOf(node)}`}</title>
            </circle>
          );
        })}
      {brackets.map((b, j) => {
        const size = 2 ** -b.lz;
        const start = Math.floor(tf / size) * size;
        const x0 = x(start);
        const w = Math.max(3, x(start + size) - x0);
        const y = bTop + j * 20;
        const prefix = hexBits(lookup!.target, b.lz);
        const part = b.lz === 0 ? 'the whole space' : `1/${b.lz >= 20 ? `2^${b.lz}` : (2 ** b.lz).toLocaleString('en')} of the space`;
        const text = `${nameOf(b.node)} shares ${b.lz === 0 ? 'no prefix' : `“${prefix.length > 12 ? `…${prefix.slice(-8)}` : prefix}”`}: ${part}`;
        const right = x0 + w + 8 + text.length * 6.2 < W;
        return (
          <g key={`${b.node}-${j}`} className="bracket" data-shared={b.lz}>
            <rect x={x0} y={y} width={w} height={15} rx={3} />
            <text
              x={w > 260 ? x0 + 6 : right ? x0 + w + 6 : x0 - 6}
              y={y + 11.5}
              textAnchor={w > 260 || right ? 'start' : 'end'}
              className={w > 260 ? 'inside' : ''}
            >
              {text}
            </text>
          </g>
        );
      })}
      {lookup && brackets.length > 0 && (
        <text className="bracket-title" x={PAD} y={bTop - 8}>
          IDs that share a prefix with the target ({targetName} {shortHex(lookup.target, 8)}):
        </text>
      )}
    </svg>
  );
}
