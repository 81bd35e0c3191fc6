import { ColumnHeads } from '../../components/ColumnHeads';
import { Bits } from './Bits';
import { leadingZeros, shortHex } from './format';
import type { Lookup } from './xor-layout';
import { ScrollX } from '../../components/ScrollX';

/** The lookup's path hop by hop: who, their ID, and their XOR distance to the target in hex and bits. */
export function HopTable({ lookup, bits, nameOf }: { lookup: Lookup; bits: number; nameOf: (x: number) => string }) {
  const target = lookup.targetNode != null && lookup.targetNode >= 0 ? nameOf(lookup.targetNode) : 'the key';
  return (
    <ScrollX label="Lookup path (scrolls sideways)">
      <table className="hop-table">
        <caption>
          {lookup.kind} path from {nameOf(lookup.from)} to {target} (<code>{shortHex(lookup.target, 12)}</code>):{' '}
          {lookup.found ? `found in ${lookup.hops} hop(s)` : `stopped after ${lookup.hops} hop(s) without the target`}, {lookup.messages}{' '}
          RPCs, {lookup.ms} ms
          {lookup.kind === 'FIND_VALUE' && (
            <>
              {' · '}
              {lookup.value === null ? (
                <strong className="value-missing">✗ no value</strong>
              ) : (
                <strong className="value-found">
                  ✓ value “{lookup.value}” from {nameOf(lookup.path[lookup.path.length - 1])}
                </strong>
              )}
            </>
          )}
        </caption>
        <ColumnHeads names={['hop', 'node', 'ID', 'XOR distance to target', 'in bits (shared prefix marked)']} />
        <tbody>
          {lookup.path.map((node, i) => {
            const d = lookup.pathDistances[i];
            const lz = Math.min(bits, leadingZeros(d, bits));
            return (
              <tr key={`${node}-${i}`} data-node={node} className={lz >= bits ? 'at-target' : ''}>
                <td>{i === 0 ? 'start' : i}</td>
                <th scope="row">{nameOf(node)}</th>
                <td>
                  <code title={lookup.pathIds[i]}>{shortHex(lookup.pathIds[i], 8)}</code>
                </td>
                <td>
                  <code className="dist" title={d}>
                    0x{shortHex(d, 8)}
                  </code>
                </td>
                <td>
                  <Bits hex={d} bits={bits} /> <span className="shared-count">{lz >= bits ? '= target' : `${lz} shared`}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollX>
  );
}
