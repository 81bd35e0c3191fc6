import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../transactions/spec-parse';
import { clearParseCache, parseSql } from './parse';
import { fromRecentTemplate, fromTemplate, integerLiterals } from './template';

const SPECS = join(import.meta.dirname, '../../../test/differential/specs');

/** Every query string of the differential corpus: setup blocks and steps. */
const corpus = readdirSync(SPECS)
  .filter((f) => f.endsWith('.spec'))
  .flatMap((f) => {
    const spec = parseSpec(readFileSync(join(SPECS, f), 'utf8'));
    return [...spec.setup, ...spec.sessions.flatMap((s) => [...(s.setup === null ? [] : [s.setup]), ...s.steps.map((st) => st.sql)])];
  });

/** The same text with each integer literal replaced by another of the same digit count. */
function otherValues(sql: string, salt: number): string | null {
  const lits = integerLiterals(sql);
  if (!lits || lits.length === 0) return null;
  let out = '';
  let at = 0;
  lits.forEach(({ start, end }, i) => {
    const digits = end - start;
    const lo = digits === 1 ? 0 : 10 ** (digits - 1);
    const v = lo + ((Number(sql.slice(start, end)) + 7 * (i + 1) + salt) % (10 ** digits - lo));
    out += sql.slice(at, start) + String(v);
    at = end;
  });
  return out + sql.slice(at);
}

/** A fresh parse, or the error it throws. */
function fresh(sql: string): unknown {
  clearParseCache();
  try {
    return parseSql(sql);
  } catch (e) {
    return e;
  }
}

describe('statements that differ only in integer constants share a parse', () => {
  it('reads integer literals as the lexer does: not in strings, names, comments, decimals or parameters', () => {
    const at = (sql: string) => integerLiterals(sql)?.map(({ start, end }) => sql.slice(start, end));
    expect(at('SELECT 1, \'2\', "c3", t4.x -- 5\n FROM t WHERE a = 66 /* 7 */ AND b = $8 AND c = $$9$$')).toEqual(['1', '66']);
    expect(integerLiterals('SELECT 1.5')).toBeNull();
    expect(integerLiterals('SELECT 1e3')).toBeNull();
    expect(integerLiterals('SELECT 1234567890')).toBeNull();
    expect(at("SELECT E'\\'3' , 4")).toEqual(['4']);
  });

  it('binds a new value into the template of a statement of the same shape', () => {
    clearParseCache();
    parseSql('SELECT abalance FROM accounts WHERE aid = 42');
    const sql = 'SELECT abalance FROM accounts WHERE aid = 57';
    const bound = fromTemplate(sql, integerLiterals(sql) ?? []);
    expect(bound).not.toBeNull();
    expect(bound).toEqual(fresh(sql));
  });

  it('gives every statement of the corpus, with other constants, what a fresh parse gives', () => {
    let templated = 0;
    let compared = 0;
    let matched = 0;
    for (const sql of corpus) {
      for (const salt of [1, 5]) {
        const other = otherValues(sql, salt);
        if (other === null || other === sql) continue;
        clearParseCache();
        try {
          parseSql(sql); // learns the template of this shape, if it has one
        } catch {
          continue;
        }
        const lits = integerLiterals(other) ?? [];
        if (fromTemplate(other, lits)) templated++;
        let viaCache: unknown;
        try {
          viaCache = parseSql(other);
        } catch (e) {
          viaCache = e;
        }
        // A third text of the shape matches the template just used, without reading its literals.
        const third = otherValues(sql, salt + 11) ?? sql;
        const quick = fromRecentTemplate(third);
        expect(viaCache, other).toEqual(fresh(other));
        if (quick) {
          expect(quick, third).toEqual(fresh(third));
          matched++;
        }
        compared++;
      }
    }
    console.info(`${templated} of ${compared} re-valued corpus statements came from a template, ${matched} matched a recent one`);
    expect(compared).toBeGreaterThan(300);
    expect(templated).toBeGreaterThan(100);
    expect(matched).toBeGreaterThan(100);
  });

  it('does not template what the grammar reads itself or what keeps source text', () => {
    for (const sql of [
      'SELECT a FROM t GROUP BY 1',
      'CREATE TABLE t (a varchar(10) DEFAULT 5)',
      'SELECT -5',
      'SET deadlock_timeout = 100',
      'SELECT pg_advisory_lock(1)',
    ]) {
      clearParseCache();
      try {
        parseSql(sql);
      } catch {
        /* the shape is what matters */
      }
      const other = otherValues(sql, 3) ?? sql;
      if (fromTemplate(other, integerLiterals(other) ?? [])) expect(parseSql(other)).toEqual(fresh(other));
    }
    clearParseCache();
    parseSql('CREATE TABLE t (a int DEFAULT 5)');
    expect(fromTemplate('CREATE TABLE t (a int DEFAULT 6)', integerLiterals('CREATE TABLE t (a int DEFAULT 6)') ?? [])).toBeNull();
  });

  it('gives a text parsed in full before, once its shape is a recent template, the parse it had', () => {
    clearParseCache();
    const first = 'SELECT v FROM t WHERE k = 42 AND j = 7';
    const parsed = parseSql(first);
    parseSql('SELECT v FROM t WHERE k = 43 AND j = 8');
    expect(fromRecentTemplate(first)).not.toBeNull();
    expect(parseSql(first)).toEqual(parsed);
    expect(parseSql(first)).toEqual(fresh(first));
  });

  it('matches a recent template only where the text has digits in place of every literal and the same characters elsewhere', () => {
    clearParseCache();
    parseSql('SELECT v FROM t WHERE k = 42 AND j = 7');
    expect(
      fromTemplate('SELECT v FROM t WHERE k = 43 AND j = 8', integerLiterals('SELECT v FROM t WHERE k = 43 AND j = 8') ?? []),
    ).not.toBeNull();
    expect(fromRecentTemplate('SELECT v FROM t WHERE k = 99 AND j = 0')).toEqual(fresh('SELECT v FROM t WHERE k = 99 AND j = 0'));
    parseSql('SELECT v FROM t WHERE k = 42 AND j = 7');
    fromTemplate('SELECT v FROM t WHERE k = 43 AND j = 8', integerLiterals('SELECT v FROM t WHERE k = 43 AND j = 8') ?? []);
    for (const other of [
      'SELECT v FROM t WHERE k = 4x AND j = 8',
      'SELECT v FROM t WHERE k = 43 AND i = 8',
      'SELECT v FROM t WHERE k = 43 AND j = 8 ',
      'SELECT v FROM t WHERE k = 4\0 AND j = 8',
      'SELECT v FROM t WHERE k = 430 AND j = 8',
    ])
      expect(fromRecentTemplate(other), other).toBeNull();
  });
});
