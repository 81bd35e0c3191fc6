import { useState } from 'react';
import { useAppStore } from '../store-context';
import { CompareChooser } from './CompareChooser';
import { openComparison } from './route';
import './compare.css';

/** The lab bar's "Compare": opens the chooser for the scenario and step on screen. */
export function CompareButton() {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const { scenario, frame } = store.getState();
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Run this scenario twice with one setting changed">
        Compare
      </button>
      {open && scenario && (
        <CompareChooser
          base={scenario}
          step={frame?.step ?? 0}
          onClose={() => setOpen(false)}
          onOpen={(spec) => {
            setOpen(false);
            openComparison(store, window, spec);
          }}
        />
      )}
    </>
  );
}
