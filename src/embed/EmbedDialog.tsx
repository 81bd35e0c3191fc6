import { useEffect, useId, useRef, useState } from 'react';
import type { Scenario } from '../engine/scenario/schema';
import { embedSnippet, embedUrl } from './embed-link';

export interface EmbedDialogProps {
  readonly scenario: Scenario;
  /** The step on screen: the range starts there unless changed. */
  readonly step: number;
  /** The scenario's last step. */
  readonly total: number;
  /** The app page's address: the player sits next to it. */
  readonly appHref: string;
  onClose(): void;
}

/** What is wrong with a range typed into the dialog, or null when it is one. */
export function rangeProblem(fromText: string, toText: string, total: number): string | null {
  const whole = (t: string) => /^\d{1,7}$/.test(t.trim());
  if (!whole(fromText)) return `From must be a step number from 0 to ${total}.`;
  if (!whole(toText)) return `To must be a step number from 0 to ${total}.`;
  const from = Number(fromText);
  const to = Number(toText);
  if (from > total || to > total) return `This scenario has steps 0 to ${total}.`;
  if (from > to) return `From (${from}) is after to (${to}).`;
  return null;
}

/**
 * "Embed": the iframe snippet for a step range of the scenario on screen, with the range
 * editable, copied to the clipboard on request. A modal dialog that takes focus and gives it back.
 */
export function EmbedDialog({ scenario, step, total, appHref, onClose }: EmbedDialogProps) {
  const id = useId();
  const [fromText, setFromText] = useState(String(step >= total && total > 0 ? 0 : step));
  const [toText, setToText] = useState(String(total));
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const snippetRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    first.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const problem = rangeProblem(fromText, toText, total);
  const src = problem === null ? embedUrl(appHref, scenario, Number(fromText), Number(toText)) : null;
  const snippet = src === null ? '' : embedSnippet(src, scenario.title);

  const copy = async () => {
    if (!snippet) return;
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('yes');
    } catch {
      // No clipboard permission: the snippet is selected for the user to copy.
      snippetRef.current?.select();
      setCopied('no');
    }
  };
  const edit = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    set(e.currentTarget.value);
    setCopied(null);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
  };

  return (
    <div className="overlay" onClick={onClose} onKeyDown={onKeyDown} role="presentation">
      <div
        className="dialog embed-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onClick={(e) => e.stopPropagation()}
        data-own-keys
      >
        <h2 id={`${id}-title`}>Embed this scenario</h2>
        <p className="embed-dialog-hint">
          A compact player for a blog post or slides: its panels, narration and a timeline limited to these steps.
        </p>
        <div className="embed-dialog-range">
          <label>
            <span>From step</span>
            <input ref={first} type="number" inputMode="numeric" min={0} max={total} value={fromText} onChange={edit(setFromText)} />
          </label>
          <label>
            <span>To step</span>
            <input type="number" inputMode="numeric" min={0} max={total} value={toText} onChange={edit(setToText)} />
          </label>
          <span className="embed-dialog-total">of {total}</span>
        </div>
        {problem !== null && (
          <p className="embed-dialog-problem" role="alert">
            {problem}
          </p>
        )}
        <label className="embed-dialog-snippet">
          <span>HTML to paste</span>
          <textarea className="copy-field" ref={snippetRef} readOnly rows={5} value={snippet} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p className="embed-dialog-status" role="status">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying was not allowed: the snippet is selected, copy it with Ctrl+C.' : ''}
        </p>
        <div className="embed-dialog-actions">
          <button type="button" onClick={() => void copy()} disabled={problem !== null}>
            Copy snippet
          </button>
          {src !== null && (
            <a href={src} target="_blank" rel="noopener">
              Open the player
            </a>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
