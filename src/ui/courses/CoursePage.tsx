import type { ReactNode } from 'react';
import { type Course, courseById } from '../../courses';
import { presetById } from '../../scenarios';
import { useAppStore } from '../store-context';
import { backToGallery } from '../url-sync';
import { courseHref } from './course-link';
import { useCourseState } from './course-state';
import { CourseProgressLine } from './CourseProgressLine';
import { progressOf, resumeTarget } from './progress';
import { TryNext } from './TryNext';
import './courses.css';

/** A course: its chapters with their introductions and progress, where to continue, and what to try next. */
function CoursePage({ course }: { course: Course }) {
  const store = useAppStore();
  const progress = progressOf(
    useCourseState((s) => s.progress),
    course.id,
  );
  const resume = resumeTarget(course, progress);
  const started = progress.at !== null || progress.done.length > 0;
  const complete = resume === null;
  const go = resume && (
    <a className="course-go" href={courseHref(course.id, resume.index, resume.step)}>
      {!started
        ? `Start: chapter 1, ${course.chapters[0].title}`
        : `Continue: chapter ${resume.index + 1}${resume.step > 0 ? `, step ${resume.step}` : ''}, ${course.chapters[resume.index].title}`}{' '}
      →
    </a>
  );
  return (
    <main className="course-page" aria-labelledby="course-title">
      <button type="button" className="back" onClick={() => backToGallery(store, window)}>
        ← Gallery
      </button>
      <p className="course-kicker">Course · {course.chapters.length} chapters</p>
      <h1 id="course-title">{course.title}</h1>
      <p className="course-summary">{course.summary}</p>
      <p className="course-status">
        <CourseProgressLine course={course} progress={progress} />
      </p>
      {complete ? (
        <p className="course-done">
          <strong>✓ Course finished.</strong> <a href={courseHref(course.id, 0)}>Play it again from chapter 1</a>
        </p>
      ) : (
        <p className="course-actions">{go}</p>
      )}
      {complete && <TryNext course={course} />}
      <ol className="course-chapters">
        {course.chapters.map((ch, i) => {
          const preset = presetById(ch.preset);
          const done = progress.done.includes(ch.preset);
          const here = !done && progress.at?.preset === ch.preset && progress.at.step > 0;
          return (
            <li key={ch.preset} className={done ? 'done' : undefined}>
              <span className="course-ch-mark" aria-hidden="true">
                {done ? '✓' : i + 1}
              </span>
              <div className="course-ch-body">
                <h2>
                  <a href={courseHref(course.id, i)}>
                    <span className="visually-hidden">Chapter {i + 1}: </span>
                    {ch.title}
                  </a>
                </h2>
                <p className="course-ch-meta">
                  {preset?.scenario.title} · {preset?.scenario.steps.length} steps
                  {done ? ' · ✓ finished' : here ? ` · stopped at step ${progress.at?.step}` : ''}
                </p>
                <p>{ch.intro}</p>
              </div>
            </li>
          );
        })}
      </ol>
      {!complete && <TryNext course={course} />}
    </main>
  );
}

/** The course page when one is open (`#course=<id>`), else the screen it stands in for (the gallery). */
export function CoursePageOr({ children }: { children: ReactNode }) {
  const page = useCourseState((s) => s.page);
  const course = page === null ? undefined : courseById(page);
  return course ? <CoursePage course={course} /> : children;
}
