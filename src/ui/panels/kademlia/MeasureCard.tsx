import type { View } from '../../../engine/kademlia/view';
import { Bits } from './Bits';
import { hexBits, leadingZeros, nibbles, shortHex } from './format';

/** One ID of the pair in the XOR sum: its bits, then its hex. */
function IdRow({ name, id, plain }: { name: string; id: string; plain: (hex: string) => string }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>
        <code>{plain(id)}</code>
      </td>
      <td>
        <code>{shortHex(id)}</code>
      </td>
    </tr>
  );
}

/** The newest distance measurement, worked out bit by bit ("why XOR"). */
export function MeasureCard({ view, nameOf }: { view: View; nameOf: (x: number) => string }) {
  const m = view.measures.at(-1);
  if (!m) return null;
  const bits = view.config.bits;
  const idOf = (x: number) => view.nodes?.[x]?.id ?? null;
  const plain = (hex: string) => nibbles(hexBits(hex, Math.min(bits, 32))) + (bits > 32 ? ' …' : '');
  if (m.kind === 'pair') {
    const a = idOf(m.a);
    const b = idOf(m.b);
    return (
      <div className="measure">
        <h3>
          d({nameOf(m.a)}, {nameOf(m.b)}) = {nameOf(m.a)} XOR {nameOf(m.b)}
        </h3>
        <table className="xor-sum">
          <tbody>
            {a && <IdRow name={nameOf(m.a)} id={a} plain={plain} />}
            {b && <IdRow name={nameOf(m.b)} id={b} plain={plain} />}
            <tr className="xor-result">
              <th scope="row">XOR</th>
              <td>
                <Bits hex={m.ab} bits={bits} />
              </td>
              <td>
                <code>0x{shortHex(m.ab)}</code>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="measure-note">
          d({nameOf(m.b)}, {nameOf(m.a)}) = 0x{shortHex(m.ba)}: {m.ab === m.ba ? 'the same, XOR is symmetric' : 'different'}. The{' '}
          {Math.min(bits, leadingZeros(m.ab, bits))} marked zero bit(s) are the prefix the two IDs share: bucket{' '}
          {bits - 1 - Math.min(bits - 1, leadingZeros(m.ab, bits))}.
        </p>
      </div>
    );
  }
  const rows = m.distances
    .map((d, x) => ({ x, d }))
    .filter((r) => r.x !== m.from)
    .sort((p, q) => (p.d < q.d ? -1 : 1));
  return (
    <div className="measure">
      <h3>
        Distances from {nameOf(m.from)}, closest first: {m.distinct ? 'all different' : 'some equal'}
      </h3>
      <ol className="distance-list">
        {rows.slice(0, 16).map((r) => (
          <li key={r.x}>
            <span className="who">{nameOf(r.x)}</span> <code>0x{shortHex(r.d)}</code> <Bits hex={r.d} bits={bits} />
          </li>
        ))}
      </ol>
      {rows.length > 16 && <p className="measure-note">… and {rows.length - 16} more.</p>}
    </div>
  );
}
