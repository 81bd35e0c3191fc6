import type { Value } from '../../../engine/durability/types';
import type { View } from '../../../engine/durability/view';
import { KeyedRowsTable } from '../../components/KeyedRowsTable';
import { useShownTables } from './recent-tables';

/** A cell: long text as its start and length (the view ships long text cut, with its length). */
const show = (v: Value | undefined, length: number | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  const n = length ?? s.length;
  return n > 18 ? `${s.slice(0, 8)}… (${n} chars)` : s;
};

/**
 * SELECT * from each table, as a new session would see it now (committed rows only): the
 * outcome a crash and its recovery are judged by, so it sits in the crash and recovery panel.
 */
export function SessionRows({ view }: { view: View }) {
  const { shows, note } = useShownTables(view.recentTables, 'Rows');
  const tables = Object.entries(view.rows).filter(([name]) => shows(name));
  return (
    <div className="session-rows">
      <h3>What a new session sees</h3>
      {view.phase !== 'running' ? (
        <p className="empty">The server is down: no session can connect.</p>
      ) : (
        <>
          {note}
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
        </>
      )}
    </div>
  );
}
