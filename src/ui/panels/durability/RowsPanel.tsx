import type { Value } from '../../../engine/durability/types';
import type { View } from '../../../engine/durability/view';
import { KeyedRowsTable } from '../../components/KeyedRowsTable';

/** A cell: long text as its start and length (the view ships long text cut, with its length). */
const show = (v: Value | undefined, length: number | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  const n = length ?? s.length;
  return n > 18 ? `${s.slice(0, 8)}… (${n} chars)` : s;
};

/** SELECT * from each table, as a new session would see it now (committed rows only). */
export function RowsPanel({ view }: { view: View }) {
  const tables = Object.entries(view.rows);
  return (
    <section className="panel rows-panel" aria-labelledby="rows-title">
      <h2 id="rows-title">What a new session sees</h2>
      <p className="legend">SELECT * per table: rows whose inserting transaction committed and that no committed change replaced.</p>
      {view.phase !== 'running' ? (
        <p className="empty">The server is down: no session can connect.</p>
      ) : (
        <div className="row-tables" role="region" aria-label="Visible rows per table" tabIndex={0}>
          {tables.map(([name, rows]) => (
            <KeyedRowsTable
              key={name}
              name={name}
              rows={rows}
              className="data-table dur-rows"
              dataTable={name}
              cell={(r, c) => show(r.values[c], r.long?.[c])}
            />
          ))}
        </div>
      )}
    </section>
  );
}
