import { describe, expect, it, vi } from 'vitest';
import { presetById, PRESETS } from '../scenarios';
import type { ManagedClient } from '../worker/client';
import { createInProcessClient } from '../worker/in-process';
import { createAppStore } from './store';
import { backToGallery, startUrlSync } from './url-sync';

/**
 * Just enough of a browser window for url-sync: a location, a history of entries with
 * state, scrolling, animation frames and the popstate/hashchange events. Back and Forward
 * are asynchronous, as in browsers.
 */
class FakeWindow {
  entries: { path: string; hash: string; state: unknown }[];
  index = 0;
  scrollY = 0;
  private listeners = new Map<string, Set<() => void>>();

  constructor(hash = '') {
    this.entries = [{ path: '/walkthrough/', hash, state: null }];
  }
  private get entry() {
    return this.entries[this.index];
  }
  private go(url: string, state: unknown, push: boolean) {
    const next = url.startsWith('#') ? { path: this.entry.path, hash: url, state } : { path: url, hash: '', state };
    if (push) {
      this.entries = [...this.entries.slice(0, this.index + 1), next];
      this.index++;
    } else this.entries[this.index] = next;
  }
  private traverse(by: number) {
    setTimeout(() => {
      const from = this.entry.hash;
      this.index = Math.max(0, Math.min(this.entries.length - 1, this.index + by));
      this.fire('popstate');
      if (this.entry.hash !== from) this.fire('hashchange');
    }, 0);
  }
  private fire(type: string) {
    for (const f of this.listeners.get(type) ?? []) f();
  }

  get location() {
    return { hash: this.entry.hash, pathname: this.entry.path, search: '' };
  }
  get history() {
    return {
      scrollRestoration: 'auto',
      state: this.entry.state,
      pushState: (state: unknown, _t: string, url: string) => this.go(url, state, true),
      replaceState: (state: unknown, _t: string, url: string) => this.go(url, state, false),
      back: () => this.traverse(-1),
      forward: () => this.traverse(1),
    };
  }
  scrollTo(_x: number, y: number) {
    this.scrollY = y;
  }
  requestAnimationFrame(f: () => void) {
    setTimeout(f, 0);
    return 0;
  }
  addEventListener(type: string, f: () => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(f);
  }
  removeEventListener(type: string, f: () => void) {
    this.listeners.get(type)?.delete(f);
  }
  /** The user types a hash in the address bar: a new entry, then the events. */
  type(hash: string) {
    this.go(hash, null, true);
    this.fire('popstate');
    this.fire('hashchange');
  }
}

/** A store over the in-process engine that counts how often a scenario is loaded. */
function setup(hash = '') {
  const loads: string[] = [];
  const store = createAppStore((): ManagedClient => {
    const inner = createInProcessClient();
    return { ...inner, load: (s) => (loads.push(s.title), inner.load(s)) };
  });
  const win = new FakeWindow(hash);
  const stop = startUrlSync(store, win as unknown as Window);
  return { store, win, loads, stop };
}

const preset = PRESETS[0];

describe('When a lab is opened from the gallery', () => {
  it('one history entry is pushed, steps replace it, Back shows the gallery where it was scrolled and Forward the lab at its step', async () => {
    const { store, win, loads, stop } = setup();
    win.scrollY = 1234;
    await store.getState().open(preset.scenario, 0);
    expect(win.entries.map((e) => e.hash)).toEqual(['', `#preset=${preset.id}`]);
    expect(win.scrollY).toBe(0);
    await store.getState().seek(1);
    await store.getState().stepBy(1);
    expect(win.entries.map((e) => e.hash)).toEqual(['', `#preset=${preset.id}&step=2`]);

    win.history.back();
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    await vi.waitFor(() => expect(win.scrollY).toBe(1234));
    expect(win.index).toBe(0);

    win.history.forward();
    await vi.waitFor(() => expect(store.getState().screen).toBe('lab'));
    expect(store.getState().frame?.step).toBe(2);
    // The lab came back from the store: nothing was loaded again.
    expect(loads).toHaveLength(1);
    expect(win.entries).toHaveLength(2);
    stop();
  });

  it('“← Gallery” goes back to the gallery entry instead of adding one', async () => {
    const { store, win, stop } = setup();
    win.scrollY = 800;
    await store.getState().open(preset.scenario, 0);
    backToGallery(store, win as unknown as Window);
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    await vi.waitFor(() => expect(win.scrollY).toBe(800));
    expect(win.index).toBe(0);
    expect(win.entries).toHaveLength(2);
    stop();
  });
});

describe('When the page is opened with a link', () => {
  it('the lab replaces the link’s entry; “← Gallery” then adds the gallery, and Back returns to the lab', async () => {
    const { store, win, stop } = setup(`#preset=${preset.id}&step=2`);
    await vi.waitFor(() => expect(store.getState().screen).toBe('lab'));
    expect(store.getState().frame?.step).toBe(2);
    expect(win.entries.map((e) => e.hash)).toEqual([`#preset=${preset.id}&step=2`]);

    backToGallery(store, win as unknown as Window);
    expect(store.getState().screen).toBe('gallery');
    expect(win.entries.map((e) => e.hash)).toEqual([`#preset=${preset.id}&step=2`, '']);

    win.history.back();
    await vi.waitFor(() => expect(store.getState().screen).toBe('lab'));
    expect(store.getState().frame?.step).toBe(2);
    stop();
  });
});

describe('When a hash is typed by hand', () => {
  it('it opens, in the entry the browser made for it', async () => {
    const { store, win, stop } = setup();
    const other = presetById('pg-bank-transfer-survives');
    win.type('#preset=pg-bank-transfer-survives&step=3');
    await vi.waitFor(() => expect(store.getState().scenario).toBe(other?.scenario));
    expect(store.getState()).toMatchObject({ screen: 'lab', frame: { step: 3 } });
    expect(win.entries.map((e) => e.hash)).toEqual(['', '#preset=pg-bank-transfer-survives&step=3']);
    stop();
  });

  it('a bad one shows the gallery with a banner naming the problem', async () => {
    const { store, win, stop } = setup();
    await store.getState().open(preset.scenario, 0);
    win.type('#preset=no-such-thing');
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    expect(store.getState().banner?.message).toMatch(/no preset "no-such-thing"/);
    stop();
  });
});
