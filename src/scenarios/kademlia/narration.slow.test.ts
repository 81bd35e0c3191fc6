import { describe, it } from 'vitest';
import { checkNarration } from '../../../test/support/kademlia-narration-claims';
import { HEAVY, kademliaPresets } from './presets';

describe('Kademlia narration, 100,000 nodes and more', () => {
  for (const scenario of kademliaPresets.filter((s) => HEAVY.includes(s.preset)))
    it(`says only what the frames of "${scenario.title}" show`, () => checkNarration(scenario), 300_000);
});
