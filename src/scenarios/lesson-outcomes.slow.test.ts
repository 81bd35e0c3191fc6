import { describe, expect, it } from 'vitest';
import { frameAt } from '../../test/support/frame-at';
import { PRESETS } from '.';

/** Every preset but the 100,000-node one (its replay takes half a minute; presets.test.ts runs it). */
const presets = PRESETS.filter((p) => p.id !== 'kademlia-100k');

describe('When a preset reaches its last step', () => {
  it.each(presets.map((p) => [p.id, p] as const))('%s states each expectation in words, and each holds', (_, p) => {
    const end = frameAt(p.scenario, p.scenario.steps.length).outcome;
    const lines = end?.expectations ?? [];
    expect(lines.length).toBeGreaterThan(0);
    for (const e of lines) {
      expect(e.ok, `${e.expected} / ${e.actual}`).toBe(true);
      expect(e.expected).toMatch(/\S/);
      expect(e.actual).toMatch(/\S/);
      // Words, not the schema's JSON.
      expect(e.expected).not.toMatch(/[{}[\]]/);
    }
  });
});
