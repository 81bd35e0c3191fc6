import { describe, expect, it } from 'vitest';
import { txnPreset } from '../../../test/support/transactions';
import type { ScenarioOf } from '../scenario/schema';
import { scenarioToPsql } from './export-psql';
import { runForPsql } from './export-psql-run';
import { psqlQuery } from './export-psql-text';
import { scenarioToSpec } from './spec-scenario';

type TxnScenario = ScenarioOf<'transactions'>;

const scenario = (steps: [string, string][], options: Partial<TxnScenario['options']> = {}): TxnScenario => ({
  v: 1,
  lab: 'transactions',
  title: 'Test scenario',
  seed: 1,
  options: { sessions: ['s1', 's2'], setup: ['CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0);'], ...options },
  steps: steps.map(([session, sql]) => ({ do: { type: 'step', session, sql } })),
});

const exported = (sc: TxnScenario) => scenarioToPsql(sc, runForPsql(sc));
const scriptOf = (sc: TxnScenario, session: string) => exported(sc).sessions.find((s) => s.session === session);

describe('When a scenario is exported for psql', () => {
  it('each session gets its own steps, in run order, after its isolation level', () => {
    const sc = scenario([
      ['s1', 'BEGIN'],
      ['s2', 'BEGIN'],
      ['s1', 'UPDATE t SET v = 1 WHERE id = 1'],
      ['s1', 'COMMIT'],
      ['s2', 'COMMIT'],
    ]);
    sc.options.isolation = { s2: 'serializable' };
    const out = exported(sc);
    expect(out.sessions.map((s) => s.steps.map((st) => st.n))).toEqual([
      [1, 3, 4],
      [2, 5],
    ]);
    expect(out.sessions[0].head).toContain("SET default_transaction_isolation = 'read committed';");
    expect(out.sessions[1].head).toContain("SET default_transaction_isolation = 'serializable';");
    expect(out.sessions[0].steps[1].text).toMatch(/-- step 3 of 5\n[\s\S]*UPDATE 1\nUPDATE t SET v = 1 WHERE id = 1;$/);
    expect(out.teardown).toContain('DROP TABLE IF EXISTS t CASCADE;');
  });

  it('a step that waits says so, and names the step that releases it', () => {
    const sc = scenario([
      ['s1', 'BEGIN'],
      ['s1', 'UPDATE t SET v = 1 WHERE id = 1'],
      ['s2', 'UPDATE t SET v = 2 WHERE id = 1'],
      ['s1', 'COMMIT'],
    ]);
    const out = exported(sc);
    expect(out.runOrder).toMatch(/3\. s2 {2}UPDATE t SET v = 2 WHERE id = 1 {3}<- WAITS for s1: go on; step 4 \(s1\) releases it/);
    expect(out.runOrder).toMatch(/4\. s1 {2}COMMIT {3}<- releases step 3 \(s2\)/);
    expect(scriptOf(sc, 's2')?.steps[0].text).toContain(
      "WAITS: blocks on s1's transaction; psql prints nothing until step 4 (s1) releases it.",
    );
  });

  it('the deadlock preset marks the cycle and the victim the deadlock check cancels', () => {
    const out = exported(txnPreset('txn-deadlock'));
    expect(out.runOrder).toMatch(/5\. s1 .*WAITS for s2: go on; step 6 \(s2\) closes a deadlock that cancels it; fails: 40P01/);
    expect(out.runOrder).toMatch(/6\. s2 .*WAITS for s1: deadlock; after 1 s step 5 \(s1\) is cancelled and this completes; wait for it$/m);
  });

  it('a step of several statements goes to psql as one query, joined with \\;', () => {
    expect(psqlQuery('BEGIN; SELECT v FROM t;  UPDATE t SET v = 1')).toBe('BEGIN \\;\nSELECT v FROM t \\;\nUPDATE t SET v = 1;');
    expect(psqlQuery('SELECT 1 -- one\n')).toBe('SELECT 1 -- one\n;');
    expect(psqlQuery("SELECT ';' AS x")).toBe("SELECT ';' AS x;");
  });

  it('a step that fails is marked with its error', () => {
    const sc = scenario([
      ['s1', 'BEGIN'],
      ['s1', 'SELECT v FROM nowhere'],
      ['s1', 'COMMIT'],
    ]);
    const text = scriptOf(sc, 's1')?.steps[1].text;
    expect(text).toContain('ERROR:  relation "nowhere" does not exist (SQLSTATE 42P01)');
    expect(text).toContain('This step fails in the lab.');
    expect(exported(sc).runOrder).toMatch(/2\. s1 {2}SELECT v FROM nowhere {3}<- fails: 42P01/);
  });

  it('a step the lab refused is kept, commented out, with the reason', () => {
    const sc = scenario([
      ['s1', 'BEGIN'],
      ['s1', 'UPDATE t SET v = 1 WHERE id = 1'],
      ['s2', 'UPDATE t SET v = 2 WHERE id = 1'],
      ['s2', 'SELECT 1'],
      ['s1', 'COMMIT'],
    ]);
    const text = scriptOf(sc, 's2')?.steps[1].text ?? '';
    expect(text).toMatch(/The lab refused this step \(.+\); it is left out here as in the lab:\n-- SELECT 1;$/);
    expect(exported(sc).runOrder).toContain('4. s2  (refused by the lab, not run: SELECT 1)');
  });

  it('a setup that fails is marked in setup.sql', () => {
    const out = exported(
      scenario([['s1', 'SELECT 1']], { setup: ['CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (1);'] }),
    );
    expect(out.setup).toContain(
      '-- The lab\'s setup fails here: ERROR:  duplicate key value violates unique constraint "t_pkey" (SQLSTATE 23505)',
    );
  });

  it('a run the lab could not finish still exports, saying where it stopped', () => {
    const sc = scenario([
      ['s1', 'SELECT 1'],
      ['s2', 'SELECT 2'],
    ]);
    const run = runForPsql(sc);
    const out = scenarioToPsql(sc, { ...run, steps: [{ ...run.steps[0] }, { ...run.steps[1], outputs: [] }], failure: 'engine bug' });
    expect(out.runOrder).toContain('The lab could not run this scenario to its end (engine bug); steps after 1 have no outcome.');
    expect(out.sessions[1].steps[0].text).toBe('-- step 2 of 2\nSELECT 2;');
  });

  it("a DELETE's tag counts the statement's rows, not the rows ON DELETE CASCADE removes (as psql prints it)", () => {
    const sc = scenario([['s1', 'DELETE FROM p WHERE id = 1']], {
      setup: [
        'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p ON DELETE CASCADE);',
        'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1), (2, 1);',
      ],
    });
    expect(runForPsql(sc).steps[0].outputs.map((o) => o.tag)).toEqual(['DELETE 1']);
  });

  it('the file holds every section, the isolation tester spec included', () => {
    const sc = txnPreset('txn-lost-update-rc');
    const out = exported(sc);
    for (const title of ['RUN ORDER', 'setup.sql', 's1.sql', 's2.sql', 'teardown.sql']) expect(out.text).toContain(`-- ${title}\n`);
    expect(out.text).toContain(scenarioToSpec(sc));
    expect(out.fileName).toMatch(/\.psql\.txt$/);
  });
});
