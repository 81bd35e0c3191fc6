import type { View } from '../../../engine/durability/view';
import { ColumnHeads } from '../../components/ColumnHeads';
import { VacuumPanel } from './VacuumPanel';
import { ScrollX } from '../../components/ScrollX';

/** What moves the horizon: transactions beginning and ending, a snapshot taken by a statement, VACUUM reading it. */
const HORIZON_EVENTS = ['txn.*', 'row.read', 'tuple.*', 'table.vacuumed'];
/** While a transaction holds the horizon, a VACUUM's story is here (what it could not remove), before the table's size. */
const HELD_VACUUM = { 'table.vacuumed': 2 };

/**
 * The running transactions as pg_stat_activity shows them (state, backend_xid, backend_xmin),
 * and under them the xmin horizon: the oldest xid any of them still needs, below which VACUUM may
 * remove dead versions. The session that sets it is marked; with none, the horizon is the next xid.
 */
export function HorizonPanel({ view }: { view: View }) {
  const v = view.vacuum;
  const h = v.horizon;
  const why =
    h.tx === null
      ? `no open transaction holds it back: it is the next xid`
      : h.by === 'snapshot'
        ? `held by ${h.tx}'s snapshot (${v.sessions.find((s) => s.name === h.tx)?.isolation ?? ''})`
        : `held by ${h.tx}'s own xid (it has written and not ended)`;
  return (
    <VacuumPanel
      vacuum={v}
      name="horizon"
      title="xmin horizon"
      className="horizon-panel"
      touchedBy={HORIZON_EVENTS}
      priority={h.tx !== null ? HELD_VACUUM : undefined}
      legend="Open transactions as pg_stat_activity lists them; the line under them is the xmin horizon: VACUUM removes only versions deleted by xids older than it."
    >
      <ScrollX label="Open transactions (scrolls sideways)">
        <table className="data-table horizon-table">
          <ColumnHeads names={['session', 'state', 'backend_xid', 'backend_xmin']} />
          <tbody>
            {v.sessions.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  no open transaction
                </td>
              </tr>
            )}
            {v.sessions.map((s) => (
              <tr key={s.name} className={s.holds ? 'holds' : undefined} data-holds={s.holds ? '' : undefined}>
                <th scope="row">
                  {s.holds && (
                    <span aria-label="holds the horizon" title="holds the xmin horizon">
                      ⚑{' '}
                    </span>
                  )}
                  {s.name}
                </th>
                <td>
                  {s.state}
                  {s.isolation === 'repeatable read' ? ' (REPEATABLE READ)' : ''}, since t={s.since}
                </td>
                <td>{s.xid ?? '—'}</td>
                <td>{s.xmin ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <p className={`horizon-line${h.tx ? ' held' : ''}`} data-horizon={h.xmin}>
        <span className="horizon-value">xmin horizon {h.xmin}</span> <span className="horizon-why">{why}</span>
        {h.tx !== null && <span className="horizon-next"> · next xid {h.nextXid}</span>}
      </p>
    </VacuumPanel>
  );
}
