import { type RefObject, useEffect, useRef, useState } from 'react';
import { selectBranches, selectFrame } from '../selectors';
import { useApp } from '../store-context';
import { courseHref } from './course-link';
import { activeChapter, useCourseState } from './course-state';
import { progressOf } from './progress';
import './courses.css';

/**
 * Above a lab opened as a course chapter: the course, "chapter i of n" with a mark per chapter (✓ once
 * finished), the chapter's introduction at its first step, and "Next chapter" at its last (also docked
 * above the timeline when the view has scrolled the bar away to show what the last step changed).
 */
export function CourseBar() {
  const branches = useApp(selectBranches);
  const frame = useApp(selectFrame);
  const chapterRef = useCourseState((s) => s.chapter);
  const progress = useCourseState((s) => s.progress);
  const active = activeChapter({ branches }, { chapter: chapterRef });
  const atEnd = frame !== null && frame.step >= frame.total;
  const ref = useRef<HTMLElement>(null);
  const barHidden = useOffScreen(ref, active !== null && atEnd);
  if (!active || !frame) return null;
  const { course, index } = active;
  const chapter = course.chapters[index];
  const n = course.chapters.length;
  const done = progressOf(progress, course.id).done;
  const next = index + 1 < n ? course.chapters[index + 1] : null;
  const go = next ? (
    <a className="course-go" href={courseHref(course.id, index + 1)}>
      Next chapter: {next.title} →
    </a>
  ) : (
    <a className="course-go" href={courseHref(course.id)}>
      Course finished: what to try next →
    </a>
  );
  return (
    <nav ref={ref} className="course-bar" aria-label={`Course: ${course.title}`}>
      <div className="course-bar-head">
        <a className="course-bar-course" href={courseHref(course.id)}>
          {course.title}
        </a>
        <span className="course-bar-where">
          Chapter {index + 1} of {n}: <strong>{chapter.title}</strong>
        </span>
        <ol className="course-pips chip-row">
          {course.chapters.map((ch, i) => {
            const finished = done.includes(ch.preset);
            return (
              <li key={ch.preset}>
                <a
                  href={courseHref(course.id, i)}
                  className={finished ? 'course-pip done' : 'course-pip'}
                  aria-current={i === index ? 'step' : undefined}
                  aria-label={`Chapter ${i + 1}: ${ch.title}${finished ? ', finished' : ''}`}
                  title={ch.title}
                >
                  {finished ? '✓' : i + 1}
                </a>
              </li>
            );
          })}
        </ol>
      </div>
      {frame.step === 0 && <p className="course-intro">{chapter.intro}</p>}
      {atEnd && (
        <p className="course-end" role="status">
          <span>✓ Chapter {index + 1} finished.</span> {go}
        </p>
      )}
      {atEnd && barHidden && (
        <p className="course-dock">
          <span aria-hidden="true">✓</span> {go}
        </p>
      )}
    </nav>
  );
}

/**
 * True while `watch` is on and the element is out of the window. The dock's distance from the
 * bottom follows the sticky timeline's height. Without IntersectionObserver (old browsers, tests): false.
 */
function useOffScreen(ref: RefObject<HTMLElement | null>, watch: boolean): boolean {
  const [off, setOff] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!watch || !el || typeof IntersectionObserver === 'undefined') return;
    const timeline = el.ownerDocument.querySelector('.timeline');
    const height = timeline?.getBoundingClientRect().height ?? 0;
    el.ownerDocument.documentElement.style.setProperty('--course-dock-bottom', `${Math.ceil(height) + 8}px`);
    const observer = new IntersectionObserver(([entry]) => setOff(!entry.isIntersecting));
    observer.observe(el);
    return () => {
      observer.disconnect();
      setOff(false);
    };
  }, [ref, watch]);
  return off;
}
