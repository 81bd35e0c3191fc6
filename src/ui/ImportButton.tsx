import { FileButton } from './components/FileButton';
import { readScenarioFile } from './scenario-file';
import { useAppStore } from './store-context';

/** Open a scenario from a JSON file; a bad file shows a banner and changes nothing. */
export function ImportButton({ label = 'Import' }: { label?: string }) {
  const store = useAppStore();
  const importFile = async (file: File) => {
    try {
      const scenario = await readScenarioFile(file);
      await store.getState().open(scenario, 0);
    } catch (err) {
      store.getState().showError('This file could not be opened', err);
    }
  };
  return (
    <FileButton accept=".json,application/json" inputLabel="Import a scenario file" onFile={importFile}>
      {label}
    </FileButton>
  );
}
