import type { View } from '../../../engine/intent-log/types';
import type { LabEvent } from '../../../engine/labs';
import { KeyedRowsTable } from '../../components/KeyedRowsTable';

type Event = LabEvent<'intent-log'>;

/** Rows this step touched, as "table/key", so they can flash. */
function touched(events: readonly Event[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e.type === 'row.applied' || e.type === 'row.undone') out.add(`${e.table}/${e.key}`);
  return out;
}

/** The tables on disk. Rows carrying a change that is not committed are marked with the transaction that wrote them. */
export function TablesPanel({ view, events }: { view: View; events: readonly Event[] }) {
  const changed = touched(events);
  return (
    <section className="panel tables-panel" aria-labelledby="tables-title">
      <h2 id="tables-title">Tables on disk</h2>
      <p className="legend">
        Changes land here right after their log record. <span className="swatch inflight" aria-hidden="true" /> dashed: not committed yet.
      </p>
      <div className="tables">
        {Object.entries(view.tables).map(([name, rows]) => {
          const txOf = (key: string) => view.uncommitted[name]?.[key];
          return (
            <KeyedRowsTable
              key={name}
              name={name}
              rows={rows}
              className="data-table"
              cell={(r, c) => (r.values[c] === undefined ? '' : String(r.values[c]))}
              rowClass={(r) => [txOf(r.key) ? 'uncommitted' : '', changed.has(`${name}/${r.key}`) ? 'changed' : ''].join(' ')}
              extra={{
                head: <span className="visually-hidden">state</span>,
                className: 'row-state',
                cell: (r) => {
                  const tx = txOf(r.key);
                  return tx ? `uncommitted · ${tx}` : '';
                },
              }}
            />
          );
        })}
      </div>
    </section>
  );
}
