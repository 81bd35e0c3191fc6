import { useApp } from './store-context';
import type { AppActions, AppState } from './store';

const selectBusy = (s: AppState & AppActions) => s.busy;
const selectScreen = (s: AppState & AppActions) => s.screen;

/**
 * "Working… step 3": shown while an engine call has taken longer than BUSY_AFTER_MS (a
 * 100,000-node step, a slow link). It names the step the timeline is heading to, which
 * follows arrow presses queued meanwhile. Opening from the gallery can be stopped.
 * The status region is always in the page, so screen readers hear it when it fills.
 */
export function BusyIndicator() {
  const busy = useApp(selectBusy);
  const screen = useApp(selectScreen);
  const cancel = useApp((s) => s.cancelOpen);
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
      {busy?.kind === 'open' && screen === 'gallery' && (
        <button type="button" onClick={cancel}>
          Stop
        </button>
      )}
    </div>
  );
}
