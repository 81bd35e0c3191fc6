import type { ScenarioOf } from '../../engine/scenario/schema';
import { hundredThousand, million } from './scale';

/** A Kademlia-lab scenario (the `kademlia` variant of the scenario schema), with its preset id. */
export type KademliaScenario = ScenarioOf<'kademlia'> & { preset: string };

const peers = ['A', 'B', 'C', 'D', 'E'];
/** The article's demo: 16-bit IDs from SHA-1("localhost:8000".."localhost:8004"), k = 2, the article's bucket and search. */
const article = {
  bits: 16,
  k: 2,
  idMode: 'sha1',
  host: 'localhost',
  basePort: 8000,
  eviction: 'oldest-seen',
  lookup: 'sequential',
} as const;

const fivePeers: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Five peers: B sends a message to E',
  seed: 1,
  preset: 'kademlia-five-peers',
  goal: "How does a Kademlia lookup reach a peer nobody knows? Each hop asks a node closer to the target by XOR distance. Watch B's shortlist, and predict whom B asks first.",
  options: article,
  steps: [
    {
      do: { type: 'build', nodes: 5, fill: 'empty', names: peers },
      say: 'Five peers on localhost:8000 to 8004, A to E. Each ID is the first 2 bytes of SHA-1("localhost:port"): A 7f5a, B e7a3, C 09bf, D 790f, E 4759. Nobody knows anybody yet.',
    },
    {
      do: { type: 'add-contact', node: 'B', contact: 'A' },
      say: 'B learns about A. A is 98f9 away from B: the two IDs first differ in the top bit, so A goes in bucket 15, the bucket for the far half of the ID space.',
    },
    {
      do: { type: 'add-contact', node: 'B', contact: 'C' },
      say: 'B learns about C, also in bucket 15 (distance ee1c). With k = 2 that bucket is now full.',
    },
    { do: { type: 'add-contact', node: 'C', contact: 'D' }, say: 'C learns about D (distance 70b0, bucket 14).' },
    { do: { type: 'add-contact', node: 'D', contact: 'E' }, say: 'D learns about E (distance 3e56, bucket 13).' },
    { do: { type: 'focus', node: 'B' }, say: "B's routing table: one bucket, 15, holding A and C. E is not in it." },
    {
      do: { type: 'send-message', from: 'B', to: 'E', text: 'Hello from B to E' },
      ask: { q: 'B wants to reach E but does not know it. Which peer does B ask first?', about: 'nextPeerAsked(B)' },
      say: "B does not know E, so it looks E up first, one peer at a time as in the article. A is closest to E (3803) but knows nobody new. C (4ee6 from E) points to D (3e56), and D points to E: each hop is closer to E by XOR. B then delivers the message straight to E. B's bucket 15 is full, so D and E only reach its replacement cache after A and C answer a PING.",
    },
  ],
  expect: {
    lastLookup: { found: true, path: ['B', 'C', 'D', 'E'], distancesShrink: true },
    deliveries: [{ from: 'B', to: 'E', text: 'Hello from B to E', direct: false, delivered: true }],
  },
};

const fullBucket: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'A full k-bucket: ping the oldest',
  seed: 1,
  preset: 'kademlia-full-bucket',
  goal: 'What a node does when a k-bucket is full: it pings the oldest contact and evicts it only if it stays silent. Watch A fail to answer and E take its place, with D kept in the replacement cache.',
  options: { bits: 16, k: 2, idMode: 'sha1', eviction: 'lru' },
  steps: [
    {
      do: { type: 'build', nodes: 5, fill: 'empty', names: peers },
      say: "The article's five peers, k = 2, with the paper's bucket rule: least recently seen first. A, C, D and E all fall in B's bucket 15: their IDs start with 0, B's with 1.",
    },
    { do: { type: 'add-contact', node: 'B', contact: 'A' }, say: 'B hears from A: the bucket has room, A goes at the tail.' },
    {
      do: { type: 'add-contact', node: 'B', contact: 'C' },
      say: 'B hears from C: the bucket is now full, A (least recently seen) at the head, C at the tail.',
    },
    {
      do: { type: 'add-contact', node: 'B', contact: 'A' },
      say: 'B hears from A again: A moves to the tail. Now C is the least recently seen.',
    },
    {
      do: { type: 'add-contact', node: 'B', contact: 'D' },
      say: 'B hears from D, but the bucket is full. B PINGs its oldest contact, C. C answers, so C stays (moved to the tail) and D is dropped into the replacement cache: the paper prefers nodes that have been up a long time.',
    },
    { do: { type: 'fail', nodes: ['A'] }, say: 'A goes down. It is now the least recently seen contact in the bucket.' },
    {
      do: { type: 'add-contact', node: 'B', contact: 'E' },
      say: 'B hears from E. The bucket is full again, so B PINGs the oldest, A. No answer before the timeout: A is evicted and E takes its place at the tail.',
    },
  ],
  expect: { buckets: [{ node: 'B', bucket: 15, contacts: ['C', 'E'], replacements: ['D'] }] },
};

const thousand: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'A lookup among 1,000 nodes',
  seed: 7,
  preset: 'kademlia-lookup-1000',
  goal: 'A lookup among 1,000 nodes reaches its target in a couple of hops, asking α = 3 nodes at a time. Watch each hop land closer to the target, then 1,000 lookups all succeed in under 2 hops on average.',
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    {
      do: { type: 'build', nodes: 1000 },
      say: "1,000 nodes with random 160-bit IDs. Their routing tables are filled as a settled network's would be: up to k = 20 contacts in each bucket, so about log2(1000) ≈ 10 buckets in use per node.",
    },
    {
      do: { type: 'lookup', from: 0, target: 500 },
      say: 'Node #0 looks up node #500. Each round it asks the α = 3 closest nodes it knows, and their answers name closer ones. A lookup takes at most about log2(N) ≈ 10 hops; with 20 contacts per bucket it needs far fewer: here 2 hops, #0 → #898 → #500, and 23 RPCs.',
    },
    {
      do: { type: 'lookups', count: 1000 },
      say: '1,000 lookups between random nodes: every one finds its target, in 1.9 hops and 22 RPCs on average, well under log2(N) ≈ 10. The lookup drawn is now the last of them, #745 to #497.',
    },
  ],
  expect: { lookups: { atLeast: 1001, minSuccessRate: 1, maxMeanHops: 9.97 } },
};

const churn: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Churn: 30% of the nodes fail',
  seed: 7,
  preset: 'kademlia-churn',
  goal: 'Kademlia survives churn: with 30% of the nodes gone without warning, lookups still succeed. Watch every lookup find its target while dead contacts cost only timeouts.',
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    { do: { type: 'build', nodes: 1000 }, say: '1,000 nodes with settled routing tables.' },
    { do: { type: 'lookups', count: 200 }, say: '200 lookups before any failure: all succeed, in about 22 RPCs each.' },
    {
      do: { type: 'fail', fraction: 0.3 },
      say: '300 nodes go down at once. Nobody is told: the routing tables still list them.',
    },
    {
      do: { type: 'lookups', count: 500 },
      say: 'Lookups between live nodes still all succeed: with k = 20, each bucket keeps live contacts, and a dead one costs only a timeout (about 31 RPCs per lookup now). Unanswered contacts are replaced from the caches as they go stale.',
    },
  ],
  expect: { alive: 700, lookups: { atLeast: 700, minSuccessRate: 1 } },
};

const whyXor: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Why XOR?',
  seed: 3,
  preset: 'kademlia-why-xor',
  goal: 'Why Kademlia measures distance with XOR: it is symmetric, and from any node every other node is at a different distance. Watch the distances from A: no two are equal.',
  options: { bits: 8, k: 4 },
  steps: [
    {
      do: { type: 'build', nodes: 8, names: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] },
      say: 'Eight nodes with 8-bit IDs, small enough to read the bits. The distance between two IDs is their XOR, read as a number.',
    },
    {
      do: { type: 'distance', a: 'A', b: 'B' },
      say: 'A is 93 and B is d9: d(A, B) = 93 XOR d9 = 4a = d(B, A). XOR is symmetric, so A and B agree on how far apart they are, and a node learns useful contacts from the queries it receives.',
    },
    {
      do: { type: 'distance', a: 'B', b: 'G' },
      say: "B (d9) and G (d0) share their first 4 bits and first differ at bit 3, so d = 09 lies in [2^3, 2^4): G belongs in B's bucket 3. A and B shared only their first bit: d = 4a, bucket 6. The longer the common prefix, the smaller the distance.",
    },
    {
      do: { type: 'distances', from: 'A' },
      say: 'From A, every other node is at a different distance: for a fixed x and distance d there is exactly one y with x XOR y = d. So "the k closest to a key" is the same set for everyone, and lookups from anywhere converge on it.',
    },
  ],
  expect: { measure: { distinctFrom: 'A' } },
};

const storeFind: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Store a value, find it from elsewhere',
  seed: 5,
  preset: 'kademlia-store-find',
  goal: "STORE puts a value on the nodes closest to its key's hash, so a FIND_VALUE from anywhere heads to the same place. Watch the second lookup stop at the first node that holds the value.",
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    { do: { type: 'build', nodes: 200 }, say: '200 nodes with settled routing tables.' },
    {
      do: { type: 'store', from: 3, key: 'recipe:42', value: 'Tarte Tatin' },
      say: 'Node #3 hashes the key with SHA-1, looks up the 20 nodes closest to that ID, and sends each a STORE.',
    },
    {
      do: { type: 'find-value', from: 150, key: 'recipe:42' },
      say: 'Node #150 runs FIND_VALUE for the same key. Its lookup heads for the same place and stops at the first node that returns the value: #123, one hop away. The paper also caches the value on the closest node asked that lacked it; here all three nodes asked already held it, so it stays on 20 nodes.',
    },
  ],
  expect: { value: { key: 'recipe:42', value: 'Tarte Tatin' } },
};

const hopsVsSize: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Hops grow like log2(N)',
  seed: 13,
  preset: 'kademlia-hops-log2n',
  goal: 'Mean hops grow like log2(N) but stay far below it, because each hop fixes several bits of the target at once. Watch the curve climb by a constant step each time the network quadruples.',
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    {
      do: { type: 'survey', sizes: [64, 256, 1024], lookups: 300 },
      say: 'Three separate settled networks of 64, 256 and 1,024 nodes, 300 random lookups in each. Mean hops: about 1.2, 1.6 and 1.9, while log2(N) is 6, 8 and 10. Each 4x more nodes costs about a third of a hop more.',
    },
    {
      do: { type: 'survey', sizes: [4096, 16384], lookups: 300 },
      say: '4,096 and 16,384 nodes: about 2.2 and 2.6 hops against log2(N) = 12 and 14. The curve climbs by a constant step each time N quadruples: it is logarithmic. It stays far below log2(N) because each hop fixes not one bit but about log2(k) = 4 more bits of the target (a bucket holds k = 20 contacts), and α = 3 parallel queries pick the best referral.',
    },
    {
      do: { type: 'survey', sizes: [65536, 262144, 1_000_000], lookups: 300 },
      say: "65,536, 262,144 and 1,000,000 nodes, the scale of BitTorrent's DHT: about 2.8, 3.2 and 3.5 hops against log2(N) = 16, 18 and 19.9. The same step per quadrupling all the way: a million nodes, 15,625 times the first network's 64, cost about 2.3 hops more.",
    },
  ],
  expect: { survey: { sizes: [64, 256, 1024, 4096, 16384, 65536, 262144, 1_000_000], hopsBelowLog2: true } },
};

const churnSweep: KademliaScenario = {
  v: 1,
  lab: 'kademlia',
  title: 'Success rate under churn',
  seed: 21,
  preset: 'kademlia-churn-sweep',
  goal: 'Why buckets hold k = 20 contacts: big buckets keep lookups working as more and more nodes fail. Watch the success rate with k = 20 against k = 4, from 0% to 90% of the nodes down.',
  options: { bits: 160, k: 20, alpha: 3 },
  steps: [
    {
      do: { type: 'survey', sizes: [4096], lookups: 300, failed: [0, 0.1, 0.3, 0.5, 0.7, 0.9] },
      say: 'A settled 4,096-node network, copied six times with 0%, 10%, 30%, 50%, 70% and 90% of its nodes down (nobody is told), then 300 lookups between live nodes in each. With k = 20, every lookup finds its target up to 70% down, and 96% still do at 90%: a bucket of 20 rarely loses all its live contacts. Dead contacts only cost timeouts.',
    },
    {
      do: { type: 'survey', sizes: [4096], lookups: 300, failed: [0, 0.1, 0.3, 0.5, 0.7, 0.9], k: 4 },
      say: 'The same with buckets of k = 4: still 99% at 30% down, but 95% at 50%, 62% at 70% and 8% at 90%. With few contacts per bucket, a failure wave leaves whole buckets dead and lookups stall. That is why the paper picks k = 20: the chance that all k contacts of a bucket fail at once falls geometrically with k.',
    },
  ],
  expect: {
    survey: {
      minSuccess: [
        { failed: 0.3, rate: 0.99, k: 20 },
        { failed: 0.5, rate: 0.99, k: 20 },
        { failed: 0.3, rate: 0.95, k: 4 },
      ],
    },
  },
};

/** The Kademlia lab's presets, in gallery order. */
export const kademliaPresets: KademliaScenario[] = [
  fivePeers,
  fullBucket,
  whyXor,
  thousand,
  storeFind,
  churn,
  hundredThousand,
  million,
  hopsVsSize,
  churnSweep,
];

/** Presets that build 100,000 nodes or more: their narration is checked in the slow suite, and they are not replayed step by step there. */
export const HEAVY = ['kademlia-100k', 'kademlia-1m', 'kademlia-hops-log2n'];
