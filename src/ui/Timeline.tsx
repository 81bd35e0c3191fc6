import { Icon } from './icons';
import { SPEEDS, type Speed } from './store';
import { SelectField } from './components/SelectField';

export interface TimelineProps {
  step: number;
  total: number;
  playing: boolean;
  speed: Speed;
  /** labels[i] names the action that leads to step i + 1. */
  labels: readonly string[];
  onSeek(step: number): void;
  /** Step back or forward by `delta` (queued while the engine works); without it, a seek. */
  onStep?(delta: number): void;
  onPlay(playing: boolean): void;
  onSpeed(speed: Speed): void;
}

/** Step back, play or pause, step forward: the middle of every timeline (the lab's, the embedded player's). */
export function StepButtons(p: {
  atStart: boolean;
  atEnd: boolean;
  playing: boolean;
  onStep(delta: number): void;
  onPlay(playing: boolean): void;
  /** Nothing to play (a range of one step). */
  still?: boolean;
}) {
  return (
    <>
      <button type="button" onClick={() => p.onStep(-1)} disabled={p.atStart} aria-label="Step back" title="Step back (←)">
        <Icon name="back" />
      </button>
      <button
        type="button"
        className="play"
        onClick={() => p.onPlay(!p.playing)}
        aria-label={p.playing ? 'Pause' : 'Play'}
        aria-pressed={p.playing}
        title="Play or pause (Space)"
        disabled={p.still}
      >
        <Icon name={p.playing ? 'pause' : 'play'} />
      </button>
      <button type="button" onClick={() => p.onStep(1)} disabled={p.atEnd} aria-label="Step forward" title="Step forward (→)">
        <Icon name="forward" />
      </button>
    </>
  );
}

/** A timeline's step, seek and play handlers bound to a store that has them (a lab's, a comparison's). */
export const driveBy = (s: { seek(step: number): unknown; stepBy(delta: number): unknown; setPlaying(playing: boolean): void }) => ({
  onSeek: (n: number) => void s.seek(n),
  onStep: (d: number) => void s.stepBy(d),
  onPlay: s.setPlaying,
});

const SPEED_CHOICES = SPEEDS.map((s) => ({ value: s, label: Number.isFinite(s) ? `${s}×` : 'Max' }));

/** Step, play, scrub and jump: the controls at the bottom of every lab. */
export function Timeline({ step, total, playing, speed, labels, onSeek, onStep, onPlay, onSpeed }: TimelineProps) {
  const by = (delta: number) => (onStep ? onStep(delta) : onSeek(step + delta));
  const atStart = step <= 0;
  const atEnd = step >= total;
  const current = step > 0 ? labels[step - 1] : 'Start';
  return (
    <nav className="timeline" aria-label="Timeline">
      <div className="timeline-buttons">
        <button type="button" onClick={() => onSeek(0)} disabled={atStart} aria-label="Jump to start" title="Jump to start (Home)">
          <Icon name="start" />
        </button>
        <StepButtons atStart={atStart} atEnd={atEnd} playing={playing} onStep={by} onPlay={onPlay} />
        <button type="button" onClick={() => onSeek(total)} disabled={atEnd} aria-label="Jump to end" title="Jump to end (End)">
          <Icon name="end" />
        </button>
      </div>
      <div className="timeline-track">
        <input
          type="range"
          min={0}
          max={total}
          step={1}
          value={step}
          onChange={(e) => onSeek(Number(e.currentTarget.value))}
          aria-label="Scrub to step"
          aria-valuetext={`Step ${step} of ${total}: ${current}`}
        />
        {total <= 200 && (
          <ol className="ticks" aria-hidden="true">
            {labels.map((l, i) => (
              <li key={i} className={i < step ? 'tick done' : 'tick'} title={l} />
            ))}
          </ol>
        )}
      </div>
      <output className="timeline-position" aria-live="polite">
        Step <strong>{step}</strong> / {total}
      </output>
      <SelectField className="speed" label="Speed" value={speed} choices={SPEED_CHOICES} onChange={onSpeed} />
    </nav>
  );
}
