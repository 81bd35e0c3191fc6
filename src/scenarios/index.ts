import type { LabId, Scenario, ScenarioOf } from '../engine/scenario/schema';
import { durabilityPresets } from './durability/presets';
import { vacuumCards } from './durability/presets-vacuum';
import { intentLogPresets } from './intent-log/presets';
import { kademliaPresets } from './kademlia/presets';
import { poolCards, poolPresets } from './pool/presets';
import { replicationCards, replicationPresets } from './replication/presets';
import { transactionsCards } from './transactions/cards';
import { transactionsPresets } from './transactions/presets';
import { twopcCards, twopcPresets } from './two-phase-commit/presets';

/**
 * Every lab's presets, by lab id: one line per lab. The type is complete, so a lab without
 * presets does not compile (and a test checks that none is empty).
 */
export const PRESETS_BY_LAB: { readonly [K in LabId]: readonly ScenarioOf<K>[] } = {
  'intent-log': intentLogPresets,
  durability: durabilityPresets,
  transactions: transactionsPresets,
  kademlia: kademliaPresets,
  pool: poolPresets,
  'two-phase-commit': twopcPresets,
  replication: replicationPresets,
};

/** The gallery's groups, in the order they are shown. */
export const LAB_GROUPS = [
  { id: 'durability', title: 'Durability', blurb: 'Write-ahead logs, crashes and recovery.' },
  { id: 'transactions', title: 'Transactions', blurb: 'MVCC, isolation levels and anomalies.' },
  { id: 'kademlia', title: 'Kademlia', blurb: 'XOR distance, k-buckets and lookups.' },
  { id: 'pooling', title: 'Connection pooling', blurb: 'Why applications pool connections.' },
  { id: 'two-phase-commit', title: 'Distributed commit', blurb: 'Two-phase commit across several databases.' },
  { id: 'replication', title: 'Replication', blurb: 'What consistency means once data is copied.' },
] as const;

export type GroupId = (typeof LAB_GROUPS)[number]['id'];

/** Sub-headings inside a group, in the order they are shown (a group without subgroups shows one list). */
export const SUBGROUPS = [
  {
    id: 'intent-log',
    group: 'durability',
    title: 'The simplest write-ahead log',
    blurb: 'Intents with before and after images; recovery keeps what committed and undoes the rest.',
  },
  {
    id: 'postgres',
    group: 'durability',
    title: 'As PostgreSQL does it',
    blurb: 'Heap pages, shared buffers, WAL with LSNs, checkpoints and redo from pg_control.',
  },
  {
    id: 'txn-anomalies',
    group: 'transactions',
    title: 'Anomalies and isolation levels',
    blurb: 'Dirty reads, lost updates, phantoms and write skew: what each isolation level lets through.',
  },
  {
    id: 'txn-constraints',
    group: 'transactions',
    title: 'Constraints and locks',
    blurb: 'Row locks, waits, deadlocks, CHECK, unique and foreign keys under concurrency.',
  },
  {
    id: 'kademlia-article',
    group: 'kademlia',
    title: 'Five peers, as in the article',
    blurb: '16-bit IDs from SHA-1, k = 2: read every bit of every hop.',
  },
  {
    id: 'kademlia-scale',
    group: 'kademlia',
    title: 'At scale',
    blurb: 'k = 20, α = 3, 160-bit IDs: lookups in about log2(N) hops, stored values, failures.',
  },
] as const satisfies readonly { id: string; group: GroupId; title: string; blurb: string }[];

export type SubgroupId = (typeof SUBGROUPS)[number]['id'];

/** A card in the gallery. */
export interface Preset {
  readonly id: string;
  readonly group: GroupId;
  /** The sub-heading the card sits under inside its group, if the group has any. */
  readonly subgroup?: SubgroupId;
  readonly teaser: string;
  readonly tags: readonly string[];
  readonly scenario: Scenario;
}

type Card = Pick<Preset, 'teaser' | 'tags'>;

const intentLogCards: Record<string, Card> = {
  'recipe-all-or-none': {
    teaser: 'A crash after two of three writes. Recovery undoes both.',
    tags: ['atomicity', 'write-ahead log', 'crash'],
  },
  'recipe-crash-after-commit': {
    teaser: 'The COMMIT record reached the log first, so every write survives.',
    tags: ['durability', 'commit', 'crash'],
  },
  'two-cooks-one-crash': {
    teaser: 'Two transactions interleave; only the committed one survives.',
    tags: ['atomicity', 'concurrency', 'recovery'],
  },
};

const postgresCards: Record<string, Card> = {
  'pg-bank-transfer-survives': {
    teaser: 'COMMIT flushes the WAL, not the page: redo rebuilds the transfer after a power cut.',
    tags: ['redo', 'full-page image', 'crash'],
  },
  'pg-crash-before-commit': {
    teaser: 'Uncommitted tuples reach the disk, yet pg_xact makes them invisible after the crash.',
    tags: ['atomicity', 'pg_xact', 'checkpoint'],
  },
  'pg-commit-no-data-pages': {
    teaser: 'Three commits, three WAL flushes and not one data-page write until the checkpoint.',
    tags: ['dirty pages', 'WAL flush', 'checkpoint'],
  },
  'pg-checkpoint-shortens-recovery': {
    teaser: 'Replay starts at the REDO point: 7 records to redo instead of 25.',
    tags: ['checkpoint', 'REDO point', 'recovery time'],
  },
  'pg-async-commit': {
    teaser: 'COMMIT returns before the flush: the last commits vanish, but never half of one.',
    tags: ['synchronous_commit', 'WAL writer', 'data loss'],
  },
  'pg-wal-rule': {
    teaser: 'Four frames, one dirty victim: the WAL must be flushed before the page is written.',
    tags: ['buffer pool', 'clock sweep', 'WAL rule'],
  },
  'pg-torn-page': {
    teaser: 'A power cut halfway through an 8 kB write, and no page image to repair it.',
    tags: ['full_page_writes', 'torn page', 'checksums'],
  },
  'pg-bgwriter': {
    teaser: 'A backend writes a dirty victim itself; then the background writer gets ahead of the clock.',
    tags: ['bgwriter', 'clock sweep', 'usage count'],
  },
  'pg-recipe-all-or-none': {
    teaser: 'The recipe story on heap pages: no undo, just a bit in the commit log.',
    tags: ['atomicity', 'MVCC', 'recovery'],
  },
  'pg-hot-update': {
    teaser: 'A heap-only update leaves the index alone; one that moves pages adds an entry, and VACUUM leaves a redirect.',
    tags: ['HOT', 'btree', 'VACUUM'],
  },
  'pg-index-split': {
    teaser: 'The 408th key does not fit: the leaf splits 90/10 and a new root appears, record by record.',
    tags: ['btree', 'page split', 'NEWROOT'],
  },
  ...vacuumCards,
};

const kademliaCards: Record<string, Card & { subgroup: SubgroupId }> = {
  'kademlia-five-peers': {
    subgroup: 'kademlia-article',
    teaser: 'B does not know E: each hop of the lookup shares a longer ID prefix with E.',
    tags: ['XOR distance', 'lookup', 'routing table'],
  },
  'kademlia-full-bucket': {
    subgroup: 'kademlia-article',
    teaser: 'A newcomer meets a full k-bucket: ping the oldest, evict it only if it is silent.',
    tags: ['k-bucket', 'LRU', 'eviction'],
  },
  'kademlia-why-xor': {
    subgroup: 'kademlia-article',
    teaser: 'Eight 8-bit IDs: XOR is symmetric and every distance from a node is unique.',
    tags: ['XOR metric', 'symmetry', 'prefix'],
  },
  'kademlia-lookup-1000': {
    subgroup: 'kademlia-scale',
    teaser: 'α = 3 parallel queries converge on the target in a couple of hops.',
    tags: ['FIND_NODE', 'α parallelism', 'log2(N)'],
  },
  'kademlia-store-find': {
    subgroup: 'kademlia-scale',
    teaser: 'STORE on the 20 closest nodes to SHA-1(key); FIND_VALUE from elsewhere gets there.',
    tags: ['STORE', 'FIND_VALUE', 'caching'],
  },
  'kademlia-churn': {
    subgroup: 'kademlia-scale',
    teaser: '30% of the nodes vanish unannounced, and lookups still succeed.',
    tags: ['churn', 'timeouts', 'replacement cache'],
  },
  'kademlia-100k': {
    subgroup: 'kademlia-scale',
    teaser: '100,000 nodes, about 3 hops per lookup while log2(N) ≈ 17.',
    tags: ['scale', 'density', 'lookup statistics'],
  },
  'kademlia-1m': {
    subgroup: 'kademlia-scale',
    teaser: "A million nodes, BitTorrent's scale, in one tab: 3 or 4 hops per lookup while log2(N) ≈ 20.",
    tags: ['scale', 'derived routing tables', 'lookup statistics'],
  },
  'kademlia-hops-log2n': {
    subgroup: 'kademlia-scale',
    teaser: 'Networks of 64 to 1,000,000 nodes: mean hops climb like log2(N), far below it.',
    tags: ['log2(N)', 'survey', 'chart'],
  },
  'kademlia-churn-sweep': {
    subgroup: 'kademlia-scale',
    teaser: 'Success rate with 0% to 90% of the nodes down, k = 20 against k = 4.',
    tags: ['churn', 'success rate', 'chart'],
  },
};

const cards = (scenarios: readonly Scenario[], text: Record<string, Card>, subgroup: SubgroupId): Preset[] =>
  scenarios.map((scenario) => {
    const id = scenario.preset ?? scenario.title;
    return { id, group: 'durability', subgroup, ...text[id], scenario };
  });

/** Cards of a lab whose presets all carry their id, with their text (and sub-heading, if any) by id. */
const gallery = (scenarios: readonly Scenario[], text: Record<string, Card & { subgroup?: SubgroupId }>, group: GroupId): Preset[] =>
  scenarios.map((scenario) => {
    const id = scenario.preset ?? scenario.title;
    return { id, group, ...text[id], scenario };
  });

/** Transactions presets about constraints and locks; the rest are about anomalies and isolation levels. */
const TXN_CONSTRAINTS = new Set(['txn-check-oversell', 'txn-cascade', 'txn-recipe-for-update', 'txn-deadlock', 'txn-unique-race']);

const transactionsGallery = (): Preset[] =>
  PRESETS_BY_LAB.transactions.map((scenario) => {
    const id = scenario.preset ?? scenario.title;
    return {
      id,
      group: 'transactions',
      subgroup: TXN_CONSTRAINTS.has(id) ? 'txn-constraints' : 'txn-anomalies',
      ...transactionsCards[id],
      scenario,
    };
  });

/** Every preset, in gallery order: the simple intent log first, then PostgreSQL's way, then transactions, then Kademlia. */
export const PRESETS: readonly Preset[] = [
  ...cards(PRESETS_BY_LAB['intent-log'], intentLogCards, 'intent-log'),
  ...cards(PRESETS_BY_LAB.durability, postgresCards, 'postgres'),
  ...transactionsGallery(),
  ...gallery(PRESETS_BY_LAB.kademlia, kademliaCards, 'kademlia'),
  ...gallery(PRESETS_BY_LAB.pool, poolCards, 'pooling'),
  ...gallery(PRESETS_BY_LAB['two-phase-commit'], twopcCards, 'two-phase-commit'),
  ...gallery(PRESETS_BY_LAB.replication, replicationCards, 'replication'),
];

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);
