import type { ReactNode } from 'react';
import type { LabEvent } from '../../../engine/labs';
import type { TxnView, View } from '../../../engine/replication/view';
import { formatLsn } from '../../../engine/wal/lsn';
import { Panel } from '../../components/Panel';

function statusText(t: TxnView): string {
  if (t.lost) return 'LOST in failover: acknowledged, then gone';
  switch (t.status) {
    case 'active':
      return 'open';
    case 'waiting':
      return 'waiting for synchronous replication';
    case 'committed':
      if (!t.acked) return 'committed, but its client only saw the connection drop during the wait';
      return t.warning ? 'committed (wait cancelled: WARNING)' : 'committed, acknowledged';
    case 'aborted':
      return 'rolled back';
    case 'unknown':
      return 'connection lost during the wait: committed locally, client never told';
  }
}

const GLYPH: Record<string, ReactNode> = {
  active: '…',
  // An hourglass drawn, not a font glyph: it must not depend on an emoji font.
  waiting: (
    <svg width="11" height="13" viewBox="0 0 11 13" className="hourglass">
      <path d="M1 1h9M1 12h9M2 1c0 4 7 4 7 5.5S2 8 2 12M9 1c0 4-7 4-7 5.5S9 8 9 12" />
    </svg>
  ),
  committed: '✓',
  aborted: '✕',
  unknown: '?',
  lost: '✕',
};

/** Every transaction, with the synchronous_commit level of its commit and what its client was told. */
export function CommitsPanel({ view, events }: { view: View; events: readonly LabEvent<'replication'>[] }) {
  const touched = new Set(events.flatMap((e) => ('tx' in e && typeof e.tx === 'string' ? [e.tx] : [])));
  return (
    <Panel
      name="commits"
      title="Transactions and their commits"
      className="repl-commits"
      // A transaction's own events, its writes (an open transaction appears), and a promotion that loses or recovers commits.
      touchedBy={['txn.*', 'wal.inserted', 'node.promoted']}
      legend="A synchronous commit is flushed locally, then waits in SyncRepWaitForLSN: invisible to other sessions until a standby confirms."
      empty={view.txns.length === 0 && 'No transaction yet.'}
    >
      <ul className="txn-list">
        {view.txns.map((t) => {
          const kind = t.lost ? 'lost' : t.status;
          return (
            <li key={t.name} className={`txn txn-${kind}${touched.has(t.name) ? ' txn-touched' : ''}`} data-tx={t.name} data-status={kind}>
              <span className="txn-glyph" aria-hidden="true">
                {GLYPH[kind]}
              </span>
              <strong>{t.name}</strong>{' '}
              <span className="muted">
                xid {t.xid} on {t.node}
              </span>
              <span className="txn-status">{statusText(t)}</span>
              {t.commitLsn !== null && (
                <span className="muted txn-detail">
                  commit at {formatLsn(t.commitLsn)} on timeline {t.commitTli}
                  {t.level ? `, synchronous_commit = ${t.level}` : ''}
                  {t.status === 'waiting' && t.commitEnd !== null ? `; waits for ${formatLsn(t.commitEnd)}` : ''}
                </span>
              )}
              {t.warning && <span className="txn-warning">WARNING: {t.warning}</span>}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
