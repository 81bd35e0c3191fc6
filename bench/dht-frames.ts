/**
 * Frame times while lookups animate over a 2,000-node Kademlia view in headless Chromium:
 * a scenario opened from a share link (`#s=...`, as a user would paste it) that builds
 * 2,000 nodes and runs one lookup per step, played at Max speed and restarted whenever it
 * reaches the end, so every recorded frame falls in a lookup's animation or a step change.
 * The recording and the figures are frames.ts's.
 */
import { require as tsxRequire } from 'tsx/cjs/api';
import type { KademliaScenario } from '../src/scenarios/kademlia/presets';
import { playbackFigures, recordPlayback } from './frames';
import type { Bench } from './types';

/** The share-link codec, loaded as CommonJS as bench/durability.ts does (lz-string has no ESM named exports under Node). */
const { encodeHash } = tsxRequire('../src/share/codec.ts', import.meta.url) as typeof import('../src/share/codec');

const NODES = 2000;
const LOOKUPS = 40;

/** 2,000 settled nodes, then LOOKUPS lookups between spread-out pairs (fixed, so the link is stable). */
export function lookupsScenario(): KademliaScenario {
  return {
    v: 1,
    lab: 'kademlia',
    title: `${NODES.toLocaleString('en')} nodes, ${LOOKUPS} lookups (frame benchmark)`,
    seed: 9,
    preset: 'bench-dht-frames',
    options: { bits: 160, k: 20, alpha: 3 },
    steps: [
      { do: { type: 'build', nodes: NODES }, say: `${NODES.toLocaleString('en')} nodes with settled routing tables.` },
      ...Array.from({ length: LOOKUPS }, (_, i) => ({
        do: { type: 'lookup' as const, from: (i * 997) % NODES, target: (i * 1499 + 733) % NODES },
        say: `Lookup ${i + 1} of ${LOOKUPS}.`,
      })),
    ],
  };
}

const dhtFrames: Bench = {
  title: `rAF frame times while lookups animate over a ${NODES.toLocaleString('en')}-node Kademlia view at Max speed (headless Chromium)`,
  async run(ctx) {
    const hash = encodeHash(lookupsScenario(), 0);
    if (!hash.startsWith('#s=')) throw new Error(`expected a share link, got ${hash.slice(0, 40)}`);
    return playbackFigures(ctx, await recordPlayback(ctx, hash), 'lookups over 2,000 nodes: ');
  },
};

export default dhtFrames;
