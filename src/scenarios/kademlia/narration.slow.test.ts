import { describe, it } from 'vitest';
import { checkNarration } from '../../../test/support/kademlia-narration-claims';
import { kademliaPresets } from './presets';

describe('Kademlia narration, 100,000 nodes', () => {
  const scenario = kademliaPresets.find((s) => s.preset === 'kademlia-100k')!;
  it(`says only what the frames of "${scenario.title}" show`, () => checkNarration(scenario), 300_000);
});
