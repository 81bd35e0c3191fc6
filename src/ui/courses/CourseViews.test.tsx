// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COURSES, courseById } from '../../courses';
import { presetById } from '../../scenarios';
import { createInProcessClient } from '../../worker/in-process';
import { Gallery } from '../Gallery';
import { createAppStore } from '../store';
import { StoreProvider } from '../store-context';
import { CourseBar } from './CourseBar';
import { openCourseLink, startCourseSync } from './course-sync';
import { CoursePageOr } from './CoursePage';

const KEY = 'walkthrough.courses.v1';
const atomicity = courseById('atomicity')!;
const [c1, c2] = atomicity.chapters.map((ch) => ch.preset);

function renderWith(ui: React.ReactNode) {
  const store = createAppStore(() => createInProcessClient());
  const stopSync = startCourseSync(store, () => undefined).stop;
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return { store, stopSync };
}

const startHere = () => screen.getByRole('region', { name: /^Start here/ });
const card = (id: string) => startHere().querySelector<HTMLAnchorElement>(`a[data-course="${id}"]`)!;

beforeEach(() => localStorage.clear());

describe('When the gallery opens', () => {
  it('"Start here" comes first, one card per course linking to its page, each with its progress', () => {
    localStorage.setItem(KEY, JSON.stringify({ v: 1, courses: { atomicity: { done: [c1], at: { preset: c2, step: 3 } } } }));
    renderWith(<Gallery onOpen={vi.fn()} />);
    const regions = screen.getAllByRole('region');
    expect(regions[0]).toBe(startHere());
    expect(
      within(startHere())
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(COURSES.map((c) => `#course=${c.id}`));
    expect(card('atomicity').textContent).toContain('1 of 4 chapters finished');
    expect(card('atomicity').querySelectorAll('.course-square.done')).toHaveLength(1);
    expect(card('isolation').textContent).toContain('8 chapters');
  });

  it('corrupt stored progress reads as none', () => {
    localStorage.setItem(KEY, '{"v":1,"courses":{"atomicity":{"done":{"0":1}}');
    renderWith(<Gallery onOpen={vi.fn()} />);
    expect(card('atomicity').textContent).toContain('4 chapters');
    expect(card('atomicity').querySelectorAll('.course-square.done')).toHaveLength(0);
  });

  it('without local storage (a private mode that refuses it) the courses still show and count progress for the visit', async () => {
    const jsdomStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      const { store, stopSync } = renderWith(<Gallery onOpen={vi.fn()} />);
      await act(() => openCourseLink(store, '#course=atomicity&ch=1'));
      await act(() => store.getState().seek(store.getState().frame!.total));
      await act(async () => store.getState().showGallery());
      expect(card('atomicity').textContent).toContain('1 of 4 chapters finished');
      stopSync();
    } finally {
      // jsdom's own storage back for the other tests.
      if (jsdomStorage) Object.defineProperty(window, 'localStorage', jsdomStorage);
    }
  });
});

describe('When a course page is open', () => {
  it('it offers to start, lists the chapters with their introductions, and ends with what to try next', async () => {
    const { store } = renderWith(<CoursePageOr>gallery</CoursePageOr>);
    await act(() => openCourseLink(store, '#course=atomicity'));
    expect(screen.getByRole('heading', { level: 1, name: 'Atomicity' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Start: chapter 1, A crash halfway through/ }).getAttribute('href')).toBe(
      '#course=atomicity&ch=1',
    );
    const chapters = document.querySelectorAll('.course-chapters > li');
    expect(chapters).toHaveLength(4);
    atomicity.chapters.forEach((ch, i) => expect(chapters[i].textContent).toContain(ch.intro));
    const next = screen.getByRole('region', { name: 'What to try next' });
    expect(within(next).getByRole('link', { name: 'Consistency' }).getAttribute('href')).toBe('#course=consistency');
    expect(next.textContent).toMatch(/Fork:/);
    expect(next.textContent).toMatch(/Edit scenario/);
  });

  it('it continues where the visitor left, and a finished course says so with what to try next first', async () => {
    localStorage.setItem(KEY, JSON.stringify({ v: 1, courses: { atomicity: { done: [c1], at: { preset: c2, step: 3 } } } }));
    const { store } = renderWith(<CoursePageOr>gallery</CoursePageOr>);
    await act(() => openCourseLink(store, '#course=atomicity'));
    expect(screen.getByRole('link', { name: /^Continue: chapter 2, step 3/ }).getAttribute('href')).toBe('#course=atomicity&ch=2&step=3');
    expect(document.querySelector('.course-chapters > li.done')?.textContent).toContain('finished');
    expect(screen.getByText(/stopped at step 3/)).toBeTruthy();

    const all = atomicity.chapters.map((ch) => ch.preset);
    localStorage.setItem(KEY, JSON.stringify({ v: 1, courses: { atomicity: { done: all, at: { preset: all[3], step: 12 } } } }));
    const again = renderWith(<CoursePageOr>gallery</CoursePageOr>);
    await act(() => openCourseLink(again.store, '#course=atomicity'));
    const page = screen.getAllByRole('main').at(-1)!;
    expect(page.textContent).toContain('✓ Course finished.');
    expect(within(page).queryByRole('link', { name: /^Continue/ })).toBeNull();
    const order = [...page.querySelectorAll('.course-next-steps, .course-chapters')].map((e) => e.className);
    expect(order).toEqual(['course-next-steps', 'course-chapters']);
  });
});

describe('When a chapter plays in the lab', () => {
  it('the bar says which chapter of how many, introduces it at step 0, and at the last step marks it ✓ and offers the next', async () => {
    const { store, stopSync } = renderWith(<CourseBar />);
    await act(() => openCourseLink(store, '#course=atomicity&ch=1'));
    const bar = screen.getByRole('navigation', { name: 'Course: Atomicity' });
    expect(bar.textContent).toContain('Chapter 1 of 4: A crash halfway through');
    expect(bar.textContent).toContain(atomicity.chapters[0].intro);
    expect(within(bar).queryByRole('link', { name: /^Next chapter/ })).toBeNull();
    expect(within(bar).getByRole('link', { name: 'Chapter 1: A crash halfway through' }).getAttribute('aria-current')).toBe('step');

    await act(() => store.getState().seek(2));
    expect(bar.textContent).not.toContain(atomicity.chapters[0].intro);
    await act(() => store.getState().seek(store.getState().frame!.total));
    expect(within(bar).getByRole('link', { name: 'Next chapter: The COMMIT record decides →' }).getAttribute('href')).toBe(
      '#course=atomicity&ch=2',
    );
    expect(within(bar).getByRole('link', { name: 'Chapter 1: A crash halfway through, finished' }).textContent).toBe('✓');

    await act(() => openCourseLink(store, '#course=atomicity&ch=4'));
    await act(() => store.getState().seek(store.getState().frame!.total));
    expect(
      within(screen.getByRole('navigation'))
        .getByRole('link', { name: /^Course finished: what to try next/ })
        .getAttribute('href'),
    ).toBe('#course=atomicity');
    stopSync();
  });

  it('no bar once another preset is open', async () => {
    const { store, stopSync } = renderWith(<CourseBar />);
    await act(() => openCourseLink(store, '#course=atomicity&ch=1'));
    expect(screen.queryByRole('navigation')).not.toBeNull();
    // The chapter's own preset opened again is still the chapter.
    await act(() => store.getState().open(store.getState().branches[0].scenario, 0));
    expect(screen.queryByRole('navigation')).not.toBeNull();
    await act(() => store.getState().open(presetById('pool-leak')!.scenario, 0));
    expect(screen.queryByRole('navigation')).toBeNull();
    stopSync();
  });
});
