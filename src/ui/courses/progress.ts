import { type Course, COURSES } from '../../courses';

/** What a visitor has done in one course: the chapters finished (by preset id) and where they were last. */
export interface CourseProgress {
  readonly done: readonly string[];
  readonly at: { readonly preset: string; readonly step: number } | null;
}
/** Progress by course id. */
export type Progress = Readonly<Record<string, CourseProgress>>;

/** The local-storage key, versioned: a future format reads this one or starts afresh. */
const KEY = 'walkthrough.courses.v1';
const EMPTY: CourseProgress = { done: [], at: null };

/** The page's local storage, or null where there is none or it refuses access (private modes, sandboxed frames). */
export function safeStorage(win: Window): Storage | null {
  try {
    const storage = win.localStorage;
    storage.getItem(KEY);
    return storage;
  } catch {
    return null;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** One course's progress from stored data, keeping only what still names a chapter of the course. */
function readCourse(course: Course, raw: unknown): CourseProgress | null {
  if (!isRecord(raw)) return null;
  const presets = course.chapters.map((ch) => ch.preset);
  const listed: unknown[] = Array.isArray(raw.done) ? raw.done : [];
  const done = presets.filter((id) => listed.includes(id));
  const at = raw.at;
  const atOk =
    isRecord(at) && typeof at.preset === 'string' && presets.includes(at.preset) && Number.isInteger(at.step) && (at.step as number) >= 0;
  if (done.length === 0 && !atOk) return null;
  return { done, at: atOk ? { preset: at.preset as string, step: at.step as number } : null };
}

/** The stored progress. Missing, unreadable or corrupt storage reads as no progress, never as an error. */
export function readProgress(storage: Storage | null): Progress {
  let data: unknown;
  try {
    data = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    return {};
  }
  if (!isRecord(data) || data.v !== 1 || !isRecord(data.courses)) return {};
  const stored = data.courses;
  const out: Record<string, CourseProgress> = {};
  for (const course of COURSES) {
    if (!Object.hasOwn(stored, course.id)) continue;
    const p = readCourse(course, stored[course.id]);
    if (p) out[course.id] = p;
  }
  return out;
}

/** Keep the progress; a full or refused storage keeps it for this visit only. */
export function writeProgress(storage: Storage | null, progress: Progress): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ v: 1, courses: progress }));
  } catch {
    // Quota or private mode: the progress lives in memory until the page closes.
  }
}

export const progressOf = (progress: Progress, id: string): CourseProgress => (Object.hasOwn(progress, id) ? progress[id] : EMPTY);

/**
 * Progress after a visitor stands at `step` of a chapter's preset (of `total` steps): that chapter is
 * where to resume, and finished once its last step has been reached. Looking again at a finished
 * chapter moves nothing: "Continue" still leads where the visitor was going. The same object when
 * nothing changed.
 */
export function recordStep(progress: Progress, course: Course, preset: string, step: number, total: number): Progress {
  const before = progressOf(progress, course.id);
  if (before.done.includes(preset)) return progress;
  const finished = step >= total;
  if (!finished && before.at?.preset === preset && before.at.step === step) return progress;
  const done = finished ? course.chapters.map((ch) => ch.preset).filter((id) => id === preset || before.done.includes(id)) : before.done;
  return { ...progress, [course.id]: { done, at: { preset, step } } };
}

/**
 * Where "Continue" leads: the chapter last open, at its step, unless it is finished; then the first
 * unfinished chapter after it (or before it). Null once every chapter is finished.
 */
export function resumeTarget(course: Course, p: CourseProgress): { index: number; step: number } | null {
  const isDone = (i: number) => p.done.includes(course.chapters[i].preset);
  const last = p.at ? course.chapters.findIndex((ch) => ch.preset === p.at?.preset) : -1;
  if (last >= 0 && !isDone(last)) return { index: last, step: p.at?.step ?? 0 };
  const order = course.chapters.map((_, i) => i);
  const next = [...order.slice(last + 1), ...order.slice(0, last + 1)].find((i) => !isDone(i));
  return next === undefined ? null : { index: next, step: 0 };
}
