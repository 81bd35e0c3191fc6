import type { ReactNode } from 'react';
import type { ReplicationRow, View } from '../../../engine/replication/view';
import { formatLsn } from '../../../engine/wal/lsn';
import { Panel } from '../../components/Panel';
import { standbysOf } from './layout';
import { ScrollX } from '../../components/ScrollX';

/** An interval as psql prints one: 80 ms → 00:00:00.08. NULL when nothing was measured. */
export function lag(ms: number | null): string {
  if (ms === null) return 'NULL';
  const two = (n: number) => String(n).padStart(2, '0');
  const s = Math.floor(ms / 1000);
  const frac = String(ms % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}${frac ? `.${frac}` : ''}`;
}

const FIELDS: readonly (readonly [string, (r: ReplicationRow) => ReactNode])[] = [
  [
    'state',
    (r) => (
      <>
        {r.state}
        {r.linkCut && <span className="tag tag-stale">link cut</span>}
      </>
    ),
  ],
  ['sent_lsn', (r) => formatLsn(r.sent_lsn)],
  ['write_lsn', (r) => formatLsn(r.write_lsn)],
  ['flush_lsn', (r) => formatLsn(r.flush_lsn)],
  ['replay_lsn', (r) => formatLsn(r.replay_lsn)],
  ['write_lag', (r) => lag(r.write_lag)],
  ['flush_lag', (r) => lag(r.flush_lag)],
  ['replay_lag', (r) => lag(r.replay_lag)],
  ['backend_xmin', (r) => (r.backend_xmin === null ? 'NULL' : String(r.backend_xmin))],
  ['sync_priority', (r) => String(r.sync_priority)],
  ['sync_state', (r) => r.sync_state],
];

/** The standby-side functions, on each standby: what it has received and replayed. */
function StandbyFunctions({ view }: { view: View }) {
  const standbys = standbysOf(view);
  if (standbys.length === 0) return null;
  return (
    <ul className="standby-fns">
      {standbys.map((n) => (
        <li key={n.name}>
          on {n.name}:{' '}
          {n.up ? (
            <>
              <code>pg_last_wal_receive_lsn()</code> = {formatLsn(n.flushLsn)}, <code>pg_last_wal_replay_lsn()</code> ={' '}
              {formatLsn(n.replayLsn)}
            </>
          ) : (
            'down'
          )}
        </li>
      ))}
    </ul>
  );
}

/** What moves its columns: replies and standby progress, links, settings, nodes. */
const STAT_TOUCHED_BY = ['msg.delivered', 'standby.*', 'link.*', 'config.reloaded', 'node.*', 'feedback.received'];

/** pg_stat_replication on the primary, and the standby-side functions. */
export function StatReplicationPanel({ view }: { view: View }) {
  return (
    <Panel
      name="stat-replication"
      title="pg_stat_replication"
      className="repl-stat"
      optional
      touchedBy={STAT_TOUCHED_BY}
      legend={
        <>
          On {view.primary ?? 'the primary (none is up)'}, as psql's expanded display (\x): one column per walsender. synchronous_commit ={' '}
          <code>{view.settings.synchronous_commit}</code>, synchronous_standby_names ={' '}
          <code>
            '{view.settings.synchronous_standby_names.length ? `FIRST 1 (${view.settings.synchronous_standby_names.join(', ')})` : ''}'
          </code>
          .
        </>
      }
    >
      {view.replication.length === 0 ? (
        <p className="empty">(0 rows)</p>
      ) : (
        <ScrollX label="pg_stat_replication rows">
          <table className="data-table repl-stat-table">
            <caption className="visually-hidden">pg_stat_replication, expanded display: one column per walsender</caption>
            <thead>
              <tr>
                <th scope="col">column</th>
                {view.replication.map((r) => (
                  <th key={r.application_name} scope="col" data-standby={r.application_name}>
                    {r.application_name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FIELDS.map(([name, cell]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {view.replication.map((r) => (
                    <td key={r.application_name} className={name === 'sync_state' ? `sync-${r.sync_state}` : undefined}>
                      {cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      <StandbyFunctions view={view} />
    </Panel>
  );
}
