import { COURSES } from '../../courses';
import { courseHref } from './course-link';
import { useCourseState } from './course-state';
import { CourseProgressLine } from './CourseProgressLine';
import { progressOf } from './progress';
import './courses.css';

/** The gallery's "Start here": one card per course, with how far the visitor got, above the full catalogue. */
export function CourseCards() {
  const progress = useCourseState((s) => s.progress);
  return (
    <section className="course-start" aria-labelledby="start-here">
      <h2 id="start-here">
        Start here <span className="group-blurb">Six guided courses, each a few scenarios in the order that tells one story.</span>
      </h2>
      <ul className="cards course-cards">
        {COURSES.map((c) => (
          <li key={c.id}>
            <a className="card course-card" href={courseHref(c.id)} data-course={c.id}>
              <span className="card-title">{c.title}</span>
              <span className="card-teaser">{c.summary}</span>
              <CourseProgressLine course={c} progress={progressOf(progress, c.id)} />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
