import { describe, expect, it, vi } from 'vitest';
import { presetById, PRESETS } from '../scenarios';
import { backToGallery } from './url-sync';
import { syncedStore } from '../../test/support/synced-store';

const setup = syncedStore;

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
