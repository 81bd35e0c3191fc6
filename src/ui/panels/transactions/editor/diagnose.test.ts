import { describe, expect, it } from 'vitest';
import { diagnose, diagnosticText } from './diagnose';

describe('When SQL in the editor does not parse', () => {
  it("points at the token PostgreSQL names, on its line, with PostgreSQL's message", () => {
    const sql = 'CREATE TABLE t (id int PRIMARY KEY);\nSELECT id FORM t;';
    const d = diagnose(sql);
    expect(d).toMatchObject({ code: '42601', line: 2 });
    expect(d?.message).toMatch(/^syntax error at or near "/);
    expect(d && sql.slice(d.from, d.to).length).toBeGreaterThan(0);
    expect(d && d.from).toBeGreaterThan(sql.indexOf('\n'));
    if (d) expect(diagnosticText(d, 2)).toMatch(/^ERROR 42601: syntax error at or near ".+" \(line 2\)$/);
  });

  it('marks exactly the token PostgreSQL reports, counting characters as it does', () => {
    const sql = "INSERT INTO t VALUES ('é😀');\nUPDATE t SET x = 1 WHER id = 1";
    const d = diagnose(sql);
    expect(d).toMatchObject({ message: 'syntax error at or near "WHER"', line: 2 });
    expect(d && sql.slice(d.from, d.to)).toBe('WHER');
  });

  it('says "at end of input" at the end of the statement that stops short', () => {
    const sql = 'SELECT id FROM';
    expect(diagnose(sql)).toMatchObject({ code: '42601', from: sql.length, to: sql.length, line: 1 });
  });

  it('finds nothing in SQL that parses, even SQL the lab does not run (that fails when its step runs)', () => {
    expect(diagnose('BEGIN; UPDATE t SET x = x + 1 WHERE id = 1; COMMIT')).toBeNull();
    expect(diagnose('')).toBeNull();
  });
});
