import { describe, expect, it } from 'vitest';
import type { FrameMsg } from '../../worker/protocol';
import { presetById } from '../../scenarios';
import { gradeOf, type Met, offered, stepsBeforeQuestion } from './attempt';

const met = (pick: string | null, answer: string, choices: string[] = ['T1', 'T2', 'both']): Met => ({
  step: 8,
  choices,
  pick,
  before: {} as FrameMsg,
  answer: { value: answer, why: 'because' },
});

describe('When a question is graded', () => {
  it('the pick is right or wrong against the engine’s answer, and no pick is a skip', () => {
    expect(gradeOf(met('T2', 'T2'))).toBe('right');
    expect(gradeOf(met('T1', 'T2'))).toBe('wrong');
    expect(gradeOf(met(null, 'T2'))).toBe('skipped');
  });

  it('an answer the choices did not offer (a fork changed the step) is not scored, whatever was picked', () => {
    const forked = met('T1', 'none');
    expect(offered(forked)).toBe(false);
    expect(gradeOf(forked)).toBe('ungraded');
    expect(offered(met('T1', 'T2'))).toBe(true);
  });
});

describe('When playback runs at Max speed', () => {
  it('a batch of steps ends where the next question is asked, and goes on once it is behind', () => {
    // Two cooks, one crash: step 8 asks, so the card shows at step 7.
    const scenario = presetById('two-cooks-one-crash')?.scenario;
    if (!scenario) throw new Error('preset missing');
    expect(stepsBeforeQuestion(scenario, 0)).toBe(7);
    expect(stepsBeforeQuestion(scenario, 6)).toBe(1);
    expect(stepsBeforeQuestion(scenario, 7)).toBe(Number.POSITIVE_INFINITY);
  });
});
