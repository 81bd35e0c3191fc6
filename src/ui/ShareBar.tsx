import { useState } from 'react';
import { EmbedButton } from '../embed/EmbedButton';
import { ImportButton } from './ImportButton';
import { scenarioBlob, scenarioFileName } from './scenario-file';
import { useAppStore } from './store-context';
import { currentLink } from './url-sync';

/** Copy link, export and import: how a scenario leaves and enters the app. */
export function ShareBar({ onHelp }: { onHelp(): void }) {
  const store = useAppStore();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    const url = currentLink(store, window.location.href);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard permission: the link stays selected in the field for the user to copy.
      setCopied(false);
    }
  };

  const exportFile = () => {
    const { scenario } = store.getState();
    if (!scenario) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(scenarioBlob(scenario));
    a.download = scenarioFileName(scenario);
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="share-bar">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <button type="button" onClick={exportFile}>
        Export
      </button>
      <ImportButton />
      <EmbedButton />
      <button type="button" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
      {link && (
        <div className="share-link">
          <label>
            <span>{copied ? 'Link copied:' : 'Copy this link:'}</span>
            <input className="copy-field" readOnly value={link} onFocus={(e) => e.currentTarget.select()} aria-label="Share link" />
          </label>
        </div>
      )}
    </div>
  );
}
