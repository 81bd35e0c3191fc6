import { describe, expect, it } from 'vitest';
import { labs, timelineFor } from '../../engine/labs';
import { parseScenario, type ScenarioOf } from '../../engine/scenario/schema';
import example from './three-banks-lossy.json';

/** The example file, validated as a two-phase commit scenario with an outcome (optionally another one). */
function load(expect?: unknown) {
  const scenario = parseScenario(expect === undefined ? structuredClone(example) : { ...structuredClone(example), expect });
  if (scenario.lab !== 'two-phase-commit' || !scenario.expect)
    throw new Error('three-banks-lossy.json is not a two-phase commit scenario with an outcome');
  return { ...scenario, expect: scenario.expect } satisfies ScenarioOf<'two-phase-commit'>;
}

describe('When the example scenario file for `npm run lab:2pc` is run', () => {
  it('validates, runs without a refused step and reaches its expected outcome', () => {
    const scenario = load();
    const timeline = timelineFor(scenario);
    const { frames } = timeline.runTo(scenario.steps.length);
    const events = frames.flatMap((f) => f.events);
    expect(events.filter((e) => e.type === 'action.refused')).toEqual([]);
    const lab = labs['two-phase-commit'];
    expect(lab.check(timeline.engineState, scenario.expect)).toMatchObject({ ok: true, failures: [] });
    // t2 asked carol for 50 of her 40: bank_a's CHECK failed, so its PREPARE rolled back and everyone did.
    expect(lab.summarize(timeline.engineState)).toMatchObject({ outcomes: { t2: 'aborted' }, violations: [] });
    const decisions = Object.fromEntries(events.flatMap((e) => (e.type === 'decision.made' ? [[e.gid, e.reason]] : [])));
    expect(decisions.t2).toMatch(/^bank_a voted no: .*23514/);
    // The file is about a lossy network: t1 commits although some of its messages were lost on the way.
    const t1Lost = events.filter((e) => e.type === 'msg.lost' && e.gid === 't1' && e.reason === 'network');
    expect(t1Lost.length).toBeGreaterThan(0);
    // bank_c crashed with t3 prepared: it comes back from the WAL in doubt, then the coordinator rolls it back.
    expect(events).toContainEqual(expect.objectContaining({ type: 'node.restarted', node: 'bank_c', prepared: ['t3'] }));
  });

  it('a wrong expectation fails the check with a readable sentence', () => {
    const scenario = load({ outcomes: { t2: 'committed' }, inFlight: 3 });
    const timeline = timelineFor(scenario);
    timeline.runTo(scenario.steps.length);
    expect(labs['two-phase-commit'].check(timeline.engineState, scenario.expect).failures).toEqual([
      'Expected: t2 is committed on every participant. Happened: t2 is rolled back on every participant.',
      'Expected: 3 messages in flight. Happened: no message in flight.',
    ]);
  });
});
