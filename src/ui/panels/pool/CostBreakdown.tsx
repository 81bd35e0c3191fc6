import type { PoolView } from '../../../engine/pool/view';
import { fmtMs } from './format';
import { StackedTrack } from './StackedTrack';

/**
 * What one new connection costs, part by part, on the scale of the whole: the TCP handshake,
 * startup and authentication round trips, and the backend the postmaster forks; beside it,
 * what a query on an open connection adds (one round trip and the query itself).
 */
export function CostBreakdown({ view }: { view: PoolView }) {
  const parts = [
    { key: 'handshake', ms: view.rttMs, word: 'TCP handshake' },
    {
      key: 'auth',
      ms: view.rttMs * view.authRoundTrips,
      word: `startup and authentication (${view.authRoundTrips} round trip${view.authRoundTrips === 1 ? '' : 's'})`,
    },
    { key: 'fork', ms: view.backendStartMs, word: 'backend fork and initialisation' },
  ];
  const total = view.connectMs;
  const text = `A new connection costs ${fmtMs(total)}: ${parts.map((p) => `${p.word} ${fmtMs(p.ms)}`).join(', ')}. A query on an open connection adds one round trip (${fmtMs(view.rttMs)}) to its own time.`;
  return (
    <div className="cost-breakdown">
      <div className="cost-head">
        <span>A new connection</span>
        <strong>{fmtMs(total)}</strong>
      </div>
      <StackedTrack
        className="cost-track"
        label={text}
        scale={Math.max(total, 1e-9)}
        segments={parts.map((p) => ({ key: p.key, value: p.ms, className: `cost-part cost-${p.key}`, title: `${p.word}: ${fmtMs(p.ms)}` }))}
      />
      <p className="cost-parts">
        {parts.map((p) => (
          <span key={p.key} className={`cost-key cost-key-${p.key}`}>
            <i aria-hidden="true" /> {p.word} {fmtMs(p.ms)}
          </span>
        ))}
        <span className="cost-key">· a query on an open connection: one round trip ({fmtMs(view.rttMs)}) plus the query</span>
      </p>
    </div>
  );
}
