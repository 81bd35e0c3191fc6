import { describe, expect, it } from 'vitest';
import { eventOf, eventsOf } from './step-events';

type Ev = { type: 'a.done'; n: number } | { type: 'b.done'; s: string };
const events: Ev[] = [
  { type: 'b.done', s: 'x' },
  { type: 'a.done', n: 1 },
  { type: 'b.done', s: 'y' },
  { type: 'a.done', n: 2 },
];

describe("When a panel looks up a step's events by type", () => {
  it('eventsOf gives every event of that type, in the order of the step', () => {
    expect(eventsOf(events, 'a.done').map((e) => e.n)).toEqual([1, 2]);
    expect(eventsOf(events, 'b.done').map((e) => e.s)).toEqual(['x', 'y']);
  });

  it('eventOf gives the first of that type, or undefined when the step has none', () => {
    expect(eventOf(events, 'a.done')?.n).toBe(1);
    expect(eventOf(events, 'b.done')?.s).toBe('x');
    expect(eventOf(events.slice(0, 1), 'a.done')).toBeUndefined();
  });
});
