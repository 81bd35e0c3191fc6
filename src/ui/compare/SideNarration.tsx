import { StepWords } from '../Narration';
import type { FrameMsg } from '../../worker/protocol';

/** One side's words for the step: what ran, what happened, and at the end its outcome check. */
export function SideNarration({ frame, label, side }: { frame: FrameMsg; label: string; side: string }) {
  const outcome = frame.outcome;
  return (
    <div className="compare-narration" aria-live="polite" aria-label={`Side ${side}: what happened`}>
      <StepWords frame={frame} label={label} />
      {outcome && (
        <div className={outcome.ok ? 'compare-outcome ok' : 'compare-outcome bad'}>
          <strong>{outcome.ok ? '✓ The preset’s expected outcome holds' : '✗ Not the preset’s expected outcome'}</strong>
          {outcome.failures.length > 0 && (
            <ul>
              {outcome.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
