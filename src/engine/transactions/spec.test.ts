import { describe, expect, it } from 'vitest';
import { allPermutations, parseSpec } from './spec-parse';
import { formatResultSet } from './spec-format';
import { runSpec } from './spec-run';

const SPEC = `
# a comment
setup { CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (22, NULL); }
teardown { DROP TABLE t; }
session "s1"
setup { BEGIN; }
step "r1" { SELECT * FROM t ORDER BY id; }
step w1 { UPDATE t SET name = 'b' WHERE id = 1; }
step c1 { COMMIT; }
session s2
step w2 { UPDATE t SET name = 'c' WHERE id = 1; }
permutation r1 w1 w2(c1) c1
`;

describe('When an isolation spec is parsed', () => {
  it('reads setup, teardown, sessions with quoted names, steps and permutations with annotations', () => {
    const spec = parseSpec(SPEC);
    expect(spec.setup).toHaveLength(1);
    expect(spec.sessions.map((s) => s.name)).toEqual(['s1', 's2']);
    expect(spec.sessions[0].setup).toBe('BEGIN;');
    expect(spec.sessions[0].steps.map((s) => s.name)).toEqual(['r1', 'w1', 'c1']);
    expect(spec.permutations).toEqual([['r1', 'w1', 'w2', 'c1']]);
  });

  it('generates every interleaving when no permutation is given: 1,680 for 3 sessions of 3 steps', () => {
    const s = (n: string) => `session ${n} step ${n}a { SELECT 1; } step ${n}b { SELECT 1; } step ${n}c { SELECT 1; }`;
    expect(allPermutations(parseSpec(`${s('x')} ${s('y')} ${s('z')}`))).toHaveLength(1680);
  });

  it('refuses a permutation naming an unknown step', () => {
    expect(() => parseSpec('session s step a { SELECT 1; } permutation a b')).toThrow(/undefined step "b"/);
  });
});

describe('When results are printed as the tester prints them', () => {
  it('right-aligns numbers, left-aligns text (padding the last column) and prints NULL as empty', () => {
    expect(
      formatResultSet({
        columns: ['id', 'name'],
        rows: [
          ['1', 'a'],
          ['22', null],
        ],
      }),
    ).toBe('id|name\n--+----\n 1|a   \n22|    \n(2 rows)\n\n');
  });

  it('prints waits and their completion', () => {
    const out = runSpec(parseSpec(SPEC));
    expect(out).toContain('Parsed test spec with 2 sessions\n\nstarting permutation: r1 w1 w2 c1\n');
    expect(out).toContain("step w2: UPDATE t SET name = 'c' WHERE id = 1; <waiting ...>\nstep c1: COMMIT;\nstep w2: <... completed>\n");
  });
});

describe('When a spec names no permutation', () => {
  // How long this takes is measured by `npm run bench -- txn-spec`, not asserted here.
  it('runs and prints every one of the 1,680 interleavings of three sessions of three steps, each once', () => {
    const s = (n: string) =>
      `session ${n} setup { BEGIN; } step ${n}a { SELECT * FROM t WHERE id = 1; } step ${n}b { UPDATE t SET v = v + 1 WHERE id = 1; } step ${n}c { COMMIT; }`;
    const spec = parseSpec(
      `setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0); } teardown { DROP TABLE t; } ${s('x')} ${s('y')} ${s('z')}`,
    );
    const headers = runSpec(spec).match(/^starting permutation: .*$/gm) ?? [];
    expect(headers).toHaveLength(1680);
    expect(new Set(headers).size).toBe(1680);
    expect(headers[0]).toBe('starting permutation: xa xb xc ya yb yc za zb zc');
  });
});

describe('When a step spans several lines', () => {
  it('keeps its newlines as specscanner.l does, trimming only spaces and tabs', () => {
    const spec = parseSpec('session s\nstep a {\n  SELECT 1;\n}\nstep b {  SELECT 2;  }');
    expect(spec.sessions[0].steps.map((s) => s.sql)).toEqual(['\n  SELECT 1;\n', 'SELECT 2;']);
  });
});

describe('When permutations follow one another', () => {
  it('keeps the connections: a session left inside a transaction is still in it, with its old snapshot', () => {
    const spec = parseSpec(`setup { CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY); }
session s1 step b { BEGIN ISOLATION LEVEL REPEATABLE READ; } step sel { SELECT count(*) FROM t; } step c { COMMIT; }
session s2 step ins { INSERT INTO t VALUES (1); }
permutation b sel
permutation ins sel c sel`);
    const second = runSpec(spec).split('starting permutation: ins sel c sel\n')[1];
    expect(second).toContain(
      'step sel: SELECT count(*) FROM t;\ncount\n-----\n    0\n(1 row)\n\nstep c: COMMIT;\nstep sel: SELECT count(*) FROM t;\ncount\n-----\n    1\n',
    );
  });

  it('stops the run at a failed session setup, printing the error with its DETAIL', () => {
    const spec = parseSpec(`setup { CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); } teardown { DROP TABLE t; }
session s1 setup { INSERT INTO t VALUES (1); } step sel { SELECT 1; }
permutation sel
permutation sel sel`);
    expect(runSpec(spec)).toBe(
      'Parsed test spec with 1 sessions\n\nstarting permutation: sel\nsetup of session s1 failed: ERROR:  duplicate key value violates unique constraint "t_pkey"\nDETAIL:  Key (id)=(1) already exists.\n',
    );
  });
});
