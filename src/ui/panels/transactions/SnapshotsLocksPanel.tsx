import type { View } from '../../../engine/transactions/view';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';

/** Snapshots taken, transactions begun and ended, xids assigned, locks taken and awaited, SSI's conflicts. */
const SNAPSHOT_LOCK_EVENTS = [
  'snapshot.taken',
  'txn.*',
  'xid.assigned',
  'lock.*',
  'step.blocked',
  'deadlock.detected',
  'rwConflict.flagged',
] as const;

const ISO: Record<string, string> = {
  'read uncommitted': 'READ UNCOMMITTED',
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
};

const STATUS_GLYPH: Record<string, string> = { idle: '○', 'in transaction': '●', failed: '✗', waiting: '‖' };

type Session = View['sessions'][number];

/** One session: its status, isolation level, xids, savepoints, snapshot and what it waits for. */
function SessionBadge({ s, holderOf }: { s: Session; holderOf: (xid: number) => string }) {
  return (
    <li className={`txn-badge st-${s.status.replace(' ', '-')}`}>
      <div className="badge-head">
        <strong>{s.name}</strong>{' '}
        <span className="status">
          <span aria-hidden="true">{STATUS_GLYPH[s.status]} </span>
          {s.status}
        </span>
      </div>
      <div className="badge-line">
        {ISO[s.iso] ?? s.iso}
        {s.vxid !== null && <> · vxid {s.vxid}</>}
        {s.xid ? <> · xid {s.xid}</> : s.vxid !== null ? <> · no xid yet</> : null}
      </div>
      {s.savepoints.length > 0 && (
        <div className="badge-line">
          savepoint{s.savepoints.length > 1 ? 's' : ''}{' '}
          {s.savepoints.map((x) => `${x.name} (${x.xid ? `subxact xid ${x.xid}` : 'no xid yet'})`).join(' › ')}
        </div>
      )}
      <div className="badge-line mono">
        {s.snapshot ? (
          <>
            snapshot {s.snapshot.xmin}:{s.snapshot.xmax}:[{s.snapshot.xip.join(',')}]
          </>
        ) : (
          'no snapshot'
        )}
      </div>
      {s.waitingFor > 0 && (
        <div className="badge-line wait-note">
          waiting for {holderOf(s.waitingFor)} (xid {s.waitingFor})
        </div>
      )}
      {s.waitLabel && <div className="badge-line wait-note">waiting for {s.waitLabel}</div>}
    </li>
  );
}

/** pg_locks' row locks: held, or awaited with the holder named. */
function LocksTable({ locks, holderOf }: { locks: View['locks']; holderOf: (xid: number) => string }) {
  if (locks.length === 0) return <p className="empty-note">No locks held or awaited.</p>;
  return (
    <div className="txn-heap-wrap">
      <table className="txn-locks">
        <caption>Locks</caption>
        <ColumnHeads names={['session', 'xid', 'tuple', 'mode', 'granted']} />
        <tbody>
          {locks.map((l, i) => (
            <tr key={i} className={l.granted ? 'granted' : 'awaited'}>
              <th scope="row">{l.session}</th>
              <td className="mono">{l.xid || '—'}</td>
              <td className="mono">
                {l.table} {l.ctid}
              </td>
              <td>{l.mode}</td>
              <td>
                {l.granted ? (
                  <>
                    <span aria-hidden="true">● </span>held
                  </>
                ) : (
                  <span className="wait-note">
                    <span aria-hidden="true">‖ </span>waits for {l.holder ?? holderOf(l.waitsFor)}
                    {l.waitsFor > 0 && <> (xid {l.waitsFor})</>}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each session's transaction and snapshot (pg_stat_activity and SnapshotData), then pg_locks' row locks. */
export function SnapshotsLocksPanel({ view }: { view: View }) {
  const holderOf = (xid: number) =>
    view.locks.find((l) => l.granted && l.xid === xid)?.session ??
    view.sessions.find((s) => s.xid === xid || s.subxids.includes(xid))?.name ??
    '?';
  return (
    <Panel
      name="snapshots-locks"
      title="Snapshots and locks (pg_locks)"
      className="txn-snapshots"
      touchedBy={SNAPSHOT_LOCK_EVENTS}
      legend="Snapshot xmin:xmax:[in progress]: xids below xmin are finished, from xmax on not yet started, the list is in progress · locks held (granted) and awaited."
    >
      <ul className="txn-badges">
        {view.sessions.map((s) => (
          <SessionBadge key={s.name} s={s} holderOf={holderOf} />
        ))}
      </ul>
      <LocksTable locks={view.locks} holderOf={holderOf} />
      {view.rwConflicts.length > 0 && (
        <div className="txn-rw">
          <h3>SSI rw-conflicts (reader → writer)</h3>
          <ul>
            {view.rwConflicts.map((c, i) => (
              <li key={i}>
                {c.reader} → {c.writer}
                {c.doomed ? ' (writer doomed)' : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}
