import type { SimView } from '../../../engine/pool/view';
import { fmtCount, fmtMs } from './format';

/** The pool's FIFO queue of waiting requests, oldest first, each with how long it has waited. */
export function Queue({ sim, timeoutMs }: { sim: SimView; timeoutMs: number }) {
  const more = sim.waiting - sim.queue.length;
  return (
    <div className="pool-queue">
      <h3>
        Waiting queue <span className="muted">({fmtCount(sim.waiting)} waiting)</span>
      </h3>
      {sim.waiting === 0 ? (
        <p className="note">Nobody waits: a request gets an idle client or a new one at once.</p>
      ) : (
        <ol className="queue-list" aria-label={`${sim.waiting} requests waiting for a client, oldest first`}>
          {sim.queue.map((q) => (
            <li key={q.req} className={timeoutMs > 0 && q.waitedMs > timeoutMs * 0.75 ? 'queue-item near-timeout' : 'queue-item'}>
              <span className="queue-req">r{q.req}</span>
              <span className="queue-wait">{fmtMs(q.waitedMs)}</span>
              {timeoutMs > 0 && (
                <span className="queue-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, (100 * q.waitedMs) / timeoutMs)}%` }} />
                </span>
              )}
            </li>
          ))}
          {more > 0 && <li className="queue-more">+{fmtCount(more)} more</li>}
        </ol>
      )}
      <p className="note">
        {timeoutMs > 0
          ? `connectionTimeoutMillis ${fmtCount(timeoutMs)}: a waiter older than that is rejected.`
          : 'connectionTimeoutMillis 0: waiters wait for ever.'}
      </p>
    </div>
  );
}
