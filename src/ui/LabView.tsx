import { Suspense, useEffect, useState } from 'react';
import { CompareButton } from './compare/CompareButton';
import { CourseBar } from './courses/CourseBar';
import { EngineFailureView } from './EngineFailureView';
import { ForkMenu } from './ForkMenu';
import { HelpOverlay } from './HelpOverlay';
import { Narration } from './Narration';
import { LabPanels } from './panels/registry';
import { selectBranches, selectBranchId, selectFrame, selectLabels, selectPlaying, selectScenario, selectSpeed } from './selectors';
import { ShareBar } from './ShareBar';
import { useApp, useAppStore } from './store-context';
import { driveBy, Timeline } from './Timeline';
import { onTimelineKey } from './timeline-keys';
import { stepAnimationMs, usePlayer } from './use-player';
import { usePresenter, ViewSwitches } from './presenter';
import { Questions } from './questions/Questions';
import { backToGallery } from './url-sync';
import { SelectField } from './components/SelectField';

/** A lab: its panels, the narration, the timeline and the sharing controls. */
export default function LabView() {
  const store = useAppStore();
  const scenario = useApp(selectScenario);
  const frame = useApp(selectFrame);
  const labels = useApp(selectLabels);
  const playing = useApp(selectPlaying);
  const speed = useApp(selectSpeed);
  const branches = useApp(selectBranches);
  const branchId = useApp(selectBranchId);
  const essentials = useApp((st) => st.essentials);
  const [help, setHelp] = useState(false);
  usePlayer();
  usePresenter();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '?') {
        setHelp((h) => !h);
        return;
      }
      if (help) return;
      const s = store.getState();
      const f = s.frame;
      if (!f) return;
      onTimelineKey(e, { ...s, total: f.total });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, help]);

  if (!scenario || !frame) return <p className="loading">Loading the lab…</p>;
  const duration = stepAnimationMs(speed);
  const s = store.getState();

  return (
    <main className="lab" aria-labelledby="lab-title">
      <div className="lab-bar">
        <button type="button" className="back" onClick={() => backToGallery(store, window)}>
          ← Gallery
        </button>
        <h1 id="lab-title">{scenario.title}</h1>
        {branches.length > 1 && (
          <SelectField
            className="branch"
            label="Branch"
            value={branchId}
            choices={branches.map((b) => ({ value: b.id, label: b.label }))}
            onChange={(id) => void s.switchBranch(id)}
          />
        )}
        <ViewSwitches />
        <CompareButton />
        <ShareBar onHelp={() => setHelp(true)} />
      </div>
      <CourseBar />
      <EngineFailureView />
      <div className="lab-grid">
        <div className="lab-panels">
          <Suspense fallback={<p className="loading">Loading the panels…</p>}>
            <LabPanels frame={frame} duration={duration} essentials={essentials} focus={scenario.focus} />
          </Suspense>
        </div>
        <aside className="lab-side">
          <Narration frame={frame} label={frame.step > 0 ? (labels[frame.step - 1] ?? '') : 'Start'} goal={scenario.goal}>
            <Questions />
          </Narration>
          <ForkMenu
            suggestions={frame.suggestions}
            atEnd={frame.step >= frame.total}
            onFork={(action, label) => void s.fork(action, label)}
          />
        </aside>
      </div>
      <Timeline
        step={frame.step}
        total={frame.total}
        playing={playing}
        speed={speed}
        labels={labels}
        {...driveBy(s)}
        onSpeed={s.setSpeed}
      />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </main>
  );
}
