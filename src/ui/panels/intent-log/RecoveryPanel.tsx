import type { View } from '../../../engine/intent-log/types';

const STATUS_TEXT = { active: 'in flight', committed: 'committed', aborted: 'rolled back', lost: 'lost in crash' } as const;
const STATUS_GLYPH = { active: '…', committed: '✓', aborted: '✗', lost: '✗' } as const;

/** Crash and restart: the server's state, each transaction's fate, and what recovery decided. */
export function RecoveryPanel({ view }: { view: View }) {
  const txns = Object.entries(view.txns);
  const r = view.recovery;
  return (
    <section className="panel recovery-panel" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Crash and recovery</h2>
      <p className="legend">Recovery keeps transactions with a COMMIT record and undoes the rest from before images.</p>
      <p className={`server server-${view.phase}`}>
        <span aria-hidden="true">{view.phase === 'crashed' ? '⚡' : '●'}</span>{' '}
        {view.phase === 'crashed' ? 'Server down: crashed' : r ? 'Server up: recovered' : 'Server up'}
      </p>
      {txns.length > 0 && (
        <ul className="txns" aria-label="Transactions">
          {txns.map(([tx, status]) => (
            <li key={tx} className={`txn txn-${status}`}>
              <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {tx}: {STATUS_TEXT[status]}
            </li>
          ))}
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
    </section>
  );
}
