// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { courseById } from '../../courses';
import { presetById } from '../../scenarios';
import { backToGallery } from '../url-sync';
import { activeChapter, courseStateFor } from './course-state';
import { syncedStore } from '../../../test/support/synced-store';

const atomicity = courseById('atomicity')!;
const chapter = (i: number) => presetById(atomicity.chapters[i].preset)!.scenario;

function setup(hash = '') {
  const { store, win, loads, stop } = syncedStore(hash);
  const hashes = () => win.entries.map((e) => e.hash);
  const course = () => courseStateFor(store).getState();
  return { store, win, loads, stop, hashes, course };
}

beforeEach(() => localStorage.clear());

describe('When a visitor follows a course from the gallery', () => {
  it('the course page and each chapter get an entry; steps replace it; Back returns to the page, Forward to the step', async () => {
    const { store, win, loads, stop, hashes, course } = setup();
    win.type('#course=atomicity');
    await vi.waitFor(() => expect(course().page).toBe('atomicity'));
    expect(store.getState().screen).toBe('gallery');

    win.type('#course=atomicity&ch=2');
    await vi.waitFor(() => expect(store.getState().scenario).toBe(chapter(1)));
    expect(store.getState().screen).toBe('lab');
    expect(activeChapter(store.getState(), course())).toMatchObject({ index: 1 });
    await store.getState().stepBy(1);
    await store.getState().stepBy(1);
    expect(hashes()).toEqual(['', '#course=atomicity', '#course=atomicity&ch=2&step=2']);
    expect(course().progress.atomicity).toEqual({ done: [], at: { preset: atomicity.chapters[1].preset, step: 2 } });

    win.history.back();
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    expect(course().page).toBe('atomicity');
    win.history.forward();
    await vi.waitFor(() => expect(store.getState().screen).toBe('lab'));
    expect(store.getState().frame?.step).toBe(2);
    expect(loads).toHaveLength(1);

    win.history.back();
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    win.history.back();
    await vi.waitFor(() => expect(course().page).toBeNull());
    expect(win.index).toBe(0);
    stop();
  });

  it('the last step finishes the chapter (kept in local storage), and the next chapter replaces nothing it should not', async () => {
    const { store, win, stop, hashes, course } = setup();
    win.type('#course=atomicity&ch=1');
    await vi.waitFor(() => expect(store.getState().scenario).toBe(chapter(0)));
    await store.getState().seek(chapter(0).steps.length);
    expect(course().progress.atomicity?.done).toEqual([atomicity.chapters[0].preset]);
    expect(JSON.parse(localStorage.getItem('walkthrough.courses.v1') ?? '{}')).toMatchObject({
      v: 1,
      courses: { atomicity: { done: [atomicity.chapters[0].preset] } },
    });

    win.type('#course=atomicity&ch=2');
    await vi.waitFor(() => expect(store.getState().scenario).toBe(chapter(1)));
    expect(hashes()).toEqual(['', '#course=atomicity&ch=1&step=5', '#course=atomicity&ch=2']);
    win.history.back();
    await vi.waitFor(() => expect(store.getState().scenario).toBe(chapter(0)));
    expect(store.getState().frame?.step).toBe(5);
    stop();
  });

  it('a fork stays in the chapter with its own link; another preset ends the chapter', async () => {
    const { store, win, stop, course } = setup();
    win.type('#course=atomicity&ch=1');
    await vi.waitFor(() => expect(store.getState().scenario).toBe(chapter(0)));
    await store.getState().seek(2);
    await store.getState().fork({ type: 'crash' }, 'Crash now');
    expect(activeChapter(store.getState(), course())).not.toBeNull();
    expect(win.location.hash).toMatch(/^#s=/);
    // The fork is not the chapter: its end does not finish it.
    await store.getState().seek(store.getState().frame!.total);
    expect(course().progress.atomicity?.done ?? []).toEqual([]);

    await store.getState().open(presetById('pg-torn-page')!.scenario, 0);
    expect(course().chapter).toBeNull();
    expect(win.location.hash).toBe('#preset=pg-torn-page');
    stop();
  });

  it('“← Gallery” from a chapter or a course page shows the gallery itself as a new entry', async () => {
    const { store, win, stop, hashes, course } = setup('#course=atomicity&ch=3&step=4');
    await vi.waitFor(() => expect(store.getState().frame?.step).toBe(4));
    backToGallery(store, win as unknown as Window);
    expect(store.getState().screen).toBe('gallery');
    expect(course()).toMatchObject({ page: null, chapter: null });
    expect(hashes()).toEqual(['#course=atomicity&ch=3&step=4', '']);

    win.type('#course=isolation');
    await vi.waitFor(() => expect(course().page).toBe('isolation'));
    // A click comes in a later task than the link it follows: let that link's open finish.
    await new Promise((done) => setTimeout(done, 0));
    backToGallery(store, win as unknown as Window);
    expect(course().page).toBeNull();
    expect(hashes()).toEqual(['#course=atomicity&ch=3&step=4', '', '#course=isolation', '']);
    stop();
  });
});

describe('When a course link is bad', () => {
  it('an unknown course shows the gallery with a banner listing the courses', async () => {
    const { store, stop, course } = setup('#course=atomicty');
    await vi.waitFor(() => expect(store.getState().banner).not.toBeNull());
    expect(store.getState().banner).toMatchObject({ kind: 'error', title: 'This course link could not be opened' });
    expect(store.getState().banner?.message).toMatch(/^There is no course "atomicty"\. The courses are: Atomicity, /);
    expect(store.getState().screen).toBe('gallery');
    expect(course().page).toBeNull();
    stop();
  });

  it('an unknown chapter shows its course with a banner naming the chapters it has', async () => {
    const { store, win, stop, course } = setup();
    await store.getState().open(chapter(0), 0);
    win.type('#course=atomicity&ch=12');
    await vi.waitFor(() => expect(store.getState().screen).toBe('gallery'));
    expect(course().page).toBe('atomicity');
    expect(store.getState().banner?.message).toBe('“Atomicity” has chapters 1 to 4; there is no chapter "12".');
    expect(win.location.hash).toBe('#course=atomicity');
    // A good link afterwards puts the message away.
    win.type('#course=isolation');
    await vi.waitFor(() => expect(store.getState().banner).toBeNull());
    stop();
  });

  it('a step past the end of the chapter opens at its last step', async () => {
    const { store, stop } = setup('#course=atomicity&ch=1&step=999');
    await vi.waitFor(() => expect(store.getState().frame?.step).toBe(chapter(0).steps.length));
    stop();
  });
});
