import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { BASE_STEP_MS, type Speed } from '../store';
import { useAppStore } from '../store-context';
import { Timeline } from '../Timeline';
import { onTimelineKey } from '../timeline-keys';
import { stepAnimationMs } from '../use-player';
import { CompareSide } from './CompareSide';
import { DiffBar } from './DiffBar';
import { labelOf } from './options';
import { leaveComparison } from './route';
import type { CompareStore } from './session';
import './compare.css';

/** A value's words without the option's name ("synchronous_commit = on" → "on"), for the narrow switcher. */
const shortWords = (words: string) => words.replace(/^[^=]* = /, '');

/** Play both sides: one step every BASE_STEP_MS / speed, the next once both have landed. */
function usePlay(compare: CompareStore, speed: Speed) {
  const playing = useStore(compare, (s) => s.playing);
  const step = useStore(compare, (s) => s.step);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => void compare.getState().stepBy(1), Number.isFinite(speed) ? BASE_STEP_MS / speed : 0);
    return () => clearTimeout(timer);
  }, [compare, playing, step, speed]);
}

/** The keys of the lab view: arrows step both sides, Space plays, Home and End jump. */
function useKeys(compare: CompareStore) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onTimelineKey(e, compare.getState());
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [compare]);
}

/**
 * A comparison: the same scenario twice, on the same seed, one option changed. One timeline
 * drives both sides; the first step where they differ is marked on it. Wide screens show the
 * sides side by side; narrow ones one at a time, with a switcher.
 */
export default function CompareView({ compare }: { compare: CompareStore }) {
  const store = useAppStore();
  const { spec, sides, step, total, playing, diff, labels } = useStore(compare);
  const [speed, setSpeed] = useState<Speed>(1);
  const [shown, setShown] = useState<'A' | 'B'>('A');
  usePlay(compare, speed);
  useKeys(compare);
  if (!spec || !sides) return null;
  const { option, base } = spec;
  const words = [labelOf(option, base, spec.a), labelOf(option, base, spec.b)] as const;
  const duration = stepAnimationMs(speed);
  const differs = diff.status === 'differs' && step >= diff.step;
  const s = compare.getState();
  return (
    <main className="lab compare" aria-labelledby="compare-title">
      <div className="lab-bar">
        <button type="button" className="back" onClick={() => leaveComparison(store, window)}>
          ← Back
        </button>
        <h1 id="compare-title">Compare: {base.title}</h1>
        <p className="compare-what">
          Same steps, same seed ({base.seed}); only <strong>{option.label}</strong> differs. {option.hint}
        </p>
      </div>
      <div className="compare-switch" role="group" aria-label="Side shown">
        {(['A', 'B'] as const).map((side, i) => (
          <button key={side} type="button" aria-pressed={shown === side} onClick={() => setShown(side)}>
            {side}: {shortWords(words[i]!)}
          </button>
        ))}
      </div>
      <div className="compare-grid" data-shown={shown}>
        {sides.map((side, i) => (
          <CompareSide key={i} side={i === 0 ? 'A' : 'B'} value={words[i]!} store={side} differs={differs} duration={duration} />
        ))}
      </div>
      <div className="compare-timeline">
        <DiffBar diff={diff} step={step} total={total} labels={labels} onSeek={(n) => void s.seek(n)} />
        <Timeline
          step={step}
          total={total}
          playing={playing}
          speed={speed}
          labels={labels}
          onSeek={(n) => void s.seek(n)}
          onStep={(d) => void s.stepBy(d)}
          onPlay={s.setPlaying}
          onSpeed={setSpeed}
        />
      </div>
    </main>
  );
}
