import { ScenarioError } from '../engine/scenario/schema';
import { decodeHash, encodeHash } from '../share/codec';
import type { AppStore } from './store';

/** How often the address bar follows the timeline while playing (ms). */
const URL_UPDATE_MS = 400;

/**
 * encodeHash with the scenario's part computed once per scenario object: while a run plays,
 * only the step changes, and compressing a large scenario again for every address-bar
 * update took longer than a frame. The step part is appended as encodeHash does.
 */
const encoded = new WeakMap<object, string>();
function hashAt(scenario: Parameters<typeof encodeHash>[0], step: number): string {
  let base = encoded.get(scenario);
  if (base === undefined) {
    base = encodeHash(scenario, 0);
    encoded.set(scenario, base);
  }
  return step > 0 ? `${base}&step=${step}` : base;
}

/** Open whatever the current hash points at; a bad link shows a banner over the gallery. */
export async function openFromHash(store: AppStore, hash: string): Promise<void> {
  const s = store.getState();
  try {
    const target = decodeHash(hash);
    if (!target) {
      s.showGallery();
      return;
    }
    await s.open(target.scenario, target.step);
  } catch (err) {
    s.showGallery();
    if (err instanceof ScenarioError) s.showError('This link could not be opened', err);
    else s.showError('This link could not be opened', err);
  }
}

/** The shareable URL of what is on screen now. */
export function currentLink(store: AppStore, base: string): string {
  const { scenario, frame } = store.getState();
  const hash = scenario ? encodeHash(scenario, frame?.step ?? 0) : '';
  return `${base.split('#')[0]}${hash}`;
}

/**
 * Keep the address bar in step with the store (replaceState: no history entry per
 * step, and no hashchange loop), and reopen when the user edits the hash.
 */
export function startUrlSync(store: AppStore, win: Window): () => void {
  let written = win.location.hash;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    const s = store.getState();
    const hash = s.screen === 'lab' && s.scenario ? hashAt(s.scenario, s.frame?.step ?? 0) : '';
    if (hash === written) return;
    written = hash;
    win.history.replaceState(null, '', hash === '' ? win.location.pathname + win.location.search : hash);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.screen === prev.screen && s.scenario === prev.scenario && s.frame?.step === prev.frame?.step && s.playing === prev.playing)
      return;
    // While playing, the address bar catches up a few times a second: encoding and
    // replaceState on every step would cost more than drawing the step. At Max speed it
    // waits for the pause: replaceState of a long #s= link takes longer than a frame.
    if (s.playing && !Number.isFinite(s.speed)) return;
    if (s.playing) {
      timer ??= setTimeout(write, URL_UPDATE_MS);
      return;
    }
    clearTimeout(timer);
    write();
  });
  const onHash = () => {
    if (win.location.hash === written) return;
    written = win.location.hash;
    void openFromHash(store, win.location.hash);
  };
  win.addEventListener('hashchange', onHash);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    win.removeEventListener('hashchange', onHash);
  };
}
