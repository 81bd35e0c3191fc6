import type { Scenario } from '../../engine/scenario/schema';
import { chapterScenario } from '../../courses';
import type { AppStore } from '../store';
import { courseHref, parseCourseLink } from './course-link';
import { activeChapter, courseStateFor } from './course-state';
import { recordStep, writeProgress } from './progress';

export { isCourseLink } from './course-link';

/** What the address bar needs from the courses (see url-sync.ts). */
export interface CourseRoutes {
  /** The hash of what the gallery screen shows: `#course=<id>` for a course page, '' for the gallery. */
  pageHash(): string;
  /** The hash of the chapter on screen at `step`, or null when the lab is not a chapter's preset (a fork is not). */
  labHash(step: number): string | null;
  /** Put the course page away (the gallery shows). */
  closePage(): void;
  stop(): void;
}

/**
 * Open a course link: its page in place of the gallery, or its chapter's preset at a step with the
 * course bar. A bad link shows what is wrong over the gallery, or over the course when only the
 * chapter or step is wrong.
 */
export async function openCourseLink(store: AppStore, hash: string, onTarget?: (scenario: Scenario) => void): Promise<void> {
  const s = store.getState();
  const cs = courseStateFor(store);
  const target = parseCourseLink(hash);
  if (target.kind === 'chapter') {
    const scenario = chapterScenario(target.course.chapters[target.index]);
    cs.setState({ chapter: { course: target.course.id, index: target.index } });
    onTarget?.(scenario);
    await s.open(scenario, Math.min(target.step, scenario.steps.length));
    return;
  }
  // The page first, while a lab may still be on screen: the gallery screen's address is then the page's.
  cs.setState({ page: target.course?.id ?? null });
  s.showGallery();
  if (target.kind === 'bad') s.showError('This course link could not be opened', new Error(target.message));
  else s.dismissBanner();
}

/**
 * Follow the lab for the courses: a lab opened as a chapter records where the visitor is (and the
 * chapter as finished at its last step); opening another preset ends the chapter. `onPageChange`
 * hears the course page open or close, for the address bar.
 */
export function startCourseSync(store: AppStore, onPageChange: () => void): CourseRoutes {
  const cs = courseStateFor(store);
  const stopPage = cs.subscribe((st, prev) => st.page !== prev.page && onPageChange());
  const stopApp = store.subscribe((s, prev) => {
    const st = cs.getState();
    if (!st.chapter) return;
    const active = activeChapter(s, st);
    if (!active) {
      if (s.branches !== prev.branches) cs.setState({ chapter: null });
      return;
    }
    const f = s.frame;
    const preset = active.course.chapters[active.index].preset;
    if (!f || (f === prev.frame && s.scenario === prev.scenario) || s.scenario?.preset !== preset || s.scenario !== s.branches[0]?.scenario)
      return;
    const progress = recordStep(st.progress, active.course, preset, f.step, f.total);
    if (progress === st.progress) return;
    cs.setState({ progress });
    writeProgress(st.storage, progress);
  });
  return {
    pageHash: () => {
      const page = cs.getState().page;
      return page === null ? '' : courseHref(page);
    },
    labHash: (step) => {
      const s = store.getState();
      const active = activeChapter(s, cs.getState());
      return active && s.scenario === s.branches[0]?.scenario ? courseHref(active.course.id, active.index, step) : null;
    },
    closePage: () => cs.setState({ page: null }),
    stop: () => {
      stopPage();
      stopApp();
    },
  };
}

/**
 * "← Gallery" (and the brand) from a course page or a chapter: the gallery itself, as a new history
 * entry (Back returns to the course). False when no course is on screen.
 */
export function leaveCourse(store: AppStore): boolean {
  const s = store.getState();
  const cs = courseStateFor(store);
  const onPage = s.screen === 'gallery' && cs.getState().page !== null;
  const inChapter = s.screen === 'lab' && activeChapter(s, cs.getState()) !== null;
  if (!onPage && !inChapter) return false;
  cs.setState({ page: null, chapter: null });
  s.showGallery();
  return true;
}
