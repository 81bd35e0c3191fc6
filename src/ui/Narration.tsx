import { refusalIn } from '../engine/core/lab';
import type { FrameMsg } from '../worker/protocol';

/** The story of the current step: what ran, what the narrator says, and at the end whether the outcome was reached. */
export function Narration({ frame, label }: { frame: FrameMsg; label: string }) {
  const refusal = refusalIn(frame.events);
  return (
    <section className="narration panel" aria-labelledby="narration-title" aria-live="polite">
      <h2 id="narration-title">
        Step {frame.step} of {frame.total}
      </h2>
      <p className="narration-action">
        <code>{label}</code>
      </p>
      <p className="narration-text">{frame.narration}</p>
      {refusal !== null && (
        <p className="narration-error" role="status">
          <span aria-hidden="true">⚠ </span>
          {refusal}
        </p>
      )}
      {frame.outcome && (
        <div className={frame.outcome.ok ? 'outcome outcome-ok' : 'outcome outcome-bad'}>
          <strong>
            <span aria-hidden="true">{frame.outcome.ok ? '✓ ' : '✗ '}</span>
            {frame.outcome.ok ? 'Expected outcome reached' : 'Outcome differs from what this scenario expects'}
          </strong>
          {frame.outcome.failures.length > 0 && (
            <ul>
              {frame.outcome.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
