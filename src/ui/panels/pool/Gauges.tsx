import type { SimView } from '../../../engine/pool/view';
import { fmtCount } from './format';
import { StackedTrack } from './StackedTrack';

/** A labelled horizontal bar: parts of a whole against a limit. */
function Bar({
  label,
  parts,
  limit,
  limitLabel,
}: {
  label: string;
  parts: { key: string; n: number; word: string }[];
  limit: number;
  limitLabel: string;
}) {
  const total = parts.reduce((s, p) => s + p.n, 0);
  const scale = Math.max(limit, total, 1);
  const text = `${label}: ${fmtCount(total)} of ${limitLabel} ${fmtCount(limit)}${
    total > 0
      ? ` (${parts
          .filter((p) => p.n > 0)
          .map((p) => `${fmtCount(p.n)} ${p.word}`)
          .join(', ')})`
      : ''
  }`;
  return (
    <div className="gauge">
      <div className="gauge-head">
        <span>{label}</span>
        <strong>
          {fmtCount(total)} / {fmtCount(limit)}
        </strong>
      </div>
      <StackedTrack
        className="gauge-track"
        label={text}
        scale={scale}
        segments={parts.map((p) => ({
          key: p.key,
          value: p.n,
          className: `gauge-part part-${p.key}`,
          title: `${fmtCount(p.n)} ${p.word}`,
        }))}
      />
      <div className="gauge-parts">
        {parts
          .filter((p) => p.n > 0)
          .map((p) => (
            <span key={p.key} className={`gauge-key key-${p.key}`}>
              <i aria-hidden="true" /> {fmtCount(p.n)} {p.word}
            </span>
          ))}
        {total === 0 && <span className="muted">none</span>}
      </div>
    </div>
  );
}

/** The pool's clients against max, and the server's backends against max_connections. */
export function Gauges({ sim }: { sim: SimView }) {
  return (
    <div className="gauges">
      {sim.pooled && (
        <Bar
          label="Pool clients"
          limit={sim.max}
          limitLabel="max"
          parts={[
            { key: 'busy', n: sim.busy, word: 'busy' },
            { key: 'idle', n: sim.idle, word: 'idle' },
            { key: 'connecting', n: sim.connecting, word: 'connecting' },
            { key: 'leaked', n: sim.leaked, word: 'never released' },
          ]}
        />
      )}
      <Bar
        label="Server backends"
        limit={sim.maxConnections}
        limitLabel="max_connections"
        parts={[{ key: 'backend', n: sim.backends, word: 'backends' }]}
      />
    </div>
  );
}
