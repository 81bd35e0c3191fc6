// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkNarration, type Claim, stepsShowingNoChange } from '../../../../test/support/lesson-steps';
import PoolPanels from './PoolPanels';

type Frame = Parameters<Claim<'pool'>['check']>[1];
const n = (s: string) => Number(s.replace(/,/g, ''));
/** "about N", "some N": within `tolerance` of N. */
const near = (actual: number, said: number, tolerance: number, what: string) =>
  Math.abs(actual - said) <= said * tolerance ? null : `${what} is ${actual}`;
const unpooled = (f: Frame) => f.view.withoutPool ?? f.view.main;

/** What pooling narration states, and how the frame must agree. */
const CLAIMS: Claim<'pool'>[] = [
  {
    pattern: /The oldest waiter has waited about ([\d,]+) ms/,
    check: ([, ms], f) => near(f.view.main.queue[0]?.waitedMs ?? 0, n(ms), 0.35, 'the oldest waiter’s wait'),
  },
  {
    pattern: /the server has room for (\d+) more connections/,
    check: ([, more], f) =>
      f.view.main.maxConnections - f.view.main.backends === n(more) ? null : `${f.view.main.backends} backends are open`,
  },
  {
    pattern: /All (\d+) clients are leaked/,
    check: ([, k], f) => (f.view.main.leaked === n(k) ? null : `${f.view.main.leaked} are drawn never released`),
  },
  {
    pattern: /the (\d+) clients are idle/,
    check: ([, k], f) => (f.view.main.idle === n(k) ? null : `${f.view.main.idle} are idle`),
  },
  {
    pattern: /The pool opens its (\d+) clients/,
    check: ([, k], f) => (f.view.main.clients === n(k) ? null : `the pool has ${f.view.main.clients} clients`),
  },
  {
    pattern: /some ([\d,]+) requests wait in the pool's queue/,
    check: ([, k], f) => near(f.view.main.waiting, n(k), 0.2, 'the queue'),
  },
  {
    pattern: /without a pool about ([\d,]+) were refused/,
    check: ([, k], f) => near(unpooled(f).counters.refused, n(k), 0.25, 'the refused count without a pool'),
  },
  {
    pattern: /one connection opened per request, about ([\d,]+) of them/,
    check: ([, k], f) =>
      near(f.view.main.counters.opened, n(k), 0.15, 'connections opened') ??
      (f.view.main.counters.opened === f.view.main.counters.arrived - f.view.main.connecting ? null : 'not one per request'),
  },
  {
    pattern: /requests wait, but none has failed|The queue has drained/,
    check: (m, f) => {
      const c = f.view.main.counters;
      if (m[0].startsWith('The queue')) return f.view.main.waiting === 0 ? null : `${f.view.main.waiting} still wait`;
      return c.timedOut + c.refused + c.failed === 0 ? null : `${c.timedOut + c.refused + c.failed} failed`;
    },
  },
  {
    pattern: /Half of the report failed/,
    check: (_m, f) => near(f.view.main.counters.refused, f.view.main.counters.arrived / 2, 0.1, 'the refused count'),
  },
  {
    pattern: /The server is idle: (\d+) backends doing nothing/,
    check: ([, k], f) =>
      f.view.main.backends === n(k) && f.view.main.busy === 0 ? null : `${f.view.main.backends} backends, ${f.view.main.busy} busy`,
  },
  {
    pattern: /the pool closes them \("remove" events\)/,
    check: (_m, f) => (f.events.some((e) => e.type === 'pool.removed') ? null : 'no remove event is listed'),
  },
];

describe('When every pooling preset is stepped through', () => {
  it('each step marks a panel of the essentials view that draws what it changed', () => {
    expect(stepsShowingNoChange('pool', PoolPanels)).toEqual([]);
  });

  it('what the narration states (waits, queue lengths, refusals, leaked and idle clients) is what the panels show', () => {
    const { checked, problems } = checkNarration('pool', CLAIMS);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
