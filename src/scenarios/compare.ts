/**
 * Comparisons offered in the gallery: a preset run twice with one option changed. `opt`, `a`
 * and `b` are written as a `#compare=` link writes them (src/ui/compare/options.ts lists each
 * lab's options and their values); a test opens each one and checks that its sides differ.
 */
export interface ComparisonPreset {
  readonly id: string;
  /** The preset both sides run. */
  readonly base: string;
  readonly opt: string;
  readonly a: string;
  readonly b: string;
  readonly title: string;
  readonly teaser: string;
}

export const COMPARISONS: readonly ComparisonPreset[] = [
  {
    id: 'compare-rc-rr',
    base: 'txn-lost-update-rc',
    opt: 'isolation',
    a: 'read-committed',
    b: 'repeatable-read',
    title: 'Lost update: Read Committed vs Repeatable Read',
    teaser: 'The same two increments: Read Committed loses one; Repeatable Read aborts s2 with a serialization failure.',
  },
  {
    id: 'compare-rr-serializable',
    base: 'txn-write-skew',
    opt: 'isolation',
    a: 'repeatable-read',
    b: 'serializable',
    title: 'Write skew: Repeatable Read vs Serializable',
    teaser: 'Both doctors go off call under Repeatable Read; Serializable aborts one of them.',
  },
  {
    id: 'compare-sync-commit',
    base: 'pg-async-commit',
    opt: 'synchronous_commit',
    a: 'on',
    b: 'off',
    title: 'synchronous_commit on vs off',
    teaser: 'The same commits and the same power cut: on keeps every acknowledged commit, off loses the last ones.',
  },
  {
    id: 'compare-k-churn',
    base: 'kademlia-churn',
    opt: 'k',
    a: '4',
    b: '20',
    title: 'k = 4 vs k = 20 under churn',
    teaser: '1,000 nodes, 30% fail: small buckets lose lookups that k = 20 still completes.',
  },
];
