import { useApp } from './store-context';
import type { AppActions, AppState } from './store';

const selectBusy = (s: AppState & AppActions) => s.busy;

/**
 * "Working… step 3": shown while an engine call has taken longer than BUSY_AFTER_MS (a
 * 100,000-node step, a slow link). It names the step the timeline is heading to, which
 * follows arrow presses queued meanwhile. Stop throws the busy engine away; what is on
 * screen stays, and the next step starts a new engine.
 * The status region is always in the page, so screen readers hear it when it fills.
 */
export function BusyIndicator() {
  const busy = useApp(selectBusy);
  const stop = useApp((s) => s.stopWork);
  const text = !busy
    ? ''
    : busy.kind === 'open'
      ? `Working… opening “${busy.title}”${busy.step > 0 ? ` at step ${busy.step}` : ''}`
      : `Working… step ${busy.step}`;
  return (
    <div className={busy ? 'busy busy-on' : 'busy'}>
      <p role="status" aria-label="Engine progress" className="busy-text">
        {busy && <span className="busy-spinner" aria-hidden="true" />}
        {text}
      </p>
      {busy && (
        <button type="button" onClick={stop}>
          Stop
        </button>
      )}
    </div>
  );
}
