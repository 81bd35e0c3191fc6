import { describe, expect, it } from 'vitest';
import { BudgetExceeded } from './core/budget';
import { timelineFor } from './labs';
import { parseScenario, type Scenario } from './scenario/schema';

/** Run a scenario file to its end the way the host does; returns the error it stopped with, if any. */
function stopOf(data: unknown): unknown {
  const scenario = parseScenario(data);
  try {
    timelineFor(scenario).seek(scenario.steps.length);
    return null;
  } catch (e) {
    return e;
  }
}

const base = { v: 1, title: 't', seed: 1 };
const twoBanks = [
  { name: 'a', rows: { x: 100 } },
  { name: 'b', rows: { y: 100 } },
];

/** Two banks, one down after a global transaction's COMMIT, then a tick of `ms` with a 1 ms timeout. */
const inDoubtTick = (ms: number) => ({
  ...base,
  lab: 'two-phase-commit',
  options: { participants: twoBanks, timeout: 1 },
  steps: [
    {
      do: {
        type: 'begin',
        gid: 'g',
        writes: [
          { node: 'a', key: 'x', add: -1 },
          { node: 'b', key: 'y', add: 1 },
        ],
      },
    },
    { do: { type: 'crash', node: 'b' } },
    { do: { type: 'commit', gid: 'g' } },
    { do: { type: 'tick', ms } },
  ],
});

describe('When a valid scenario asks for more work than its lab allows', () => {
  it('a pool at 10,000,000 requests/s for an hour is stopped before it runs, with the estimate and the limit', () => {
    const e = stopOf({
      ...base,
      lab: 'pool',
      options: {},
      steps: [{ do: { type: 'rate', perSecond: 10_000_000, serviceMs: 1 } }, { do: { type: 'advance', ms: 3_600_000 } }],
    });
    expect(e).toBeInstanceOf(BudgetExceeded);
    expect((e as BudgetExceeded).estimated).toBe(true);
    expect((e as Error).message).toMatch(/^This scenario asks for about 108,000,000,000 simulated pool events; the limit is [\d,]+\.$/);
  });

  it('a Kademlia survey of 2 networks of 1,000,000 nodes is stopped before it builds any', () => {
    const e = stopOf({
      ...base,
      lab: 'kademlia',
      options: {},
      steps: [{ do: { type: 'survey', sizes: Array(2).fill(1_000_000), lookups: 10_000 } }],
    });
    expect(e).toBeInstanceOf(BudgetExceeded);
    expect((e as Error).message).toMatch(/about 2,000,000 nodes built; the limit is 1,500,000/);
  });

  it('a two-phase-commit tick of 1,000,000 ms with a 1 ms timeout and a participant down is stopped before it runs', () => {
    const e = stopOf(inDoubtTick(1_000_000));
    expect(e).toBeInstanceOf(BudgetExceeded);
    expect((e as Error).message).toMatch(/network events/);
  });

  it('the same scenario with a short tick runs', () => {
    const e = stopOf(inDoubtTick(1000));
    expect(e).toBeNull();
  });

  it('durability ticks are counted across steps: the step that passes the scenario’s limit is stopped', () => {
    const steps = Array.from({ length: 11 }, () => ({ do: { type: 'tick', n: 100_000 } }));
    const scenario = parseScenario({ ...base, lab: 'durability', options: {}, steps }) as Extract<Scenario, { lab: 'durability' }>;
    const timeline = timelineFor(scenario);
    expect(timeline.seek(10).step).toBe(10);
    expect(() => timeline.seek(11)).toThrow(BudgetExceeded);
    // A replay from the start counts the same work and stops at the same step.
    const again = timelineFor(scenario);
    expect(again.seek(10).step).toBe(10);
    expect(() => again.seek(11)).toThrow(/ticks and replayed WAL records; the limit is 1,000,000/);
  });

  it('a limit passed while running (no estimate could foresee it) stops with the limit named', () => {
    // A closed loop of clients with no think time and free queries: the estimate is one event per client per µs at most.
    const e = stopOf({
      ...base,
      lab: 'pool',
      options: { costs: { rttMs: 0, backendStartMs: 0, authRoundTrips: 0 } },
      steps: [{ do: { type: 'clients', count: 1, thinkMs: 0, serviceMs: 0 } }, { do: { type: 'advance', ms: 1 } }],
    });
    expect(e).toBeInstanceOf(BudgetExceeded);
    expect((e as BudgetExceeded).estimated).toBe(false);
    expect((e as Error).message).toMatch(/^This scenario needs more than [\d,]+ simulated pool events, the limit; it was stopped there\.$/);
  });
});

describe('When an action sets what an option sets', () => {
  it('durability SET refuses values the option refuses (-5, 1e308), naming the field', () => {
    for (const value of [-5, 1e308])
      expect(() =>
        parseScenario({ ...base, lab: 'durability', options: {}, steps: [{ do: { type: 'set', name: 'checkpoint_timeout', value } }] }),
      ).toThrow(/steps\.0\.do\.value/);
  });

  it('two-phase-commit SET refuses a timeout of 0, a loss over 1 and a latency beyond the option’s range', () => {
    for (const [name, value] of [
      ['timeout', 0],
      ['loss', 2],
      ['latency.max', 1_000_000],
    ] as const)
      expect(
        () =>
          parseScenario({
            ...base,
            lab: 'two-phase-commit',
            options: { participants: twoBanks },
            steps: [{ do: { type: 'set', name, value } }],
          }),
        name,
      ).toThrow(/steps\.0\.do/);
  });
});
