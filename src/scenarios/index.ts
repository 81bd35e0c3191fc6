import type { Scenario } from '../engine/scenario/schema';
import { intentLogPresets } from './durability/presets';

/** The gallery's groups, in the order they are shown. */
export const LAB_GROUPS = [
  { id: 'durability', title: 'Durability', blurb: 'Write-ahead logs, crashes and recovery.' },
  { id: 'transactions', title: 'Transactions', blurb: 'MVCC, isolation levels and anomalies.' },
  { id: 'kademlia', title: 'Kademlia', blurb: 'XOR distance, k-buckets and lookups.' },
  { id: 'pooling', title: 'Connection pooling', blurb: 'Why applications pool connections.' },
] as const;

export type GroupId = (typeof LAB_GROUPS)[number]['id'];

/** A card in the gallery. */
export interface Preset {
  readonly id: string;
  readonly group: GroupId;
  readonly teaser: string;
  readonly tags: readonly string[];
  readonly scenario: Scenario;
}

const teasers: Record<string, Pick<Preset, 'teaser' | 'tags'>> = {
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

export const PRESETS: readonly Preset[] = intentLogPresets.map((scenario) => {
  const id = scenario.preset ?? scenario.title;
  return { id, group: 'durability', ...teasers[id], scenario };
});

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);
