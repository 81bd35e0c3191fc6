import { scaleLinear } from 'd3-scale';
import type { NodeView, View } from '../../../engine/kademlia/view';
import { hexBits, idFraction, leadingZeros, nodeName, shortHex } from './format';
import { textWidth } from './text-width';
import type { Lookup } from './xor-layout';
import { ChartSvg } from '../../components/ChartSvg';

const PAD = 20;
/** Up to this many nodes each get a dot and a label; more become one path of ticks. */
const LABELLED = 24;
/** Vertical distance between stacked label rows: names (14 px) above the line, IDs (12 px) below. */
const NAME_ROW = 18;
const HEX_ROW = 16;

/** Label rows so that neighbours closer than their labels' widths do not overlap. */
function labelLevels(xs: readonly number[], widths: readonly number[], levels: number): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const right = new Array<number>(levels).fill(-Infinity);
  const out = new Array<number>(xs.length).fill(0);
  for (const [v, i] of order) {
    const half = widths[i] / 2 + 3;
    let l = right.findIndex((r) => v - half >= r);
    if (l < 0) l = right.indexOf(Math.min(...right));
    right[l] = v + half;
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

function Ticks({ nodes, y, x }: { nodes: readonly NodeView[]; y: number; x: (f: number) => number }) {
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

function Density({ bins, y, width }: { bins: readonly number[]; y: number; width: number }) {
  const max = Math.max(1, ...bins);
  const h = scaleLinear().domain([0, max]).range([0, 40]);
  const w = (width - 2 * PAD) / bins.length;
  let d = '';
  bins.forEach((b, i) => {
    const x0 = PAD + i * w;
    d += `M${x0.toFixed(1)},${y}V${(y - h(b)).toFixed(1)}H${(x0 + w - 1).toFixed(1)}V${y}Z`;
  });
  return (
    <g className="density">
      <title>{`Live nodes per 1/${bins.length} of the ID space: ${Math.min(...bins).toLocaleString('en')} to ${max.toLocaleString('en')}`}</title>
      <path d={d} />
    </g>
  );
}

/** What one prefix bracket says: who, the prefix shared with the target, and the share of the space it spans. */
function bracketText(name: string, lz: number, target: string, room: number): string {
  const part = lz === 0 ? 'the whole space' : `1/${lz >= 20 ? `2^${lz}` : (2 ** lz).toLocaleString('en')} of the space`;
  if (lz === 0) return `${name} shares no prefix: ${part}`;
  const prefix = hexBits(target, lz);
  const long = `${name} shares “${prefix.length > 12 ? `…${prefix.slice(-8)}` : prefix}”: ${part}`;
  return textWidth(long, 12) <= room ? long : `${name} shares ${lz} bit${lz === 1 ? '' : 's'}: ${part}`;
}

/**
 * The ID space as a line from 0 to 2^bits, every node at its ID (or, for large networks, how
 * many nodes fall in each stretch). Under it, the target's prefix intervals: the IDs sharing 1,
 * 2, 3… leading bits with the target are nested halves around it, and each hop of the lookup
 * lands in a smaller one. That is what a smaller XOR distance means. Drawn at `width` CSS
 * pixels, one unit per pixel, so its text keeps its size on any screen.
 */
export function IdSpace({
  view,
  lookup,
  nameOf,
  width,
}: {
  view: View;
  lookup: Lookup | null;
  nameOf: (x: number) => string;
  width: number;
}) {
  const W = width;
  const x = scaleLinear()
    .domain([0, 1])
    .range([PAD, W - PAD]);
  const bits = view.config.bits;
  const nodes = view.nodes;
  const few = nodes !== null && nodes.length <= LABELLED;
  const fx = nodes?.map((n) => x(idFraction(n.id))) ?? [];
  const names = few ? nodes.map((n) => `${nodeName(n)}${n.alive ? '' : ' ✗'}`) : [];
  const hexes = few ? nodes.map((n) => shortHex(n.id, 4)) : [];
  const nameLevels = few
    ? labelLevels(
        fx,
        names.map((s) => textWidth(s, 14, true)),
        4,
      )
    : [];
  const hexLevels = few
    ? labelLevels(
        fx,
        hexes.map((s) => textWidth(s, 12, false, true)),
        4,
      )
    : [];
  const up = few ? Math.max(0, ...nameLevels) : 0;
  const down = few ? Math.max(0, ...hexLevels) : 0;
  const axisY = few ? 34 + up * NAME_ROW : 52;
  const tickY = axisY + (few ? 34 + down * HEX_ROW : 28);
  const brackets = lookup
    ? lookup.path.map((node, i) => ({ node, lz: leadingZeros(lookup.pathDistances[i], bits) })).filter((b) => b.lz < bits)
    : [];
  const tf = lookup ? idFraction(lookup.target) : 0;
  const bTop = tickY + 30;
  const ROW = 34;
  const height = brackets.length > 0 ? bTop + brackets.length * ROW + 2 : tickY + 8;
  const targetName = lookup?.targetNode != null && lookup.targetNode >= 0 ? nameOf(lookup.targetNode) : 'the key';

  return (
    <ChartSvg
      className="kad-svg id-space"
      width={W}
      height={height}
      sized
      label={`ID space of ${bits}-bit IDs with ${view.nodeCount.toLocaleString('en')} nodes${lookup ? `; the lookup's target is ${shortHex(lookup.target)}` : ''}`}
    >
      <line className="id-axis" x1={PAD} x2={W - PAD} y1={axisY} y2={axisY} />
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <text key={f} className="axis-tick" x={x(f)} y={tickY} textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}>
          {axisLabel(f, bits)}
        </text>
      ))}
      {view.density && <Density bins={view.density} y={axisY} width={W} />}
      {nodes && !few && <Ticks nodes={nodes} y={axisY} x={x} />}
      {few &&
        nodes.map((n, i) => (
          <g key={n.index} className={`id-node${n.alive ? '' : ' down'}`} transform={`translate(${fx[i]},${axisY})`} data-node={n.index}>
            <title>{`${nodeName(n)}: ID ${n.id}${n.host ? ` = SHA-1("${n.host}")` : ''}${n.alive ? '' : ', down'}`}</title>
            <line y1={-8 - nameLevels[i] * NAME_ROW} y2={8 + hexLevels[i] * HEX_ROW} className="leader" />
            <circle r={5} />
            <text className="id-name" y={-12 - nameLevels[i] * NAME_ROW} textAnchor="middle">
              {names[i]}
            </text>
            <text className="id-hex" y={22 + hexLevels[i] * HEX_ROW} textAnchor="middle">
              {hexes[i]}
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
        lookup.path.map((node, i) => (
          <circle key={`${node}-${i}`} className="path-ring" cx={x(idFraction(lookup.pathIds[i]))} cy={axisY} r={9}>
            <title>{`Hop ${i}: ${nameOf(node)}`}</title>
          </circle>
        ))}
      {lookup && brackets.length > 0 && (
        <text className="bracket-title" x={PAD} y={bTop - 6}>
          {`Sharing a prefix with ${targetName}:`}
        </text>
      )}
      {brackets.map((b, j) => {
        const size = 2 ** -b.lz;
        const start = Math.floor(tf / size) * size;
        const x0 = x(start);
        const w = Math.max(3, x(start + size) - x0);
        const y = bTop + j * ROW;
        return (
          <g key={`${b.node}-${j}`} className="bracket" data-shared={b.lz}>
            <text x={PAD} y={y + 12}>
              {bracketText(nameOf(b.node), b.lz, lookup!.target, W - 2 * PAD)}
            </text>
            <rect x={x0} y={y + 17} width={w} height={12} rx={3} />
          </g>
        );
      })}
    </ChartSvg>
  );
}
