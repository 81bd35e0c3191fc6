import { useRef, useState } from 'react';
import { EmbedButton } from '../embed/EmbedButton';
import { useMedia } from './components/use-media';
import { ImportButton } from './ImportButton';
import { scenarioBlob, scenarioFileName } from './scenario-file';
import { useAppStore } from './store-context';
import { currentLink } from './url-sync';

/** Copy link, export and import: how a scenario leaves and enters the app. */
export function ShareBar({ onHelp }: { onHelp(): void }) {
  const store = useAppStore();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // On a phone the four ways out share one button, so the lab's first screen keeps room for a panel.
  const narrow = useMedia('(max-width: 640px)');

  const more = useRef<HTMLDetailsElement>(null);
  // Copy link and Export close the phone's menu (the link shows below it); Import and Embed open
  // their own windows from inside it, so it stays open behind them.
  const closeMenu = () => more.current?.removeAttribute('open');

  const copy = async () => {
    closeMenu();
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
    closeMenu();
    const { scenario } = store.getState();
    if (!scenario) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(scenarioBlob(scenario));
    a.download = scenarioFileName(scenario);
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const actions = (
    <>
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <button type="button" onClick={exportFile}>
        Export
      </button>
      <ImportButton />
      <EmbedButton />
    </>
  );
  return (
    <div className="share-bar">
      {narrow ? (
        <details className="share-more" ref={more}>
          <summary>Share</summary>
          <div className="share-menu">{actions}</div>
        </details>
      ) : (
        actions
      )}
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
