import { type Course, COURSES, courseById } from '../../courses';

/** Where a course link points: a course page, or a chapter at a step (`index` counts from 0). */
export type CourseTarget =
  | { readonly kind: 'page'; readonly course: Course }
  | { readonly kind: 'chapter'; readonly course: Course; readonly index: number; readonly step: number }
  /** A bad link: what is wrong, and the course to show when the course itself is fine. */
  | { readonly kind: 'bad'; readonly message: string; readonly course?: Course };

/** True for the hashes this module reads (`#course=…`); every other hash belongs to the scenario links. */
export const isCourseLink = (hash: string): boolean => /^#?course=/.test(hash);

/** The hash of a course page, or of one of its chapters (`index` from 0) at a step. */
export function courseHref(id: string, index?: number, step = 0): string {
  const base = `#course=${encodeURIComponent(id)}`;
  if (index === undefined) return base;
  return `${base}&ch=${index + 1}${step > 0 ? `&step=${step}` : ''}`;
}

const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);
const courseList = () => COURSES.map((c) => c.title).join(', ');

function params(raw: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    try {
      out.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1)));
    } catch {
      return null;
    }
  }
  return out;
}

/** Read `#course=<id>`, `#course=<id>&ch=<n>` or `#course=<id>&ch=<n>&step=<s>`; a bad link says what is wrong. */
export function parseCourseLink(hash: string): CourseTarget {
  const p = params(hash.replace(/^#/, ''));
  if (!p) return { kind: 'bad', message: 'The course link is corrupted: one of its values is badly escaped.' };
  const id = p.get('course') ?? '';
  const course = courseById(id);
  if (!course)
    return {
      kind: 'bad',
      message:
        id === ''
          ? `The link names no course. The courses are: ${courseList()}.`
          : `There is no course "${clip(id)}". The courses are: ${courseList()}.`,
    };
  const ch = p.get('ch');
  if (ch === undefined) return { kind: 'page', course };
  const n = course.chapters.length;
  if (!/^\d{1,4}$/.test(ch) || Number(ch) < 1 || Number(ch) > n)
    return { kind: 'bad', course, message: `“${course.title}” has chapters 1 to ${n}; there is no chapter "${clip(ch, 12)}".` };
  const stepText = p.get('step') ?? '0';
  if (!/^\d{1,7}$/.test(stepText)) return { kind: 'bad', course, message: `"${clip(stepText, 12)}" is not a step number.` };
  return { kind: 'chapter', course, index: Number(ch) - 1, step: Number(stepText) };
}
