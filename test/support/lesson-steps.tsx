/**
 * A lesson's steps as a reader meets them: every step of a lab's presets drawn by its panels in
 * the essentials view, with the step's events, and the claims its narration makes checked
 * against its frame.
 */
import { cleanup, render } from '@testing-library/react';
import type { ComponentType } from 'react';
import type { LabId } from '../../src/engine/scenario/schema';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { StepContext } from '../../src/ui/components/Panel';
import type { PanelProps } from '../../src/ui/panels/panel-props';
import type { LabFrame } from '../../src/worker/protocol';
import { labFrames } from './frame-at';

/** Every step (after the first) of every preset of `lab`, as `<preset> step <n>` and its frame. */
function* lessonSteps<K extends LabId>(lab: K): Generator<{ where: string; frame: LabFrame<K>; last: boolean }> {
  for (const p of PRESETS_BY_LAB[lab]) {
    const id = p.preset ?? p.title;
    const run = labFrames(lab, id);
    for (let step = 0; step <= p.steps.length; step++)
      yield { where: `${id} step ${step}`, frame: run.at(step), last: step === p.steps.length };
  }
}

/**
 * The steps at which no unfolded panel of the essentials view is marked as changed: a reader
 * would not see what the step did. Returns `<preset> step <n>` for each.
 */
export function stepsShowingNoChange<K extends LabId>(lab: K, Panels: ComponentType<PanelProps<K>>): string[] {
  const bad: string[] = [];
  for (const { where, frame } of lessonSteps(lab)) {
    if (frame.step === 0) continue;
    const { container } = render(
      <StepContext.Provider value={{ step: frame.step, events: frame.events, essentials: true }}>
        <Panels frame={frame} duration={0} />
      </StepContext.Provider>,
    );
    if (!container.querySelector('.panel[data-changed]:not(.panel-folded)'))
      bad.push(`${where} (${frame.events.map((e) => e.type).join(' ')})`);
    cleanup();
  }
  return bad;
}

/** A kind of claim narration makes: a pattern, and what the frame must show when it matches (a problem, or null). */
export interface Claim<K extends LabId> {
  readonly pattern: RegExp;
  readonly check: (m: RegExpMatchArray, frame: LabFrame<K>) => string | null;
}

/** Every match of every claim in every step's narration: how many were checked, and the contradictions. */
export function checkNarration<K extends LabId>(lab: K, claims: readonly Claim<K>[]): { checked: number; problems: string[] } {
  let checked = 0;
  const problems: string[] = [];
  for (const { where, frame } of lessonSteps(lab)) {
    for (const c of claims) {
      for (const m of frame.narration.matchAll(
        new RegExp(c.pattern.source, c.pattern.flags.includes('g') ? c.pattern.flags : `${c.pattern.flags}g`),
      )) {
        checked++;
        const problem = c.check(m, frame);
        if (problem) problems.push(`${where}: "${m[0]}" but ${problem}`);
      }
    }
  }
  return { checked, problems };
}
