import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { BASE_STEP_MS, type Speed } from '../store';
import { useAppStore } from '../store-context';
import { driveBy, Timeline } from '../Timeline';
import { onTimelineKey } from '../timeline-keys';
import { stepAnimationMs } from '../use-player';
import { CompareSide } from './CompareSide';
import { DiffBar } from './DiffBar';
import { labelOf } from './options';
import { leaveComparison } from './route';
import type { CompareStore } from './session';
import { SIDE_NAMES, sideValues } from './spec';
import './compare.css';

/** A value's words without the option's name ("synchronous_commit = on" → "on"), for the narrow switcher. */
const shortWords = (words: string) => words.replace(/^[^=]* = /, '');

/** Play every side: one step every BASE_STEP_MS / speed, the next once all have landed. */
function usePlay(compare: CompareStore, speed: Speed) {
  const playing = useStore(compare, (s) => s.playing);
  const step = useStore(compare, (s) => s.step);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => void compare.getState().stepBy(1), Number.isFinite(speed) ? BASE_STEP_MS / speed : 0);
    return () => clearTimeout(timer);
  }, [compare, playing, step, speed]);
}

/** The keys of the lab view: arrows step every side, Space plays, Home and End jump. */
function useKeys(compare: CompareStore) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onTimelineKey(e, compare.getState());
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [compare]);
}

/**
 * A comparison: the same scenario two or three times, on the same seed, one option changed. One
 * timeline drives every side; the first step where any two differ is marked on it. Wide screens
 * show the sides side by side (three from 1440 px); narrower ones one at a time, with a switcher.
 */
export default function CompareView({ compare }: { compare: CompareStore }) {
  const store = useAppStore();
  const { spec, sides, step, total, playing, diff, labels } = useStore(compare);
  const [speed, setSpeed] = useState<Speed>(1);
  const [shown, setShown] = useState<string>('A');
  usePlay(compare, speed);
  useKeys(compare);
  if (!spec || !sides) return null;
  const { option, base } = spec;
  const words = sideValues(spec).map((v) => labelOf(option, base, v));
  const names = SIDE_NAMES.slice(0, words.length);
  const duration = stepAnimationMs(speed);
  const differs = diff.status === 'differs' && step >= diff.step;
  /** A side is marked when it is in one of the pairs that differ (with three, one may agree with another). */
  const differsAt = (i: number) => diff.status === 'differs' && diff.pairs.some((p) => p.sides.includes(i));
  const s = compare.getState();
  return (
    <main className="lab compare" aria-labelledby="compare-title" data-sides={sides.length}>
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
        {names.map((side, i) => (
          <button key={side} type="button" aria-pressed={shown === side} onClick={() => setShown(side)}>
            {side}: {shortWords(words[i]!)}
          </button>
        ))}
      </div>
      <div className="compare-grid" data-shown={shown}>
        {sides.map((side, i) => (
          <CompareSide key={i} side={names[i]!} value={words[i]!} store={side} differs={differs && differsAt(i)} duration={duration} />
        ))}
      </div>
      <div className="compare-timeline">
        <DiffBar diff={diff} count={sides.length} step={step} total={total} labels={labels} onSeek={(n) => void s.seek(n)} />
        <Timeline step={step} total={total} playing={playing} speed={speed} labels={labels} {...driveBy(s)} onSpeed={setSpeed} />
      </div>
    </main>
  );
}
