import { describe, expect, it } from 'vitest';
import type { FrameMsg } from '../../worker/protocol';
import { gradeOf, type Met, offered } from './attempt';

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
