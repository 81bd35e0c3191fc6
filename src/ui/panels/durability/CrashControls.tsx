import type { LabFrame } from '../../../worker/protocol';
import { selectScenario } from '../../selectors';
import { useApp, useAppStore } from '../../store-context';

type Kind = 'crash' | 'recover';

/**
 * Crash and restart, one click away. When the scenario's next step already is that action the
 * button just steps forward; otherwise it forks (the same as "Fork from here"), keeping the
 * original line as a branch.
 */
export function CrashControls({ frame, phase }: { frame: LabFrame<'durability'>; phase: 'running' | 'crashed' | 'failed' }) {
  const store = useAppStore();
  const scenario = useApp(selectScenario);
  const want: Kind | null = phase === 'running' ? 'crash' : phase === 'crashed' ? 'recover' : null;
  const suggestion = frame.suggestions.find((s) => s.action.type === want);
  if (!want || !suggestion) return null;
  const scripted = scenario?.steps[frame.step]?.do.type === want;
  const run = () => {
    const s = store.getState();
    if (scripted) void s.seek(frame.step + 1);
    else void s.fork(suggestion.action, suggestion.label);
  };
  return (
    <div className={`crash-controls crash-controls-${want}`}>
      <button type="button" className={want === 'crash' ? 'crash-button' : 'recover-button'} onClick={run}>
        <span aria-hidden="true">{want === 'crash' ? '⚡ ' : '↻ '}</span>
        {want === 'crash' ? 'Pull the plug here' : 'Restart the server (crash recovery)'}
      </button>
      <span className="crash-hint">
        {want === 'crash'
          ? scripted
            ? 'the scenario crashes next'
            : 'forks: what if the power failed now?'
          : scripted
            ? 'the scenario restarts next'
            : 'forks: replay the WAL from pg_control’s REDO point'}
      </span>
    </div>
  );
}
