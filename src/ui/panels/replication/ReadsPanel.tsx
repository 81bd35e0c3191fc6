import type { LabEvent } from '../../../engine/labs';
import type { Value } from '../../../engine/replication/types';
import type { View } from '../../../engine/replication/view';
import { Panel } from '../../components/Panel';
import { eventOf } from '../step-events';
import { ScrollX } from '../../components/ScrollX';

const show = (v: Value) => (v === null ? 'no row' : typeof v === 'string' ? `'${v}'` : String(v));

type Verdict = 'same' | 'stale' | 'ahead' | 'diverged' | 'down';

/** How a node's answer compares with the primary's: the words the cell carries besides its colour. */
function verdict(view: View, node: View['nodes'][number], key: string): Verdict {
  if (!node.up) return 'down';
  const p = view.nodes.find((n) => n.name === view.primary);
  const mine = node.rows[key];
  const theirs = p?.rows[key] ?? null;
  if (!p || JSON.stringify(mine?.value ?? null) === JSON.stringify(theirs?.value ?? null)) return 'same';
  const by = mine ? view.txns.find((t) => t.name === mine.tx) : undefined;
  if (by?.status === 'waiting') return 'ahead';
  if (node.refused || by?.lost) return 'diverged';
  return 'stale';
}

const NOTE: Record<Verdict, string> = {
  same: '',
  stale: 'stale',
  ahead: 'ahead of the primary',
  diverged: 'diverged',
  down: 'down',
};

/** A read is what this panel shows; a promotion or rewind changes which node's answer is the primary's. */
const READS_TOUCHED_BY = ['row.read'];

/** SELECT value FROM the table WHERE key = … on every node at once, from a new session on each. */
export function ReadsPanel({ view, events }: { view: View; events: readonly LabEvent<'replication'>[] }) {
  const last = eventOf(events, 'row.read');
  return (
    <Panel
      name="reads"
      title="The same row, read from every node"
      className="repl-reads"
      touchedBy={READS_TOUCHED_BY}
      legend={
        <>
          A new session on each node. A hot standby shows only the commits it has replayed. <span className="tag tag-stale">stale</span>{' '}
          older than the primary, <span className="tag tag-ahead">ahead</span> replayed before the primary's sessions may see it,{' '}
          <span className="tag tag-diverged">diverged</span> a history the primary does not have.
        </>
      }
    >
      <ScrollX label="Reads per node">
        <table className="data-table repl-reads-table" data-table={view.table}>
          <caption>{view.table}: value per key and node</caption>
          <thead>
            <tr>
              <th scope="col">key</th>
              {view.nodes.map((n) => (
                <th key={n.name} scope="col">
                  {n.name}
                  {n.name === view.primary && n.name !== 'primary' ? ' (primary)' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.keys.map((k) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                {view.nodes.map((n) => {
                  const v = verdict(view, n, k);
                  const readNow = last !== undefined && last.result.node === n.name && last.result.key === k;
                  return (
                    <td
                      key={n.name}
                      className={`read-cell read-${v}${readNow ? ' read-now' : ''}`}
                      data-node={n.name}
                      data-key={k}
                      data-verdict={v}
                    >
                      {v === 'down' ? '—' : show(n.rows[k]?.value ?? null)}
                      {NOTE[v] && v !== 'down' && <span className={`tag tag-${v}`}>{NOTE[v]}</span>}
                      {v === 'down' && <span className="tag tag-down">down</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {last && (
        <p className={`read-result${last.result.stale ? ' read-result-stale' : ''}`} role="status">
          This step: <code>SELECT … WHERE key = '{last.result.key}'</code> on {last.result.node} returned{' '}
          <strong>{show(last.result.value)}</strong>
          {last.result.stale
            ? `, while the primary has ${show(last.result.primaryValue)}: a stale read.`
            : last.result.ahead
              ? `; the primary's sessions still see ${show(last.result.primaryValue)}.`
              : last.result.diverged
                ? `, from a commit the primary's history does not contain (it has ${show(last.result.primaryValue)}).`
                : '.'}
        </p>
      )}
    </Panel>
  );
}
