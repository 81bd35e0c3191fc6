import type { Scenario } from '../engine/scenario/schema';
import { decodeHash, encodeHash } from '../share/codec';
import { isCompareHash } from './compare/spec';
import { isCourseLink, leaveCourse, openCourseLink, startCourseSync } from './courses/course-sync';
import { noteLinkAnswers } from './questions/shared-answers';
import type { AppStore } from './store';

/** How often the address bar follows the timeline while playing (ms). */
const URL_UPDATE_MS = 400;

/** The state this app gives a history entry it pushes for a lab opened from the gallery. */
const LAB_ENTRY = { walkthrough: 'lab' } as const;

/**
 * encodeHash with the scenario's part computed once per scenario object: while a run plays,
 * only the step changes, and compressing a large scenario again for every address-bar
 * update took longer than a frame. The step part is appended as encodeHash does.
 */
const encoded = new WeakMap<object, string>();
function hashAt(scenario: Scenario, step: number): string {
  let base = encoded.get(scenario);
  if (base === undefined) {
    base = encodeHash(scenario, 0);
    encoded.set(scenario, base);
  }
  return step > 0 ? `${base}&step=${step}` : base;
}

/** Open whatever the hash points at (`onTarget` hears which scenario); a bad link shows a banner over the gallery. */
async function openFromHash(store: AppStore, hash: string, onTarget?: (scenario: Scenario) => void): Promise<void> {
  const s = store.getState();
  if (isCourseLink(hash)) return openCourseLink(store, hash, onTarget);
  try {
    const target = decodeHash(hash);
    if (!target) {
      s.showGallery();
      return;
    }
    onTarget?.(target.scenario);
    noteLinkAnswers(target.scenario, hash);
    await s.open(target.scenario, target.step);
  } catch (err) {
    s.showGallery();
    s.showError('This link could not be opened', err);
  }
}

/** The shareable URL of what is on screen now. */
export function currentLink(store: AppStore, base: string): string {
  const { scenario, frame } = store.getState();
  const hash = scenario ? encodeHash(scenario, frame?.step ?? 0) : '';
  return `${base.split('#')[0]}${hash}`;
}

/** True when the current history entry is a lab this app opened from its gallery. */
const cameFromGallery = (win: Window) => (win.history.state as { walkthrough?: string } | null)?.walkthrough === LAB_ENTRY.walkthrough;

/**
 * "← Gallery": when the entry before this lab is the gallery, go back to it, as the browser's
 * Back button would (the gallery returns where it was scrolled); otherwise (the lab came from
 * a link) show the gallery as a new entry, so Back returns to the lab.
 */
export function backToGallery(store: AppStore, win: Window): void {
  if (leaveCourse(store)) return;
  if (store.getState().screen === 'lab' && cameFromGallery(win)) win.history.back();
  else store.getState().showGallery();
}

/**
 * Keep the address bar and the browser's history in step with the store. Opening a lab from
 * the gallery (a card, a file) pushes one history entry; steps replace it (no entry per step,
 * and no hashchange loop); Back shows the gallery at the scroll position it had; Forward
 * returns to the lab at its step. A link, a hash typed by hand, or Back/Forward to another
 * scenario opens it. Opens the current hash at once.
 */
export function startUrlSync(store: AppStore, win: Window): () => void {
  let written = win.location.hash;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** While the store follows the address bar (a link, Back/Forward), it writes no new entry. */
  let following = false;
  let addressOpens = 0;
  let fromAddress: Scenario | null = null;
  let galleryY = 0;
  if ('scrollRestoration' in win.history) win.history.scrollRestoration = 'manual';

  const galleryUrl = () => win.location.pathname + win.location.search;
  /** A course chapter keeps its course in the address (`#course=…&ch=…`); any other lab its scenario's. */
  const labHashAt = (step: number) => {
    const s = store.getState();
    return s.scenario ? (courses.labHash(step) ?? hashAt(s.scenario, step)) : '';
  };
  const labHash = () => labHashAt(store.getState().frame?.step ?? 0);
  const replace = (hash: string) => {
    timer = undefined;
    if (hash === written) return;
    written = hash;
    win.history.replaceState(win.history.state, '', hash === '' ? galleryUrl() : hash);
  };
  const write = () => replace(store.getState().screen === 'lab' ? labHash() : courses.pageHash());
  // A course page opened or closed over the gallery: an entry of its own, unless the address asked for it.
  const courses = startCourseSync(store, () => {
    if (store.getState().screen !== 'gallery') return;
    if (following || addressOpens > 0) write();
    else {
      written = courses.pageHash();
      win.history.pushState(null, '', written === '' ? galleryUrl() : written);
    }
    if (courses.pageHash() !== '') win.scrollTo(0, 0);
  });

  const enterLab = (scenario: Scenario | null) => {
    galleryY = win.scrollY;
    if (following || (fromAddress !== null && scenario === fromAddress)) write();
    else {
      written = labHash();
      win.history.pushState(LAB_ENTRY, '', written);
    }
    // A lab opens at its top, wherever the gallery was scrolled.
    win.scrollTo(0, 0);
  };
  const enterGallery = () => {
    if (following || addressOpens > 0) write();
    else {
      // Not Back (backToGallery goes back when it can): a new entry, Back returns to the lab.
      written = courses.pageHash();
      win.history.pushState(null, '', written === '' ? galleryUrl() : written);
    }
    const y = galleryY;
    // After the gallery has rendered (React commits the store's change before the next frame).
    win.requestAnimationFrame(() => win.scrollTo(0, y));
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.screen !== prev.screen) {
      clearTimeout(timer);
      if (s.screen === 'lab') enterLab(s.scenario);
      else enterGallery();
      return;
    }
    if (s.scenario === prev.scenario && s.frame?.step === prev.frame?.step && s.playing === prev.playing) return;
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

  const follow = (change: () => void) => {
    following = true;
    try {
      change();
    } finally {
      following = false;
    }
  };
  const openAddress = async (hash: string) => {
    addressOpens++;
    try {
      await openFromHash(store, hash, (scenario) => (fromAddress = scenario));
    } finally {
      if (--addressOpens === 0) fromAddress = null;
    }
  };

  /** Back, Forward, a link followed or a hash typed by hand. */
  const onNavigate = () => {
    const hash = win.location.hash;
    if (hash === written) return;
    written = hash;
    // Comparisons follow the address bar themselves (compare/route.ts).
    if (isCompareHash(hash)) return;
    const s = store.getState();
    if (hash === '')
      return follow(() => {
        courses.closePage();
        s.showGallery();
      });
    // Forward to the lab still in the store: show it again, at the step the entry names.
    const [, base, step] = /^(.*?)(?:&step=(\d+))?$/.exec(hash) ?? [];
    if (s.scenario && s.engine === 'ready' && base === labHashAt(0)) {
      follow(() => s.showLab());
      if (Number(step ?? 0) !== s.frame?.step) void s.seek(Number(step ?? 0));
      return;
    }
    void openAddress(hash);
  };
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  if (written !== '' && !isCompareHash(written)) void openAddress(written);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    courses.stop();
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
