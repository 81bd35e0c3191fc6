import { describe, expect, it } from 'vitest';
import { CLAIMS, checkNarration } from '../../../test/support/kademlia-narration-claims';
import { HEAVY, kademliaPresets } from './presets';

describe('Kademlia narration', () => {
  it('has checks for every preset, one per step', () => {
    for (const s of kademliaPresets) expect(CLAIMS[s.preset]?.length, s.preset).toBe(s.steps.length);
  });

  for (const scenario of kademliaPresets.filter((s) => !HEAVY.includes(s.preset))) {
    it(`says only what the frames of "${scenario.title}" show`, () => checkNarration(scenario));
  }
});
