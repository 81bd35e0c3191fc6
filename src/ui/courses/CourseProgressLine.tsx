import type { Course } from '../../courses';
import type { CourseProgress } from './progress';

/** How far a course is: one square per chapter (✓ when finished) and the same in words. */
export function CourseProgressLine({ course, progress }: { course: Course; progress: CourseProgress }) {
  const n = course.chapters.length;
  const done = course.chapters.filter((ch) => progress.done.includes(ch.preset)).length;
  const words =
    done === n
      ? `✓ All ${n} chapters finished`
      : done > 0
        ? `${done} of ${n} chapters finished`
        : progress.at
          ? 'Started'
          : `${n} chapters`;
  return (
    <span className="course-progress">
      <span className="course-squares" aria-hidden="true">
        {course.chapters.map((ch) => (
          <span key={ch.preset} className={progress.done.includes(ch.preset) ? 'course-square done' : 'course-square'}>
            {progress.done.includes(ch.preset) ? '✓' : ''}
          </span>
        ))}
      </span>
      <span className="course-progress-words">{words}</span>
    </span>
  );
}
