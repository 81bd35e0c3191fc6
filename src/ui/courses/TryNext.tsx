import { type Course, COURSES } from '../../courses';
import { presetById } from '../../scenarios';
import { courseHref } from './course-link';

/** The end of a course: what to do with it, other presets, the editor, forking and the other courses. */
export function TryNext({ course }: { course: Course }) {
  const also = course.alsoTry.flatMap((id) => presetById(id) ?? []);
  return (
    <section className="course-next-steps" aria-labelledby="try-next">
      <h2 id="try-next">What to try next</h2>
      <p>{course.tryNext}</p>
      <ul>
        <li>
          <strong>Fork:</strong> at any step, “Fork from here” under the narration replaces what happens next; the link you copy carries
          your version.
        </li>
        <li>
          <strong>Edit:</strong> in the Transactions lab, “Edit scenario” changes the SQL, the sessions and the order of the steps, and runs
          it again (try it on <a href="#preset=txn-lost-update-rc">the lost update</a>).
        </li>
        {also.length > 0 && (
          <li>
            <strong>Also try:</strong>{' '}
            {also.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                <a href={`#preset=${p.id}`}>{p.scenario.title}</a>
              </span>
            ))}
            .
          </li>
        )}
      </ul>
      <h3>Other courses</h3>
      <ul className="course-others">
        {COURSES.filter((c) => c.id !== course.id).map((c) => (
          <li key={c.id}>
            <a href={courseHref(c.id)}>{c.title}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
