import { useEffect } from 'react';
import { useApp, useAppStore } from './store-context';

/** The key that switches presenter mode on and off. */
const PRESENTER_KEY = 'p';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('[data-own-keys]') !== null);

/**
 * Presenter mode's keys. P switches it on and off. While it is on, the keys a presenter
 * remote sends drive the lesson one step at a time: Space, →, ↓ and Page Down go forward;
 * ←, ↑ and Page Up go back; Esc leaves. They run before the lab view's own keys (capture),
 * so Space steps instead of playing. The page's class follows the mode, so the whole
 * document (not only the lab) can drop its chrome.
 */
export function usePresenter(): void {
  const store = useAppStore();
  const on = useApp((s) => s.presenter);

  useEffect(() => {
    document.documentElement.classList.toggle('presenting', on);
    return () => document.documentElement.classList.remove('presenting');
  }, [on]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
      // A dialog (the shortcuts help) keeps its own keys.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const s = store.getState();
      if (e.key === PRESENTER_KEY || e.key === PRESENTER_KEY.toUpperCase()) s.setPresenter(!s.presenter);
      else if (!s.presenter) return;
      else if (e.key === 'Escape') s.setPresenter(false);
      else if ([' ', 'ArrowRight', 'ArrowDown', 'PageDown'].includes(e.key)) void s.stepBy(1);
      else if (['ArrowLeft', 'ArrowUp', 'PageUp'].includes(e.key)) void s.stepBy(-1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [store]);
}

/** The lab bar's switches: presenter mode, and all panels or only the essentials. */
export function ViewSwitches() {
  const store = useAppStore();
  const presenter = useApp((s) => s.presenter);
  const essentials = useApp((s) => s.essentials);
  const s = store.getState();
  return (
    <div className="view-switches">
      <button type="button" aria-pressed={!essentials} onClick={() => s.setEssentials(!essentials)}>
        {essentials ? 'All panels' : 'Essentials only'}
      </button>
      <button type="button" aria-pressed={presenter} title="Presenter mode (P); Esc leaves" onClick={() => s.setPresenter(!presenter)}>
        {presenter ? 'Leave presenter mode' : 'Present'}
      </button>
    </div>
  );
}
