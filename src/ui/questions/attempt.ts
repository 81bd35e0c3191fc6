import { useEffect, useRef, useState } from 'react';
import { type Answer, answerAt, choicesAt, isProblem, type Problem } from '../../engine/questions';
import type { Scenario } from '../../engine/scenario/schema';
import type { FrameMsg } from '../../worker/protocol';
import type { AppStore } from '../store';
import { forgetLinkAnswers, linkAnswersFor, type SharedPick } from './shared-answers';

/** The question a step asks before it runs (`steps[step - 1].ask`), if any. */
export const askOf = (scenario: Scenario, step: number) => (step >= 1 ? scenario.steps[step - 1]?.ask : undefined);

/**
 * How many steps playback may take from `step` in one go without passing a question it has not
 * stopped for: up to the step before the next question after `step + 1` (where it pauses to ask).
 */
export function stepsBeforeQuestion(scenario: Scenario, step: number): number {
  for (let k = step + 2; k <= scenario.steps.length; k++) if (askOf(scenario, k)) return k - 1 - step;
  return Number.POSITIVE_INFINITY;
}

/** One question met on the way: what was offered, what the viewer picked (null: skipped), and the grade once its step ran. */
export interface Met {
  readonly step: number;
  readonly choices: readonly string[] | Problem;
  readonly pick: string | null;
  /** The frame before the step: the probe reads what changed. */
  readonly before: FrameMsg;
  /** The engine's answer, once the step's frame has been seen. */
  readonly answer?: Answer | Problem;
}

/** The choices of the question the step after `before` asks. */
export const choicesFor = (before: FrameMsg, about: string) => choicesAt(before, about);

/**
 * The viewer's attempt at a scenario's questions, kept while its lab is open: each question met
 * (answered, or skipped by stepping on), graded when its step's frame arrives; playback pauses
 * before a question still open; a new scenario (a fork, another preset) or opening it again starts a new attempt.
 */
export function useAttempt(store: AppStore): {
  met: ReadonlyMap<number, Met>;
  shared: ReadonlyMap<number, SharedPick> | string | null;
  answer(before: FrameMsg, pick: string | null): void;
} {
  const [state, setState] = useState<{ scenario: Scenario | null; met: Map<number, Met> }>(() => ({
    scenario: store.getState().scenario,
    met: new Map(),
  }));
  const scenario = store.getState().scenario;
  const answerRef = useRef<(before: FrameMsg, pick: string | null) => void>(() => undefined);

  useEffect(() => {
    // The same attempt, read and written by the subscription below and by answer().
    let current = { scenario: store.getState().scenario, met: new Map<number, Met>() };
    const commit = (next: typeof current) => {
      current = next;
      setState(next);
    };
    const onChange = (s: ReturnType<AppStore['getState']>, prev: ReturnType<AppStore['getState']>) => {
      if (s.screen === 'gallery' && prev.screen !== 'gallery') forgetLinkAnswers();
      // Another scenario, or the same one opened again (a link, the gallery: the branches start over), is a new attempt.
      const reopened = s.branches !== prev.branches && s.branches.length <= 1;
      if (s.scenario !== current.scenario || reopened) commit({ scenario: s.scenario, met: new Map() });
      const f = s.frame;
      const sc = s.scenario;
      if (!f || !sc || f === prev.frame) return;
      const ask = askOf(sc, f.step);
      let met = current.met.get(f.step);
      // Stepped onto a question without answering it: a skip.
      if (ask && !met && prev.frame && prev.scenario === sc && prev.frame.step === f.step - 1)
        met = { step: f.step, choices: choicesFor(prev.frame, ask.about), pick: null, before: prev.frame };
      if (ask && met && !met.answer) {
        const answer = answerAt(f, met.before, ask.about);
        commit({ scenario: sc, met: new Map(current.met).set(f.step, { ...met, answer }) });
      }
      // Playback pauses where the next step asks a question not met yet.
      if (s.playing && askOf(sc, f.step + 1) && !current.met.has(f.step + 1)) s.setPlaying(false);
    };
    const unsubscribe = store.subscribe(onChange);
    answerRef.current = (before, pick) => {
      const sc = store.getState().scenario;
      const ask = sc ? askOf(sc, before.step + 1) : undefined;
      if (!sc || !ask) return;
      const met: Met = { step: before.step + 1, choices: choicesFor(before, ask.about), pick, before };
      commit({ scenario: sc, met: new Map(current.met).set(met.step, met) });
      void store.getState().seek(met.step);
    };
    return () => {
      unsubscribe();
      answerRef.current = () => undefined;
    };
  }, [store]);

  const met = state.scenario === scenario ? state.met : EMPTY;
  return { met, shared: scenario ? linkAnswersFor(scenario) : null, answer: (before, pick) => answerRef.current(before, pick) };
}

const EMPTY: ReadonlyMap<number, Met> = new Map();

/**
 * Right, wrong, skipped or ungradable: what the reveal and the score say about one question. An
 * answer the choices did not offer (a fork or an edit changed what the step does) is not scored.
 */
export function gradeOf(met: Met): 'right' | 'wrong' | 'skipped' | 'ungraded' {
  if (!met.answer || isProblem(met.answer) || !offered(met)) return 'ungraded';
  if (met.pick === null) return 'skipped';
  return met.pick === met.answer.value ? 'right' : 'wrong';
}

/** Whether the engine's answer was among the choices the viewer saw. */
export const offered = (met: Met): boolean =>
  !met.answer || isProblem(met.answer) || isProblem(met.choices) || met.choices.includes(met.answer.value);
