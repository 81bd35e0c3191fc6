import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { encodeHash } from '../share/codec';
import { Narration } from '../ui/Narration';
import { LabPanels } from '../ui/panels/registry';
import { selectFrame, selectLabels } from '../ui/selectors';
import { useApp, useAppStore } from '../ui/store-context';
import { onTimelineKey } from '../ui/timeline-keys';
import { stepAnimationMs } from '../ui/use-player';
import { EmbedTimeline } from './EmbedTimeline';
import type { EmbedTarget } from './embed-link';
import { frameNotice, type HostCommand } from './messages';
import { clampToRange } from './range';
import { useHostMessages } from './use-host-messages';
import { useRangePlayer } from './use-range-player';

/**
 * The compact player: one scenario's panels, its narration and a timeline limited to
 * `from..to`. Driven by its own controls, the keyboard, and the host page's postMessage
 * commands; after every step it tells the host where it is.
 */
export function EmbedPlayer({ target }: { target: EmbedTarget }) {
  const store = useAppStore();
  const frame = useApp(selectFrame);
  const labels = useApp(selectLabels);
  const engine = useApp((s) => s.engine);
  const engineError = useApp((s) => s.engineError);
  const banner = useApp((s) => s.banner);
  const { scenario, from, to } = target;
  const range = useMemo(() => ({ from, to }), [from, to]);
  const [playing, setPlaying] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const stop = useCallback(() => setPlaying(false), []);
  useRangePlayer(playing, range, stop);

  useEffect(() => {
    void store.getState().open(scenario, from);
  }, [store, scenario, from]);

  const seek = useCallback((step: number) => void store.getState().seek(clampToRange(step, range)), [store, range]);

  const onCommand = (command: HostCommand) => {
    setNote(null);
    if (command.type === 'walkthrough:play') setPlaying(true);
    else if (command.type === 'walkthrough:pause') setPlaying(false);
    else {
      const step = clampToRange(command.step, range);
      if (step !== command.step) setNote(`Step ${command.step} is outside this player’s steps ${from}–${to}, so it shows step ${step}.`);
      seek(step);
    }
  };
  useHostMessages({
    onCommand,
    onBadSeek: (shown) => setNote(`A seek asked for step ${shown}, which is not a step number; the player stays where it is.`),
  });

  // The host hears of every step shown (and of the first one once it has loaded).
  const step = frame?.step;
  const total = frame?.total;
  useEffect(() => {
    if (step === undefined || total === undefined || window.parent === window) return;
    window.parent.postMessage(frameNotice(step, total, from, to), '*');
  }, [step, total, from, to]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const at = store.getState().frame?.step;
      if (at === undefined) return;
      // Home and End land on the range's ends: seek clamps to it.
      onTimelineKey(e, { playing, setPlaying, stepBy: (d) => seek(at + d), seek, total: to });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, seek, to, playing]);

  if (engine === 'failed')
    return (
      <div className="embed-message" role="alert">
        <strong>The engine stopped</strong>
        <p>{engineError}</p>
        <button type="button" onClick={() => void store.getState().restartEngine()}>
          Try again
        </button>
      </div>
    );
  if (banner) return <EmbedMessage title={banner.title} message={banner.message} />;
  if (!frame || frame.step < from || frame.step > to) return <p className="loading">Loading the player…</p>;
  const duration = stepAnimationMs(1);

  return (
    <main className="lab embed" aria-labelledby="embed-title">
      <div className="lab-bar embed-bar">
        <h1 id="embed-title">{scenario.title}</h1>
        <a className="embed-open" href={`./${encodeHash(scenario, frame.step)}`} target="_blank" rel="noopener">
          Open in WALkthrough
        </a>
      </div>
      {note && (
        <p className="embed-note" role="status">
          <span>{note}</span>
          <button type="button" className="icon-button" onClick={() => setNote(null)} aria-label="Dismiss message">
            ×
          </button>
        </p>
      )}
      <div className="lab-grid">
        <div className="lab-panels">
          <Suspense fallback={<p className="loading">Loading the panels…</p>}>
            <LabPanels frame={frame} duration={duration} essentials />
          </Suspense>
        </div>
        <aside className="lab-side">
          <Narration frame={frame} label={frame.step > 0 ? (labels[frame.step - 1] ?? '') : 'Start'} goal={scenario.goal} />
        </aside>
      </div>
      <EmbedTimeline step={frame.step} range={range} playing={playing} labels={labels} onSeek={seek} onPlay={setPlaying} />
    </main>
  );
}

/** A problem the player cannot get past (a broken link, a range that is not one), said inside the frame. */
export function EmbedMessage({ title, message }: { title: string; message: string }) {
  return (
    <div className="embed-message" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      <p>
        <a href="./" target="_blank" rel="noopener">
          Open WALkthrough
        </a>{' '}
        to pick a scenario.
      </p>
    </div>
  );
}
