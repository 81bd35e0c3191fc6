import { describe, expect, it } from 'vitest';
import { labs, timelineFor } from '../../engine/labs';
import { parseScenario } from '../../engine/scenario/schema';
import type { Event } from '../../engine/two-phase-commit/types';
import example from './three-banks-lossy.json';

describe('When the example scenario file for `npm run lab:2pc` is run', () => {
  it('validates, runs without a refused step and reaches its expected outcome', () => {
    const scenario = parseScenario(structuredClone(example));
    const timeline = timelineFor(scenario);
    const { frames } = timeline.runTo(scenario.steps.length);
    expect(frames.flatMap((f) => f.events).filter((e) => e.type === 'error')).toEqual([]);
    const lab = labs['two-phase-commit'];
    expect(lab.check(timeline.engineState, scenario.expect)).toEqual({ ok: true, failures: [] });
    // t2 asked carol for 50 of her 40: bank_a's CHECK failed, so its PREPARE rolled back and everyone did.
    expect(lab.summarize(timeline.engineState)).toMatchObject({ outcomes: { t2: 'aborted' }, violations: [] });
    const events = frames.flatMap((f) => f.events) as Event[];
    const decisions = Object.fromEntries(events.flatMap((e) => (e.type === 'decision' ? [[e.gid, e.reason]] : [])));
    expect(decisions.t2).toMatch(/^bank_a voted no: .*23514/);
    // The file is about a lossy network: t1 commits although some of its messages were lost on the way.
    const t1Lost = events.filter((e) => e.type === 'msg.lost' && e.gid === 't1' && e.reason === 'network');
    expect(t1Lost.length).toBeGreaterThan(0);
    // bank_c crashed with t3 prepared: it comes back from the WAL in doubt, then the coordinator rolls it back.
    expect(events).toContainEqual(expect.objectContaining({ type: 'node.recovered', node: 'bank_c', prepared: ['t3'] }));
  });

  it('a wrong expectation fails the check with a readable sentence', () => {
    const scenario = parseScenario({ ...structuredClone(example), expect: { outcomes: { t2: 'committed' }, inFlight: 3 } });
    const timeline = timelineFor(scenario);
    timeline.runTo(scenario.steps.length);
    expect(labs['two-phase-commit'].check(timeline.engineState, scenario.expect).failures).toEqual(['t2 is aborted, expected committed', '0 message(s) in flight, expected 3']);
  });
});
