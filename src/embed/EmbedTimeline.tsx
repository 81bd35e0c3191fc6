import { StepButtons } from '../ui/Timeline';
import type { StepRange } from './range';

export interface EmbedTimelineProps {
  readonly step: number;
  readonly range: StepRange;
  readonly playing: boolean;
  /** labels[i] names the action that leads to step i + 1. */
  readonly labels: readonly string[];
  onSeek(step: number): void;
  onPlay(playing: boolean): void;
}

/** The player's timeline: step, play and scrub within its range only. */
export function EmbedTimeline({ step, range, playing, labels, onSeek, onPlay }: EmbedTimelineProps) {
  const { from, to } = range;
  const atStart = step <= from;
  const atEnd = step >= to;
  const current = step > 0 ? labels[step - 1] : 'Start';
  return (
    <nav className="timeline embed-timeline" aria-label="Timeline">
      <div className="timeline-buttons">
        <StepButtons
          atStart={atStart}
          atEnd={atEnd}
          playing={playing}
          onStep={(d) => onSeek(step + d)}
          onPlay={onPlay}
          still={from === to}
        />
      </div>
      <div className="timeline-track">
        <input
          type="range"
          min={from}
          max={to}
          step={1}
          value={step}
          disabled={from === to}
          onChange={(e) => onSeek(Number(e.currentTarget.value))}
          aria-label="Scrub to step"
          aria-valuetext={`Step ${step} (steps ${from} to ${to}): ${current}`}
        />
      </div>
      <output className="timeline-position" aria-live="polite">
        Step <strong>{step}</strong> <span className="embed-range">({from === to ? `only step ${from}` : `steps ${from}–${to}`})</span>
      </output>
    </nav>
  );
}
