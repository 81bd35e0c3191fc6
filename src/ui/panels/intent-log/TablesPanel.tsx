import type { View } from '../../../engine/intent-log/types';
import type { LabEvent } from '../../../engine/labs';

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
          const cols = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
          return (
            <table key={name} className="data-table">
              <caption>{name}</caption>
              <thead>
                <tr>
                  <th scope="col">key</th>
                  {cols.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">state</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={cols.length + 2} className="empty">
                      (no rows)
                    </td>
                  </tr>
                )}
                {rows.map((r) => {
                  const tx = view.uncommitted[name]?.[r.key];
                  const cls = [tx ? 'uncommitted' : '', changed.has(`${name}/${r.key}`) ? 'changed' : ''].join(' ');
                  return (
                    <tr key={r.key} className={cls}>
                      <th scope="row">{r.key}</th>
                      {cols.map((c) => (
                        <td key={c}>{r.values[c] === undefined ? '' : String(r.values[c])}</td>
                      ))}
                      <td className="row-state">{tx ? `uncommitted · ${tx}` : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}
