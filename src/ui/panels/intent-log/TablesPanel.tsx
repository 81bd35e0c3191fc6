import type { View } from '../../../engine/intent-log/types';
import type { LabEvent } from '../../../engine/labs';
import { KeyedRowsTable } from '../../components/KeyedRowsTable';
import { Panel } from '../../components/Panel';

type Event = LabEvent<'intent-log'>;

/** Rows this step touched, as "table/key", so they can flash. */
function touched(events: readonly Event[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) if (e.type === 'row.applied' || e.type === 'row.undone') out.add(`${e.table}/${e.key}`);
  return out;
}

/** What this panel draws: rows changed or undone, and their uncommitted mark, which a commit or rollback clears. */
const TABLE_EVENTS = ['row.*', 'txn.*'];

/** The tables on disk. Rows carrying a change that is not committed are marked with the transaction that wrote them. */
export function TablesPanel({ view, events }: { view: View; events: readonly Event[] }) {
  const changed = touched(events);
  return (
    <Panel
      name="tables"
      title="Tables on disk"
      className="tables-panel"
      touchedBy={TABLE_EVENTS}
      legend={
        <>
          Changes land here right after their log record. <span className="swatch inflight" aria-hidden="true" /> dashed: not committed yet.
        </>
      }
    >
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
    </Panel>
  );
}
