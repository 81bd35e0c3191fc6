import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transactionsPresets } from '../../scenarios/transactions/presets';
import { timelineFor } from '../labs';
import { type ScenarioOf, ScenarioError } from '../scenario/schema';
import { committedRows } from './check';
import { parseSpec, SpecError } from './spec-parse';
import { runPermutation } from './spec-run';
import { dedent, scenarioToSpec, specFileName, specToScenario } from './spec-scenario';
import type { State } from './types';

type TxnScenario = ScenarioOf<'transactions'>;

const SPECS = join(__dirname, '../../../test/differential/specs');
const specText = (file: string) => readFileSync(join(SPECS, file), 'utf8');

/** Each session's default isolation level, as the engine picks it. */
const levels = (s: TxnScenario) =>
  Object.fromEntries(s.options.sessions.map((n) => [n, s.options.isolation?.[n] ?? s.options.defaultIsolation ?? 'read committed']));

/** What a round trip must keep: the schedule, the sessions, their isolation levels and the setup. */
const essence = (s: TxnScenario) => ({
  sessions: s.options.sessions,
  setup: s.options.setup ?? [],
  isolation: levels(s),
  steps: s.steps.map((st) => st.do),
});

const finalState = (scenario: TxnScenario): State => {
  const t = timelineFor(scenario);
  t.seek(t.total);
  return t.engineState;
};

describe('When a scenario is exported as a spec and imported again', () => {
  it.each(transactionsPresets.map((p) => [p.preset, p] as const))('preset %s keeps its steps, sessions and setup', (_id, preset) => {
    const back = specToScenario(scenarioToSpec(preset)).scenario;
    expect(essence(back)).toEqual(essence(preset));
    expect(back.title).toBe(preset.title);
  });

  it("keeps each session's isolation level, written as SET default_transaction_isolation in the session's setup", () => {
    const lost = transactionsPresets.find((p) => p.preset === 'txn-lost-update-rc');
    if (!lost) throw new Error('No preset txn-lost-update-rc');
    const edited: TxnScenario = { ...lost, options: { ...lost.options, isolation: { s1: 'repeatable read', s2: 'serializable' } } };
    const spec = scenarioToSpec(edited);
    expect(spec).toContain("session s1\nsetup { SET default_transaction_isolation = 'repeatable read'; }");
    expect(spec).toContain("session s2\nsetup { SET default_transaction_isolation = 'serializable'; }");
    const back = specToScenario(spec).scenario;
    expect(back.options.isolation).toEqual({ s1: 'repeatable read', s2: 'serializable' });
    expect(essence(back)).toEqual(essence(edited));
  });

  it('writes a repeated step once and repeats its name in the permutation, and names unnamed steps per session', () => {
    const s: TxnScenario = {
      v: 1,
      lab: 'transactions',
      title: 'Repeat',
      seed: 1,
      options: { sessions: ['a', 'b'], setup: ['CREATE TABLE t (id int PRIMARY KEY)'] },
      steps: [
        { do: { type: 'step', session: 'a', sql: 'SELECT count(*) FROM t' } },
        { do: { type: 'step', session: 'b', sql: 'INSERT INTO t VALUES (1)', name: 'ins' } },
        { do: { type: 'step', session: 'a', sql: 'SELECT count(*) FROM t' } },
      ],
    };
    const spec = scenarioToSpec(s);
    expect(spec).toContain('step a_1 { SELECT count(*) FROM t }');
    expect(spec).toContain('step ins { INSERT INTO t VALUES (1) }');
    expect(spec).toContain('permutation a_1 ins a_1');
    expect(parseSpec(spec).sessions[0].steps).toHaveLength(1);
    expect(essence(specToScenario(spec).scenario)).toEqual(essence(s));
  });

  it('quotes names the scanner would split or read as keywords, and reads them back', () => {
    const s: TxnScenario = {
      v: 1,
      lab: 'transactions',
      title: 'Names',
      seed: 1,
      options: { sessions: ['alice smith', 'step'] },
      steps: [
        { do: { type: 'step', session: 'alice smith', sql: 'BEGIN', name: 'first step' } },
        { do: { type: 'step', session: 'step', sql: 'SELECT 1', name: 'setup' } },
      ],
    };
    const spec = scenarioToSpec(s);
    expect(spec).toContain('session "alice smith"');
    expect(spec).toContain('step "first step" { BEGIN }');
    const back = specToScenario(spec).scenario;
    expect(back.options.sessions).toEqual(['alice smith', 'step']);
    // "setup" cannot stand in a permutation even quoted: it becomes a generated name, dropped on import.
    expect(back.steps.map((x) => x.do)).toEqual([
      { type: 'step', session: 'alice smith', sql: 'BEGIN', name: 'first step' },
      { type: 'step', session: 'step', sql: 'SELECT 1' },
    ]);
  });

  it('refuses SQL holding "}", which would end the block early, naming the step', () => {
    const s: TxnScenario = {
      v: 1,
      lab: 'transactions',
      title: 'Brace',
      seed: 1,
      options: { sessions: ['s1'] },
      steps: [{ do: { type: 'step', session: 's1', sql: "SELECT '{}'" } }],
    };
    expect(() => scenarioToSpec(s)).toThrow(SpecError);
    expect(() => scenarioToSpec(s)).toThrow(/step 1's SQL contains "}"/);
  });

  it('indents a multi-line block inside its braces and takes the indentation off again, except inside a string literal', () => {
    expect(dedent('\n  SELECT a\n    FROM t\n')).toBe('SELECT a\n  FROM t');
    // SQL starting on the brace's line (the scanner drops the spaces before it) keeps its indentation.
    expect(dedent('UPDATE t\n   SET v = 1')).toBe('UPDATE t\n   SET v = 1');
    expect(dedent("\n  INSERT INTO t VALUES ('one\n  two')\n")).toBe("INSERT INTO t VALUES ('one\n  two')");
    expect(dedent("\n  SELECT 'it''s'\n  FROM t\n")).toBe("SELECT 'it''s'\nFROM t");
  });

  it('names the file after the title', () => {
    expect(specFileName('Lost update under Read Committed (edited)')).toBe('lost-update-under-read-committed-edited.spec');
    expect(specFileName('∅')).toBe('scenario.spec');
  });
});

const LEVELS = ['read uncommitted', 'read committed', 'repeatable read', 'serializable'] as const;
/** Names the scanner reads bare, ones it must quote (spaces, keywords, punctuation) and ones like the generated s1_2. */
const nameArb = fc.oneof(
  fc.constantFrom('s1', 's2', 'alice', 'bob smith', 'step', 'permutation', 'a(b)', 'x#y', 'c,d', 'setup', 's1_2', 'ü'),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/),
);
const sqlArb = fc.constantFrom(
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SELECT 1',
  "SELECT 'a b' AS x",
  'UPDATE t SET v = v + 1\nWHERE id = 1',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
  '-- only a comment\nSELECT 2',
);
const scenarioArb = fc
  .uniqueArray(nameArb, { minLength: 1, maxLength: 4 })
  .chain((sessions) =>
    fc.record({
      sessions: fc.constant(sessions),
      isolation: fc.dictionary(fc.constantFrom(...sessions), fc.constantFrom(...LEVELS), { maxKeys: sessions.length }),
      setup: fc.array(fc.constantFrom('CREATE TABLE t (id int PRIMARY KEY, v int)', 'INSERT INTO t VALUES (1, 0)'), { maxLength: 2 }),
      steps: fc.array(fc.record({ session: fc.constantFrom(...sessions), sql: sqlArb, name: fc.option(nameArb, { nil: undefined }) }), {
        maxLength: 12,
      }),
    }),
  )
  .map((r): TxnScenario => ({
    v: 1,
    lab: 'transactions',
    title: 'Random',
    seed: 1,
    options: {
      sessions: r.sessions,
      ...(r.setup.length ? { setup: r.setup } : {}),
      ...(Object.keys(r.isolation).length ? { isolation: r.isolation } : {}),
    },
    steps: r.steps.map((st) => ({ do: { type: 'step', session: st.session, sql: st.sql, ...(st.name ? { name: st.name } : {}) } })),
  }));

describe('When random scenarios go through a spec and back', () => {
  it('each keeps its schedule and sessions; names survive unless they are keywords or look generated (seed 4242)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const back = specToScenario(scenarioToSpec(s)).scenario;
        expect(back.options.sessions).toEqual(s.options.sessions);
        expect(levels(back)).toEqual(levels(s));
        expect(back.options.setup ?? []).toEqual(s.options.setup ?? []);
        expect(back.steps.map((st) => [st.do.session, st.do.sql])).toEqual(s.steps.map((st) => [st.do.session, st.do.sql]));
        // A name is kept when it is a usable, unambiguous step name and the first of its steps.
        for (const [i, st] of back.steps.entries()) if (st.do.name) expect(st.do.name).toBe(s.steps[i].do.name);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
});

describe('When a spec from the differential suite is imported', () => {
  it('lost-update-rc.spec takes its first permutation, runs the session setups first and notes what it left out', () => {
    const { scenario, notes, permutations } = specToScenario(specText('lost-update-rc.spec'));
    expect(scenario.title).toBe('Lost update under Read Committed: both read 0, both write read+1.');
    expect(permutations).toEqual([
      ['r1', 'r2', 'w1', 'w2', 'c1', 'c2', 'check'],
      ['r1', 'w1', 'r2', 'c1', 'r2', 'w2', 'c2', 'check'],
    ]);
    expect(scenario.options.sessions).toEqual(['s1', 's2']);
    expect(scenario.steps.map((s) => `${s.do.session} ${s.do.name ?? '-'} ${s.do.sql}`)).toEqual([
      's1 - BEGIN ISOLATION LEVEL READ COMMITTED;',
      's2 - BEGIN ISOLATION LEVEL READ COMMITTED;',
      's1 r1 SELECT x FROM counter WHERE id = 1;',
      's2 r2 SELECT x FROM counter WHERE id = 1;',
      's1 w1 UPDATE counter SET x = 1 WHERE id = 1;',
      's2 w2 UPDATE counter SET x = 1 WHERE id = 1;',
      's1 c1 COMMIT;',
      's2 c2 COMMIT;',
      's2 check SELECT * FROM counter;',
    ]);
    expect(notes.join(' ')).toMatch(/2 permutations; this is permutation 1/);
    expect(notes.join(' ')).toMatch(/Teardown blocks are not imported/);
    expect(committedRows(finalState(scenario), 'counter')).toEqual([['1', '1']]);
    // The second permutation serialises the increments: no update is lost.
    expect(committedRows(finalState(specToScenario(specText('lost-update-rc.spec'), { permutation: 1 }).scenario), 'counter')).toEqual([
      ['1', '1'],
    ]);
  });

  it('a spec without permutations runs its steps session by session', () => {
    const { scenario, notes } = specToScenario(specText('notices-and-setup.spec'));
    const spec = parseSpec(specText('notices-and-setup.spec'));
    expect(scenario.steps.map((s) => s.do.name)).toEqual(spec.sessions.flatMap((s) => s.steps.map((st) => st.name)));
    expect(notes.join(' ')).toMatch(/no permutation/);
  });

  it('turns a session setup that only sets default_transaction_isolation into options.isolation', () => {
    const text = `setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0); }
session a
setup { SET default_transaction_isolation = 'repeatable read'; }
step a1 { BEGIN; }
session b
setup { SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE }
step b1 { SELECT 1; }
permutation a1 b1`;
    const { scenario } = specToScenario(text, { title: 'iso.spec' });
    expect(scenario.title).toBe('iso.spec');
    expect(scenario.options.isolation).toEqual({ a: 'repeatable read', b: 'serializable' });
    expect(scenario.steps).toHaveLength(2);
  });

  it.each(readdirSync(SPECS).filter((f) => f.endsWith('.spec')))(
    '%s ends with the same committed rows as the spec runner gives',
    (file) => {
      const text = specText(file);
      const parsed = parseSpec(text);
      const { scenario } = specToScenario(text);
      // The runner tears down before handing over the state: compare without teardown.
      const noTeardown = { ...parsed, teardown: null, sessions: parsed.sessions.map((s) => ({ ...s, teardown: null })) };
      const perm = parsed.permutations[0] ?? parsed.sessions.flatMap((s) => s.steps.map((st) => st.name));
      let expected: State | undefined;
      runPermutation(noTeardown, perm, { onState: (st) => (expected = structuredClone(st)) });
      const ours = finalState(scenario);
      const want = expected as State;
      expect(Object.keys(ours.tables).sort()).toEqual(Object.keys(want.tables).sort());
      for (const table of Object.keys(want.tables)) expect(committedRows(ours, table)).toEqual(committedRows(want, table));
    },
  );
});

describe('When a spec cannot be imported', () => {
  it('a malformed spec throws SpecError with its line', () => {
    expect(() => specToScenario('setup { CREATE TABLE t (id int) ')).toThrow(SpecError);
    expect(() => specToScenario('session s1\nstep a { SELECT 1; }\npermutation a b')).toThrow(
      'undefined step "b" specified in permutation',
    );
    expect(() => specToScenario('setup { SELECT 1; }\nbogus')).toThrow(/unexpected bogus \(line 2\)/);
  });

  it('a spec with no session, or asking for a permutation it lacks, says so', () => {
    expect(() => specToScenario('setup { SELECT 1; }')).toThrow(/no session/);
    expect(() => specToScenario(specText('lost-update-rc.spec'), { permutation: 5 })).toThrow(/no permutation 6: the spec lists 2/);
  });

  it('a spec the scenario format cannot hold gives a ScenarioError naming the field', () => {
    const many = Array.from({ length: 17 }, (_, i) => `session s${i}\nstep t${i} { SELECT 1; }`).join('\n');
    expect(() => specToScenario(many)).toThrow(ScenarioError);
    expect(() => specToScenario(many)).toThrow(/options\.sessions/);
  });
});
