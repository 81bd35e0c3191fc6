import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { twopcPresets } from '../../../scenarios/two-phase-commit/presets';
import { layoutSpacetime, SIZE } from './spacetime';

/** The diagram's box on a 390 px phone: the window less the page's and the panel's padding. */
const PHONE_BOX = 336;

type Frame = ReturnType<ReturnType<typeof labFrames<'two-phase-commit'>>['at']>;
const freshIn = (f: Frame) =>
  new Set(f.events.flatMap((e) => (e.type === 'msg.delivered' || e.type === 'msg.lost' || e.type === 'msg.sent' ? [e.id] : [])));

/** Every step of every preset, with the ids of the messages that step moved. */
function* everyStep(): Generator<{ where: string; frame: Frame; fresh: Set<number> }> {
  for (const p of twopcPresets) {
    const run = labFrames('two-phase-commit', p.preset);
    for (let step = 0; step <= p.steps.length; step++) {
      const frame = run.at(step);
      yield { where: `${p.preset} step ${step}`, frame, fresh: freshIn(frame) };
    }
  }
}

describe('When the space-time diagram is drawn in a phone-wide box', () => {
  it('fits the box at every step of every preset, without scaling, drawing the step’s and in-flight messages and summarising older ones', () => {
    const problems: string[] = [];
    let summarised = 0;
    for (const { where, frame, fresh } of everyStep()) {
      const d = layoutSpacetime(frame.view, fresh, PHONE_BOX);
      if (d.width > PHONE_BOX) problems.push(`${where}: ${d.width} px wide`);
      const drawn = new Set(d.messages.map((p) => p.m.id));
      const missing = frame.view.messages.filter((m) => (fresh.has(m.id) || m.status === 'flight') && !drawn.has(m.id));
      if (missing.length > 0) problems.push(`${where}: ${missing.map((m) => m.label).join(', ')} not drawn`);
      // Every message is either drawn or counted in the summary of earlier ones.
      if (drawn.size + (d.earlier?.count ?? 0) !== frame.view.messages.length)
        problems.push(`${where}: messages neither drawn nor summarised`);
      if (d.earlier) summarised++;
      for (const p of d.messages) {
        const xs = [p.x1, p.x2, p.dotX, ...(p.label ? [p.label.x] : [])];
        if (xs.some((x) => x < d.left || x > d.width)) problems.push(`${where}: ${p.m.label} drawn outside the box`);
      }
    }
    expect(problems).toEqual([]);
    // The long presets need it: the phone shows their older messages as a count.
    expect(summarised).toBeGreaterThan(0);
  });

  it('keeps every message of a short exchange at full scale when there is room', () => {
    const run = labFrames('two-phase-commit', '2pc-everyone-votes-yes');
    const f = run.at(4);
    const wide = layoutSpacetime(f.view, freshIn(f), 2000);
    expect(wide.earlier).toBeNull();
    expect(wide.left).toBe(SIZE.left);
    expect(wide.messages).toHaveLength(f.view.messages.length);
  });
});
