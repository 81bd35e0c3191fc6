import { describe, expect, it } from 'vitest';
import { ENGINE_BUDGET_MS, IDLE_PER_DRAW, MaxPacer } from './max-pacer';

describe('MaxPacer: playing at Max speed', () => {
  it('grows the batch while the engine answers within its budget, and shrinks it when it does not', () => {
    const p = new MaxPacer();
    const fast = ENGINE_BUDGET_MS / 2;
    for (let i = 0; i < 3; i++) p.answered(0, fast, fast);
    expect(p.batch).toBe(8);
    p.answered(0, ENGINE_BUDGET_MS * 3, ENGINE_BUDGET_MS * 3);
    expect(p.batch).toBe(4);
    for (let i = 0; i < 5; i++) p.answered(0, ENGINE_BUDGET_MS * 3, ENGINE_BUDGET_MS * 3);
    expect(p.batch).toBe(1);
    for (let i = 0; i < 20; i++) p.answered(0, 0, 0);
    expect(p.batch).toBe(1024);
  });

  it('sizes the batch by the engine alone: a slow drawing does not shrink it', () => {
    const p = new MaxPacer();
    p.answered(0, 1, 80);
    p.answered(0, 1, 80);
    expect(p.batch).toBe(4);
  });

  it('lets the engine take as long as the last drawing did before shrinking the batch', () => {
    const p = new MaxPacer();
    p.answered(0, 1, 40);
    p.painted(50, 10);
    expect(p.batch).toBe(2);
    // 30 ms is over the engine budget but under the 50 ms the page took to draw.
    p.answered(0, 30, 70);
    expect(p.batch).toBe(4);
    p.painted(80, 0);
    // Now the drawing took 40 ms; an answer in 45 ms halves the batch.
    p.answered(0, 45, 50);
    expect(p.batch).toBe(2);
  });

  it('asks nothing more until the drawn frame has been painted', () => {
    const p = new MaxPacer();
    expect(p.ready(0)).toBe(true);
    p.answered(0, 2, 12);
    expect(p.ready(1e9)).toBe(false);
  });

  it('leaves the main thread idle for longer than the drawing took, React and browser parts together', () => {
    const p = new MaxPacer();
    // The engine took 30 ms (its own thread), React 10 ms once the frame arrived, the browser 8 ms.
    p.answered(100, 130, 140);
    p.painted(160, 8);
    const readyAt = 160 + (10 + 8) * IDLE_PER_DRAW;
    expect(p.ready(readyAt - 0.5)).toBe(false);
    expect(p.ready(readyAt)).toBe(true);
    // Busy share of the cycle stays under half.
    expect(18 / (18 + (readyAt - 160))).toBeLessThan(0.5);
  });

  it('a cheap drawing costs a cheap pause, and a reset forgets everything', () => {
    const p = new MaxPacer();
    p.answered(0, 1, 2);
    p.painted(10, 1);
    expect(p.ready(10 + 2 * IDLE_PER_DRAW)).toBe(true);
    p.answered(0, 1, 2);
    p.reset();
    expect(p.ready(0)).toBe(true);
    expect(p.batch).toBe(1);
  });
});
