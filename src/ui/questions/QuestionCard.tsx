import { useEffect, useId, useState } from 'react';
import { isProblem, type Problem } from '../../engine/questions';
import './questions.css';

/** Keys stay with fields the user types in; radio buttons are ours. */
const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['TEXTAREA', 'SELECT'].includes(t.tagName) || (t instanceof HTMLInputElement && t.type !== 'radio'));

const NONE: readonly string[] = [];

export interface QuestionCardProps {
  q: string;
  step: number;
  choices: readonly string[] | Problem;
  /** The pick a shared attempt made here (1-based), selected to start with. */
  shared?: number | 'skip';
  onAnswer(pick: string): void;
  onSkip(): void;
}

/**
 * A question before a step runs: radio choices, answered with a click or the keyboard (1-9 picks,
 * Enter answers), and Skip, which runs the step without an answer.
 */
export function QuestionCard({ q, step, choices, shared, onAnswer, onSkip }: QuestionCardProps) {
  const name = useId();
  const list = isProblem(choices) ? NONE : choices;
  const [picked, setPicked] = useState<string | null>(typeof shared === 'number' ? (list[shared - 1] ?? null) : null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
      const n = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
      if (n > 0 && n <= list.length) setPicked(list[n - 1]);
      // Enter answers even from a button elsewhere (Play, focused after a click); the card's own buttons act themselves.
      else if (e.key === 'Enter' && picked !== null && !(e.target instanceof Element && e.target.closest('.question-card button')))
        onAnswer(picked);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list, picked, onAnswer]);

  return (
    <form
      className="question-card"
      aria-label={`Question before step ${step}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (picked !== null) onAnswer(picked);
      }}
    >
      <fieldset>
        <legend>
          <span className="question-tag">Predict step {step}:</span> {q}
        </legend>
        {isProblem(choices) ? (
          <p className="question-problem">This question cannot be asked here: {choices.problem}.</p>
        ) : (
          <div className="question-choices">
            {list.map((c, i) => (
              <label key={c} className={picked === c ? 'question-choice picked' : 'question-choice'}>
                <input type="radio" name={name} value={c} checked={picked === c} onChange={() => setPicked(c)} />
                <kbd aria-hidden="true">{i + 1}</kbd> {c}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="question-actions">
        <button type="submit" disabled={picked === null}>
          Answer and run
        </button>
        <button type="button" onClick={onSkip}>
          Skip
        </button>
        {typeof shared === 'number' && <span className="question-note">Selected: the shared attempt&apos;s answer</span>}
      </div>
    </form>
  );
}
