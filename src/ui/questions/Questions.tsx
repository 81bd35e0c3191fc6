import { useState } from 'react';
import { isProblem } from '../../engine/questions';
import { selectFrame, selectScenario } from '../selectors';
import { useApp, useAppStore } from '../store-context';
import { currentLink } from '../url-sync';
import { askOf, choicesFor, gradeOf, type Met, offered, useAttempt } from './attempt';
import { QuestionCard } from './QuestionCard';
import { answersParam, type SharedPick } from './shared-answers';
import './questions.css';

/** After a question's step ran: right or wrong, the engine's answer and why. */
function Reveal({ met }: { met: Met }) {
  const grade = gradeOf(met);
  const a = met.answer;
  if (!a) return null;
  if (isProblem(a)) return <p className="question-reveal ungraded">This question could not be graded here: {a.problem}.</p>;
  if (!offered(met))
    return (
      <p className="question-reveal ungraded" role="status">
        The answer is <b>{a.value}</b>, which was not among the choices (this scenario no longer does what the question was written for), so
        it is not scored. {a.why}
      </p>
    );
  const head = { right: '✓ Right', wrong: '✗ Not quite', skipped: 'Skipped', ungraded: '' }[grade];
  return (
    <div className={`question-reveal ${grade}`} role="status">
      <strong>{head}:</strong> {grade === 'wrong' ? `you said ${met.pick ?? ''}; ` : ''}the answer is <b>{a.value}</b>. {a.why}
    </div>
  );
}

/** The end of a preset with questions: the score, and a link that carries the answers if the user wants. */
function Score({ met, total }: { met: ReadonlyMap<number, Met>; total: number }) {
  const store = useAppStore();
  const [link, setLink] = useState<string | null>(null);
  const all = [...met.values()];
  const right = all.filter((m) => gradeOf(m) === 'right').length;
  const skipped = all.filter((m) => m.pick === null).length;
  const unscored = all.filter((m) => m.answer && gradeOf(m) === 'ungraded').length;
  const share = () => {
    const picks = new Map<number, SharedPick>();
    for (const m of all) {
      const i = !isProblem(m.choices) && m.pick !== null ? m.choices.indexOf(m.pick) : -1;
      picks.set(m.step, i >= 0 ? i + 1 : 'skip');
    }
    // The attempt starts from the beginning: whoever opens it steps through the questions.
    const url = currentLink(store, window.location.href).replace(/&step=\d+$/, '') + answersParam(picks);
    setLink(url);
    void navigator.clipboard?.writeText(url).catch(() => undefined);
  };
  return (
    <div className="question-score">
      <strong>
        Your predictions: {right} of {total - unscored} right
      </strong>
      {skipped > 0 && <span> ({skipped} skipped)</span>}
      {unscored > 0 && <span> ({unscored} not scored)</span>}
      {all.length < total && <span> ({total - all.length} not met: step through from the start to answer them)</span>}
      {all.length > 0 && (
        <button type="button" onClick={share}>
          Share my answers
        </button>
      )}
      {link && <input readOnly value={link} aria-label="Link with my answers" onFocus={(e) => e.currentTarget.select()} />}
    </div>
  );
}

/**
 * Predict, then reveal: before a step that asks a question, the question and its choices;
 * after it, right or wrong and why; at the end, the score. Lives in the narration.
 */
export function Questions() {
  const store = useAppStore();
  const frame = useApp(selectFrame);
  const scenario = useApp(selectScenario);
  const { met, shared, answer } = useAttempt(store);
  if (!frame || !scenario) return null;
  const asks = scenario.steps.filter((s) => s.ask).length;
  if (asks === 0) return null;
  const next = askOf(scenario, frame.step + 1);
  const here = met.get(frame.step);
  const sharedPick = shared instanceof Map ? shared.get(frame.step + 1) : undefined;
  return (
    <div className="questions" data-strip-focus={here || next ? '' : undefined}>
      {typeof shared === 'string' && <p className="question-problem">{shared}</p>}
      {here && <Reveal met={here} />}
      {next && !met.has(frame.step + 1) && (
        <QuestionCard
          key={`${frame.step}`}
          q={next.q}
          step={frame.step + 1}
          choices={choicesFor(frame, next.about)}
          shared={sharedPick}
          onAnswer={(pick) => answer(frame, pick)}
          onSkip={() => answer(frame, null)}
        />
      )}
      {frame.step >= frame.total && <Score met={met} total={asks} />}
    </div>
  );
}
