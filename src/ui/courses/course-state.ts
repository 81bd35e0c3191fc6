import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { type Course, courseById } from '../../courses';
import type { AppState } from '../app-state';
import type { AppStore } from '../store';
import { useAppStore } from '../store-context';
import { type Progress, readProgress, safeStorage } from './progress';

/** What the courses add to the app: the course page over the gallery, the chapter a lab belongs to, the progress. */
export interface CourseState {
  /** The id of the course page shown instead of the gallery, or null. */
  page: string | null;
  /** The chapter the lab was opened as (`index` from 0); the course bar shows while the lab plays its preset. */
  chapter: { readonly course: string; readonly index: number } | null;
  progress: Progress;
  /** Where progress is kept: null without local storage (it then lasts for this visit). */
  readonly storage: Storage | null;
}

const states = new WeakMap<AppStore, StoreApi<CourseState>>();

/** The course state that goes with an app store (one each, made on first use, progress read from local storage). */
export function courseStateFor(store: AppStore): StoreApi<CourseState> {
  let state = states.get(store);
  if (!state) {
    const storage = typeof window === 'undefined' ? null : safeStorage(window);
    state = createStore<CourseState>()(() => ({ page: null, chapter: null, progress: readProgress(storage), storage }));
    states.set(store, state);
  }
  return state;
}

/** Read the course state of the app store in context. */
export function useCourseState<T>(selector: (s: CourseState) => T): T {
  return useStore(courseStateFor(useAppStore()), selector);
}

/**
 * The chapter on screen: the lab was opened as a chapter and still plays that chapter's preset
 * (or a fork of it). Null otherwise, e.g. once another preset has been opened.
 */
export function activeChapter(app: Pick<AppState, 'branches'>, cs: Pick<CourseState, 'chapter'>): { course: Course; index: number } | null {
  const course = cs.chapter ? courseById(cs.chapter.course) : undefined;
  const chapter = course?.chapters[cs.chapter?.index ?? -1];
  if (!course || !chapter || app.branches[0]?.scenario.preset !== chapter.preset) return null;
  return { course, index: cs.chapter?.index ?? 0 };
}
