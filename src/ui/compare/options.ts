/**
 * The options a comparison may change, by lab: each one names a field of the lab's options
 * (its OptionsSchema), the values a chooser offers, how a value is written in a link, and the
 * engine's default (so "unset" and "the default" count as the same run).
 */
import type { LabId, Scenario, ScenarioOf } from '../../engine/scenario/schema';

/** One value of an option: its token in a link, its words on screen, the value in the scenario. */
export interface OptionValue {
  readonly token: string;
  readonly label: string;
  readonly value: unknown;
}

/** An option of a lab whose options have the type `O`. */
interface OptionOf<O> {
  /** Its name in a link (`opt=`): the option's own name, dotted when nested. */
  readonly path: string;
  /** Its name on screen, as PostgreSQL (or the paper) spells it. */
  readonly label: string;
  /** What changing it changes, in a sentence. */
  readonly hint: string;
  /** Values a chooser offers, in order. */
  readonly values: readonly OptionValue[];
  /** For a numeric option, any integer in [min, max] is also accepted from a link. */
  readonly range?: { readonly min: number; readonly max: number; readonly unit?: string };
  /** The value this scenario's options give, the engine's default when unset. */
  read(options: O): unknown;
  /** The options with this one set to `value`. */
  write(options: O, value: unknown): O;
}

export type CompareOption<K extends LabId = LabId> = OptionOf<ScenarioOf<K>['options']>;

const onOff = (label: string, on = 'on', off = 'off'): OptionValue[] => [
  { token: 'on', label: `${label} = ${on}`, value: true },
  { token: 'off', label: `${label} = ${off}`, value: false },
];

const ints = (name: string, list: readonly number[], unit = ''): OptionValue[] =>
  list.map((n) => ({ token: String(n), label: `${name} = ${n.toLocaleString('en')}${unit}`, value: n }));

const ISOLATION = ['read uncommitted', 'read committed', 'repeatable read', 'serializable'] as const;
const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());
const SYNC_LEVELS = ['off', 'local', 'remote_write', 'on', 'remote_apply'] as const;

type Table = { readonly [K in LabId]: readonly CompareOption<K>[] };

/**
 * An option that is one top-level field of the lab's options, named on screen as it is in the
 * options unless `shown.label` says otherwise; `fallback` is the engine's default when unset.
 */
function field<O, F extends keyof O & string>(
  path: F,
  fallback: NonNullable<O[F]>,
  shown: Pick<OptionOf<O>, 'hint' | 'values' | 'range'> & { readonly label?: string },
): OptionOf<O> {
  return {
    path,
    label: path,
    ...shown,
    read: (o) => o[path] ?? fallback,
    write: (o, value) => ({ ...o, [path]: value }),
  };
}

/** Every comparable option, by lab: one list per lab (a lab with none has an empty list). */
const COMPARE_OPTIONS: Table = {
  'intent-log': [],
  transactions: [
    {
      path: 'isolation',
      label: 'Isolation level',
      hint: 'default_transaction_isolation for every session (a BEGIN ISOLATION LEVEL in a step still wins).',
      values: ISOLATION.map((iso) => ({ token: iso.replace(' ', '-'), label: titleCase(iso), value: iso })),
      read: (o) => o.defaultIsolation ?? 'read committed',
      // Sessions given their own level would ignore the default: the comparison sets all of them.
      write: ({ isolation: _perSession, ...o }, value) => ({ ...o, defaultIsolation: value as (typeof ISOLATION)[number] }),
    },
  ],
  durability: [
    field('synchronous_commit', true, {
      hint: 'on: COMMIT waits for its WAL flush; off: it returns at once and the WAL writer flushes later.',
      values: onOff('synchronous_commit'),
    }),
    field('full_page_writes', true, {
      hint: 'on: the first change to a page after a checkpoint logs the whole page, so a torn page can be repaired.',
      values: onOff('full_page_writes'),
    }),
    field('checkpoint_timeout', 300, {
      hint: 'Ticks between timed checkpoints (0: none); a closer REDO point means less to replay after a crash.',
      values: ints('checkpoint_timeout', [0, 5, 10, 30, 300], ' ticks'),
      range: { min: 0, max: 100_000, unit: 'ticks' },
    }),
    field('max_wal_size', 1024 * 1024, {
      hint: 'kB of WAL since the REDO point that start a checkpoint.',
      values: ints('max_wal_size', [1, 4, 16, 1024 * 1024], ' kB'),
      range: { min: 1, max: 64 * 1024 * 1024, unit: 'kB' },
    }),
  ],
  kademlia: [
    field('k', 20, {
      label: 'k (bucket size)',
      hint: 'Contacts per k-bucket: more contacts survive more failures.',
      values: ints('k', [2, 4, 8, 20]),
      range: { min: 1, max: 64 },
    }),
    field('alpha', 3, {
      label: 'α (parallel lookups)',
      hint: 'Queries a lookup keeps in flight at once.',
      values: ints('α', [1, 3, 5]),
      range: { min: 1, max: 16 },
    }),
  ],
  pool: [
    field('pooled', true, {
      label: 'Pool or no pool',
      hint: 'Without a pool every request opens its own connection and closes it.',
      values: [
        { token: 'on', label: 'with a pool', value: true },
        { token: 'off', label: 'no pool', value: false },
      ],
    }),
    {
      path: 'pool.max',
      label: 'Pool max',
      hint: 'The most connections the pool opens; requests beyond it wait in its queue.',
      values: ints('max', [1, 5, 10, 20, 50]),
      range: { min: 1, max: 100_000 },
      read: (o) => o.pool?.max ?? 10,
      write: (o, value) => ({ ...o, pool: { ...o.pool, max: value as number } }),
    },
  ],
  'two-phase-commit': [
    {
      path: 'max_prepared_transactions',
      label: 'max_prepared_transactions',
      hint: 'On every participant; 0 (PostgreSQL’s default) refuses PREPARE TRANSACTION.',
      values: ints('max_prepared_transactions', [0, 1, 10]),
      range: { min: 0, max: 10_000 },
      read: (o) => o.participants[0]?.max_prepared_transactions ?? 10,
      write: (o, value) => ({
        ...o,
        participants: o.participants.map((p) => ({ ...p, max_prepared_transactions: value as number })),
      }),
    },
    field('loss', 0, {
      label: 'Message loss',
      hint: 'The probability that a message is lost on the way.',
      values: [0, 0.1, 0.3, 0.5].map((p) => ({ token: String(p), label: `loss = ${p * 100}%`, value: p })),
    }),
    field('timeout', 200, {
      label: 'Coordinator timeout',
      hint: 'How long the coordinator waits for votes before it resends or gives up (ms).',
      values: ints('timeout', [50, 200, 1000], ' ms'),
      range: { min: 1, max: 1_000_000, unit: 'ms' },
    }),
  ],
  replication: [
    field('synchronous_commit', 'on', {
      hint: 'How far a commit waits: local flush only, or the synchronous standby’s write, flush or replay.',
      values: SYNC_LEVELS.map((l) => ({ token: l, label: `synchronous_commit = ${l}`, value: l })),
    }),
    {
      path: 'synchronous_standby_names',
      label: 'synchronous_standby_names',
      hint: 'The standby a commit waits for (empty: asynchronous replication).',
      // Filled from the scenario's own standbys: see valuesFor.
      values: [],
      read: (o) => (o.synchronous_standby_names ?? []).join(','),
      write: (o, value) => ({ ...o, synchronous_standby_names: value === '' ? [] : String(value).split(',') }),
    },
  ],
};

/** The options a chooser offers for this scenario's lab. */
export function optionsFor(scenario: Scenario): readonly CompareOption[] {
  return COMPARE_OPTIONS[scenario.lab] as readonly CompareOption[];
}

/** The values offered for an option in this scenario (standby names come from the scenario). */
export function valuesFor(option: CompareOption, scenario: Scenario): readonly OptionValue[] {
  if (scenario.lab === 'replication' && option.path === 'synchronous_standby_names') {
    const names = scenario.options.standbys;
    const sets = [[], ...names.map((n) => [n]), ...(names.length > 1 ? [names] : [])];
    return sets.map((set) => ({
      token: set.length ? set.join(',') : 'none',
      label: set.length ? `'${set.join(', ')}'` : "'' (none)",
      value: set.join(','),
    }));
  }
  return option.values;
}

/** The words for a value of an option: the offered value's label, or the option and the number. */
export function labelOf(option: CompareOption, scenario: Scenario, value: unknown): string {
  return valuesFor(option, scenario).find((v) => v.value === value)?.label ?? `${option.label} = ${String(value)}`;
}

/** The token a link writes for a value. */
export function tokenOf(option: CompareOption, scenario: Scenario, value: unknown): string {
  return valuesFor(option, scenario).find((v) => v.value === value)?.token ?? String(value);
}
