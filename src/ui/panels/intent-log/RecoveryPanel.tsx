import type { TxnId, TxnStatus, View } from '../../../engine/intent-log/types';
import { Panel } from '../../components/Panel';
import { ServerStatus } from '../../components/ServerStatus';

/** A transaction's look: one the crash cut off is `cut` (undecided) until recovery undoes it. */
const GLYPH = { active: '…', committed: '✓', aborted: '✗', lost: '✗', cut: '⚡' } as const;

/** What this panel draws: each transaction's fate, the crash, recovery's verdict. */
const RECOVERY_EVENTS = ['txn.*', 'node.crashed', 'recovery.*'];

/**
 * A transaction's state in words. One the crash cut off keeps its changes on disk until
 * recovery reads the log: only then is it undone, so the words wait for recovery too.
 */
function statusText(view: View, tx: TxnId, status: TxnStatus): string {
  switch (status) {
    case 'active':
      return 'in flight';
    case 'committed':
      return 'committed';
    case 'aborted':
      return 'rolled back';
    case 'lost':
      return view.recovery?.rolledBack.includes(tx) ? 'no COMMIT record: undone by recovery' : 'cut off by the crash, no COMMIT record';
  }
}

/** Crash and restart: the server's state, each transaction's fate, and what recovery decided. */
export function RecoveryPanel({ view }: { view: View }) {
  const txns = Object.entries(view.txns);
  const r = view.recovery;
  return (
    <Panel
      name="recovery"
      title="Crash and recovery"
      className="recovery-panel"
      touchedBy={RECOVERY_EVENTS}
      legend="Recovery keeps transactions with a COMMIT record and undoes the rest from before images."
    >
      <ServerStatus phase={view.phase} detail={view.phase === 'running' && r ? 'recovered' : undefined} />
      {txns.length > 0 && (
        <ul className="txns" aria-label="Transactions">
          {txns.map(([tx, status]) => {
            const look = status === 'lost' && !r?.rolledBack.includes(tx) ? 'cut' : status;
            return (
              <li key={tx} className={`txn txn-${look}`}>
                <span aria-hidden="true">{GLYPH[look]}</span> {tx}: {statusText(view, tx, status)}
              </li>
            );
          })}
        </ul>
      )}
      {r && (
        <div className="verdict-box" aria-label="Recovery verdict">
          <p>
            <strong>Kept</strong> (COMMIT record found): {r.committed.length ? r.committed.join(', ') : 'none'}
          </p>
          <p>
            <strong>Undone</strong> (no COMMIT record): {r.rolledBack.length ? r.rolledBack.join(', ') : 'none'}
          </p>
          {r.undone.length > 0 && (
            <p className="undone">Restored from before images: {r.undone.map((u) => `${u.table} "${u.key}"`).join(', ')}</p>
          )}
        </div>
      )}
    </Panel>
  );
}
