import { useRef } from 'react';
import { readScenarioFile } from './scenario-file';
import { useAppStore } from './store-context';

/** Open a scenario from a JSON file; a bad file shows a banner and changes nothing. */
export function ImportButton({ label = 'Import' }: { label?: string }) {
  const store = useAppStore();
  const fileRef = useRef<HTMLInputElement>(null);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const scenario = await readScenarioFile(file);
      await store.getState().open(scenario, 0);
    } catch (err) {
      store.getState().showError('This file could not be opened', err);
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  return (
    <>
      <button type="button" onClick={() => fileRef.current?.click()}>
        {label}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Import a scenario file"
        onChange={(e) => void importFile(e.currentTarget.files?.[0])}
      />
    </>
  );
}
