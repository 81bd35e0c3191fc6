import { useEffect, useRef } from 'react';

const SHORTCUTS = [
  ['Space', 'Play or pause'],
  ['← / →', 'Step back / forward'],
  ['Home / End', 'Jump to start / end'],
  ['P', 'Presenter mode: Space, arrows and Page Up / Down step'],
  ['?', 'Show or hide this help'],
  ['Esc', 'Close this help, or leave presenter mode'],
] as const;

/** The keyboard shortcuts, in a modal dialog that takes focus and gives it back. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="overlay" onClick={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()} role="presentation">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>Every control is also reachable with Tab. Copy link shares the exact step you are on.</p>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
