/** The Kademlia presets at scale: 100,000 and 1,000,000 nodes (settled tables derived on demand). */
import type { KademliaScenario } from './presets';

export const hundredThousand: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: '100,000 nodes',
  seed: 11,
  preset: 'kademlia-100k',
  goal: 'Lookups scale with log N: among 100,000 nodes a lookup takes about 3 hops. Watch the mean hop count against log2(N) ≈ 17.',
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    {
      do: { type: 'build', nodes: 100_000 },
      say: '100,000 nodes, about 260 contacts each in some 17 buckets. Too many to draw: the view shows how IDs spread over the space, one routing table, and the current lookup.',
    },
    {
      do: { type: 'lookup', from: 0, target: 99_999 },
      say: 'Node #0 looks up node #99999 in 4 hops: each hop at least halves the XOR distance to the target, and usually does much more.',
    },
    {
      do: { type: 'lookups', count: 1000 },
      say: '1,000 random lookups: all succeed, in about 3 hops, while log2(100,000) ≈ 17. Hops grow with log N, not N. The lookup drawn is now the last of them, #23517 to #76303.',
    },
  ],
  expect: { nodes: 100_000, lookups: { atLeast: 1001, minSuccessRate: 1, maxMeanHops: 16.61 } },
};

export const million: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: '1,000,000 nodes',
  seed: 17,
  preset: 'kademlia-1m',
  goal: "A million nodes, the scale of BitTorrent's DHT, in one browser tab: a lookup still takes 3 or 4 hops. Watch each hop at least halve the distance to the target, and the mean hop count against log2(N) ≈ 20.",
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    {
      do: { type: 'build', nodes: 1_000_000 },
      say: "1,000,000 nodes with random 160-bit IDs. Node #0 knows about 330 contacts in some 21 buckets. No routing table is stored yet: each is derived from the sorted IDs and the build's random draws when a lookup first reaches its node, so a million fit in a tab.",
    },
    {
      do: { type: 'lookup', from: 0, target: 999_999 },
      say: 'Node #0 looks up node #999999 in 3 hops, #0 → #263180 → #890019 → #999999, with 26 RPCs: each hop at least halves the XOR distance to the target, here by far more.',
    },
    {
      do: { type: 'lookups', count: 1000 },
      say: '1,000 random lookups: all succeed, in 3.44 hops on average, while log2(1,000,000) ≈ 20. Hops grow with log N, not N. The lookup drawn is now the last of them, #60992 to #104993.',
    },
  ],
  expect: { nodes: 1_000_000, lookups: { atLeast: 1001, minSuccessRate: 1, maxMeanHops: 19.93 } },
};
