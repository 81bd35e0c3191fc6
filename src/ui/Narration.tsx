import { type ReactNode, useEffect, useRef } from 'react';
import { type Expectation, refusalIn } from '../engine/core/lab';
import type { FrameMsg } from '../worker/protocol';

/** One expectation: met or not, what was expected and, when it adds anything, what happened. */
function ExpectationLine({ e }: { e: Expectation }) {
  // A met expectation whose result only repeats it ("T1 committed", "exactly 4" for 4) says it once.
  const repeats = e.ok && e.expected.includes(e.actual);
  return (
    <li className={e.ok ? 'expect-ok' : 'expect-bad'}>
      <span className="expect-mark" aria-hidden="true">
        {e.ok ? '✓' : '✗'}
      </span>
      <span className="visually-hidden">{e.ok ? 'Holds: ' : 'Does not hold: '}</span>
      <span>
        {e.expected}
        {!repeats && (e.ok ? ` — ${e.actual}` : ` — but ${e.actual}`)}
        {e.ok && e.lesson && <span className="expect-lesson">{e.lesson}</span>}
      </span>
    </li>
  );
}

/** Longer lists than this are summed up in one line, with the lines that held one click away. */
const SHORT_LIST = 3;

/**
 * The end of a preset: what it expected and what happened. A short list is shown whole; a
 * long one as one line ("7 of 9 expectations held"), the ones that failed (or, when all held,
 * the ones saying why an expected failure is the lesson), and the rest behind a disclosure.
 */
function Outcome({ outcome }: { outcome: NonNullable<FrameMsg['outcome']> }) {
  const lines = outcome.expectations ?? [];
  const lesson = outcome.ok && lines.some((e) => e.lesson);
  const long = lines.length > SHORT_LIST;
  // Named outside the disclosure: what failed, and (when all held) why a failure was expected.
  const isNamed = (e: Expectation) => !e.ok || (lesson && e.lesson !== undefined);
  const named = long ? lines.filter(isNamed) : lines;
  const rest = long ? lines.filter((e) => !isNamed(e)) : [];
  return (
    <div className={outcome.ok ? 'outcome outcome-ok' : 'outcome outcome-bad'}>
      <strong>
        <span aria-hidden="true">{outcome.ok ? '✓ ' : '✗ '}</span>
        {outcome.ok
          ? lesson
            ? 'Expected outcome reached: the failure is the lesson'
            : 'Expected outcome reached'
          : 'Outcome differs from what this scenario expects'}
      </strong>
      {long && (
        <p className="expect-summary">
          {lines.filter((e) => e.ok).length} of {lines.length} expectations held
        </p>
      )}
      {lines.length > 0 ? (
        <>
          {named.length > 0 && (
            <ul className="expectations" aria-label="What was expected, and what happened">
              {named.map((e, i) => (
                <ExpectationLine key={i} e={e} />
              ))}
            </ul>
          )}
          {rest.length > 0 && (
            <details className="expect-rest">
              <summary>
                {rest.length === lines.length ? 'Show all' : 'Show the other'} {rest.length}
              </summary>
              <ul className="expectations" aria-label="Expectations that held">
                {rest.map((e, i) => (
                  <ExpectationLine key={i} e={e} />
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        outcome.failures.length > 0 && (
          <ul>
            {outcome.failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}

/**
 * The story of the current step: what ran, what the narrator says, and at the end whether the
 * outcome was reached. A scenario's goal (what it shows, what to watch) opens step 0 and stays
 * one click away at every later step.
 */
export function Narration({ frame, label, goal, children }: { frame: FrameMsg; label: string; goal?: string; children?: ReactNode }) {
  const box = useRef<HTMLElement>(null);
  const hasOutcome = frame.outcome !== null;
  // Where the narration is a short strip that scrolls in itself (phones, presenter mode), the
  // last step scrolls the strip, not the page, to the outcome: it is that step's point.
  // A question asked or revealed (data-strip-focus) is brought into the strip the same way.
  // Every other step starts the strip at its top, where the goal or the step's words begin.
  // Measured in the next animation frame, where the browser lays the page out anyway: read in the
  // effect, the sizes would force a layout of the whole page in the middle of React's commit, and
  // the panels' own effects would make the browser lay it out again.
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      const strip = box.current;
      if (!strip || strip.scrollHeight <= strip.clientHeight + 1) return;
      const end = strip.querySelector('.outcome, [data-strip-focus]');
      strip.scrollTop = end ? strip.scrollTop + end.getBoundingClientRect().top - strip.getBoundingClientRect().top - 8 : 0;
    });
    return () => cancelAnimationFrame(raf);
  }, [frame.step, hasOutcome]);
  return (
    <section ref={box} className="narration panel" aria-labelledby="narration-title" aria-live="polite">
      <h2 id="narration-title">
        Step {frame.step} of {frame.total}
      </h2>
      {goal &&
        (frame.step === 0 ? (
          <div className="goal" role="note" aria-labelledby="goal-title">
            <h3 id="goal-title">What this shows</h3>
            <p>{goal}</p>
          </div>
        ) : (
          <details className="goal-recall">
            <summary>What this shows</summary>
            <p>{goal}</p>
          </details>
        ))}
      <StepWords frame={frame} label={label} />
      {frame.outcome && <Outcome outcome={frame.outcome} />}
      {children}
    </section>
  );
}

/** A step's own words: the action that ran, the narrator's text, and the lab's refusal if it refused. */
export function StepWords({ frame, label }: { frame: FrameMsg; label: string }) {
  const refusal = refusalIn(frame.events);
  return (
    <>
      <p className="narration-action">
        <code>{label}</code>
      </p>
      <p className="narration-text">{frame.narration}</p>
      {refusal !== null && (
        <p className="narration-error" role="status">
          <span aria-hidden="true">⚠ </span>
          {refusal}
        </p>
      )}
    </>
  );
}
