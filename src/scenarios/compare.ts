import type { TxnScenario } from './transactions/helpers';

/**
 * Comparisons offered in the gallery: a scenario run two or three times with one option
 * changed. `opt`, `a`, `b` and `c` are written as a `#compare=` link writes them
 * (src/ui/compare/options.ts lists each lab's options and their values); a test opens each one
 * and checks that its sides differ.
 */
export interface ComparisonPreset {
  readonly id: string;
  /** The preset every side runs (its id), or a scenario built for the comparison (sent as its s= payload). */
  readonly base: string | TxnScenario;
  readonly opt: string;
  readonly a: string;
  readonly b: string;
  /** A third side's value, for a three-sided comparison. */
  readonly c?: string;
  readonly title: string;
  readonly teaser: string;
}

const doctor = (session: string, sql: string) => ({ do: { type: 'step' as const, session, sql } });

/**
 * The doctors on call (txn-write-skew's table) in one interleaving where the three levels part:
 * Bob goes off call and commits between Alice's two reads. Read Committed shows a
 * non-repeatable read (Alice's second count says 1) and both go off call; Repeatable Read keeps
 * Alice's snapshot (2 both times) but lets the write skew through; Serializable fails Alice's
 * UPDATE with 40001. The comparison tests replay all three and check these outcomes.
 */
const isolationLadder: TxnScenario = {
  v: 1,
  lab: 'transactions',
  title: 'Doctors on call: one interleaving, three isolation levels',
  seed: 1,
  options: {
    sessions: ['alice', 'bob'],
    setup: [
      "CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean NOT NULL); INSERT INTO doctors VALUES ('alice', true), ('bob', true);",
    ],
  },
  steps: [
    doctor('alice', 'BEGIN'),
    doctor('bob', 'BEGIN'),
    doctor('alice', 'SELECT count(*) FROM doctors WHERE on_call'),
    doctor('bob', 'SELECT count(*) FROM doctors WHERE on_call'),
    doctor('bob', "UPDATE doctors SET on_call = false WHERE name = 'bob'"),
    doctor('bob', 'COMMIT'),
    doctor('alice', 'SELECT count(*) FROM doctors WHERE on_call'),
    doctor('alice', "UPDATE doctors SET on_call = false WHERE name = 'alice'"),
    doctor('alice', 'COMMIT'),
  ],
};

export const COMPARISONS: readonly ComparisonPreset[] = [
  {
    id: 'compare-isolation-ladder',
    base: isolationLadder,
    opt: 'isolation',
    a: 'read-committed',
    b: 'repeatable-read',
    c: 'serializable',
    title: 'Read Committed vs Repeatable Read vs Serializable',
    teaser:
      'Bob goes off call between Alice’s two reads. Read Committed: her count changes (2, then 1) and both leave. Repeatable Read: 2 both times, both leave (write skew). Serializable: Alice’s UPDATE fails.',
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
