import type { LabEvent } from '../../../engine/labs';
import type { Query, Value } from '../../../engine/replication/types';
import type { View } from '../../../engine/replication/view';
import { formatLsn } from '../../../engine/wal/lsn';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';
import { standbysOf } from './layout';
import { ScrollX } from '../../components/ScrollX';

const show = (v: Value) => (v === null ? 'no row' : typeof v === 'string' ? `'${v}'` : String(v));
/** max_standby_streaming_delay as postgresql.conf would show it. */
const delay = (ms: number) => (ms < 0 ? '-1 (for ever)' : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** What moves it: VACUUM, long reads and their conflicts, feedback, slots, and commits or replay that leave dead versions. */
const HORIZON_TOUCHED_BY = [
  'table.vacuumed',
  'query.*',
  'replay.held',
  'feedback.received',
  'slot.*',
  'standby.configured',
  'txn.committed',
  'txn.released',
  'txn.aborted',
];

/** Dead versions as a row of marks (at most 24 drawn) and their count in words. */
function DeadVersions({ count }: { count: number }) {
  return (
    <span className="dead-versions">
      <span className="dead-marks" aria-hidden="true">
        {Array.from({ length: Math.min(count, 24) }, (_, i) => (
          <span key={i} className="dead-mark" />
        ))}
      </span>
      {count} dead version{count === 1 ? '' : 's'}
    </span>
  );
}

function QueryLine({ q, view }: { q: Query; view: View }) {
  const head = (
    <>
      <strong>{q.session}</strong> on {q.node}: REPEATABLE READ, read {q.key} = {show(q.value)}, snapshot xmin {q.xmin}
    </>
  );
  if (q.status === 'cancelled')
    return (
      <li className="query query-cancelled left-bar" data-session={q.session} data-status="cancelled">
        <span className="query-glyph">✕</span> {head}
        <pre className="query-error">
          {
            'ERROR:  canceling statement due to conflict with recovery\nDETAIL:  User query might have needed to see row versions that must be removed.'
          }
        </pre>
      </li>
    );
  const node = view.nodes.find((n) => n.name === q.node);
  const held = q.status === 'running' && q.conflictSince !== null;
  const until = node && node.maxStandbyDelay >= 0 ? ` (max_standby_streaming_delay ${delay(node.maxStandbyDelay)})` : ' (for ever)';
  return (
    <li className={`query query-${held ? 'conflict' : q.status}`} data-session={q.session} data-status={held ? 'conflict' : q.status}>
      <span className="query-glyph">{q.status === 'ended' ? '✓' : held ? '‖' : '…'}</span> {head} ·{' '}
      {q.status === 'ended' ? 'ended' : held ? `running; replay on ${q.node} waits for it since ${q.conflictSince} ms${until}` : 'running'}
    </li>
  );
}

/** The primary's xmin horizon and what holds it, dead versions per node, long reads, feedback and slots, VACUUM VERBOSE. */
export function HorizonPanel({ view, events }: { view: View; events: readonly LabEvent<'replication'>[] }) {
  const h = view.horizon;
  const last = view.vacuums.at(-1);
  const vacuumedNow = events.some((e) => e.type === 'table.vacuumed');
  return (
    <Panel
      name="horizon"
      title="VACUUM and the xmin horizon"
      className="repl-horizon"
      touchedBy={HORIZON_TOUCHED_BY}
      legend="VACUUM on the primary removes dead row versions older than the xmin horizon; a standby's query, its feedback or a slot can hold that horizon back."
    >
      <p className="horizon-line" data-held-by={h?.heldBy ?? ''}>
        {h === null ? (
          'No primary is up.'
        ) : (
          <>
            xmin horizon on {view.primary}: <strong>{h.xmin}</strong>
            {h.heldBy ? (
              <>
                , held by <strong className="horizon-holder">{h.heldBy}</strong> (next xid {h.nextXid})
              </>
            ) : (
              ', the next xid: nothing holds it back'
            )}
          </>
        )}
      </p>
      <ul className="dead-list">
        {view.nodes.map((n) => (
          <li key={n.name} data-node={n.name} data-dead={n.deadVersions}>
            <span className="dead-node">{n.name}</span> <DeadVersions count={n.deadVersions} />
            {!n.up && <span className="tag tag-down">down</span>}
          </li>
        ))}
      </ul>
      {last && (
        <div className={`vacuum-report left-bar${vacuumedNow ? ' vacuum-now' : ''}`}>
          <p className="vacuum-title">
            {vacuumedNow ? 'This step' : 'Last'}: VACUUM (VERBOSE) on {last.node}
            {last.pruneLsn !== null ? `, Heap2 PRUNE at ${formatLsn(last.pruneLsn)}` : ', no PRUNE logged'}
          </p>
          <pre className="vacuum-verbose">
            {`tuples: ${last.removed} removed, ${last.remain} remain, ${last.deadNotRemovable} are dead but not yet removable\nremovable cutoff: ${last.cutoff}, which was ${last.age} XIDs old when operation ended`}
          </pre>
        </div>
      )}
      {view.queries.length > 0 && (
        <ul className="query-list" aria-label="Long reads">
          {view.queries.map((q) => (
            <QueryLine key={q.session} q={q} view={view} />
          ))}
        </ul>
      )}
      <ul className="feedback-list">
        {standbysOf(view).map((n) => {
          const row = view.replication.find((r) => r.application_name === n.name);
          return (
            <li key={n.name} data-node={n.name}>
              {n.name}: hot_standby_feedback = <code>{n.feedback ? 'on' : 'off'}</code>, max_standby_streaming_delay ={' '}
              <code>{delay(n.maxStandbyDelay)}</code>
              {n.slot ? (
                <>
                  , primary_slot_name = <code>{n.slot}</code>
                </>
              ) : null}
              {row ? `; backend_xmin ${row.backend_xmin ?? 'NULL'}` : ''}
            </li>
          );
        })}
      </ul>
      {view.slots.length > 0 && (
        <ScrollX label="pg_replication_slots">
          <table className="data-table repl-slots">
            <caption>pg_replication_slots</caption>
            <ColumnHeads names={['slot_name', 'active', 'xmin', 'restart_lsn']} />
            <tbody>
              {view.slots.map((s) => {
                const active = view.replication.some(
                  (r) => r.from === s.on && view.nodes.find((n) => n.name === r.application_name)?.slot === s.name,
                );
                return (
                  <tr key={s.name} data-slot={s.name}>
                    <th scope="row">{s.name}</th>
                    <td>{active ? 't' : 'f'}</td>
                    <td>{s.xmin ?? 'NULL'}</td>
                    <td>{formatLsn(s.restartLsn)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollX>
      )}
    </Panel>
  );
}
