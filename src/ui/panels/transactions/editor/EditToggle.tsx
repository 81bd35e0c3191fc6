import { lazy, Suspense, useState } from 'react';
import { selectScenario } from '../../../selectors';
import { useApp } from '../../../store-context';
import './toggle.css';

// CodeMirror and dnd-kit load only when someone opens the editor.
const ScenarioEditor = lazy(() => import('./ScenarioEditor'));

/** The "Edit scenario" switch above the transactions panels, and the editor when it is on. */
export function EditToggle() {
  const scenario = useApp(selectScenario);
  const [open, setOpen] = useState(false);
  if (scenario?.lab !== 'transactions') return null;
  return (
    <>
      <div className="txn-edit-bar">
        <button type="button" aria-expanded={open} aria-controls="txn-editor" onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">✎ </span>
          {open ? 'Hide the editor' : 'Edit scenario'}
        </button>
      </div>
      {open && (
        <div id="txn-editor">
          <Suspense fallback={<p className="loading">Loading the editor…</p>}>
            <ScenarioEditor scenario={scenario} />
          </Suspense>
        </div>
      )}
    </>
  );
}
