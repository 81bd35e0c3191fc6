import type { Scenario } from '../engine/scenario/schema';
import { durabilityPresets } from './durability/postgres-presets';
import { intentLogPresets } from './durability/presets';

/** The gallery's groups, in the order they are shown. */
export const LAB_GROUPS = [
  { id: 'durability', title: 'Durability', blurb: 'Write-ahead logs, crashes and recovery.' },
  { id: 'transactions', title: 'Transactions', blurb: 'MVCC, isolation levels and anomalies.' },
  { id: 'kademlia', title: 'Kademlia', blurb: 'XOR distance, k-buckets and lookups.' },
  { id: 'pooling', title: 'Connection pooling', blurb: 'Why applications pool connections.' },
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
};

const cards = (scenarios: readonly Scenario[], text: Record<string, Card>, subgroup: SubgroupId): Preset[] =>
  scenarios.map((scenario) => {
    const id = scenario.preset ?? scenario.title;
    return { id, group: 'durability', subgroup, ...text[id], scenario };
  });

/** Every preset, in gallery order: the simple intent log first, then PostgreSQL's way. */
export const PRESETS: readonly Preset[] = [
  ...cards(intentLogPresets, intentLogCards, 'intent-log'),
  ...cards(durabilityPresets, postgresCards, 'postgres'),
];

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);
