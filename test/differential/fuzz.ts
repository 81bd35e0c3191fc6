/**
 * Random two-session specs, run on the engine and on PostgreSQL; prints the ones that differ.
 * Two sessions only: with three, waiters released together race in PostgreSQL.
 *   npx tsx test/differential/fuzz.ts [count] [seed]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSqlParser } from '../../src/engine/sql/pg';
import { parseSpec } from '../../src/engine/transactions/spec-parse';
import { runSpec } from '../../src/engine/transactions/spec-run';
import { compareAll, lineDiff, startDifferentialCluster } from './compare';

// The engine's runs below (which specs the tester can run) parse SQL.
await loadSqlParser();

const key = fc.integer({ min: 1, max: 4 });
const op = fc.oneof(
  key.map((k) => `SELECT v FROM kv WHERE k = ${k};`),
  fc.constant('SELECT count(*), sum(v) FROM kv;'),
  fc.constant('SELECT k, v FROM kv WHERE v > 0 ORDER BY k;'),
  key.map((k) => `UPDATE kv SET v = v + 1 WHERE k = ${k};`),
  fc.constant('UPDATE kv SET v = v + 10 WHERE v < 5;'),
  key.map((k) => `INSERT INTO kv VALUES (${k + 2}, ${k});`),
  key.map((k) => `DELETE FROM kv WHERE k = ${k};`),
  key.map((k) => `SELECT k FROM kv WHERE k = ${k} FOR UPDATE;`),
  key.map((k) => `SELECT k FROM kv WHERE k = ${k} FOR SHARE;`),
  key.map((k) => `INSERT INTO child VALUES (${k * 10}, ${k});`),
  fc.constant('UPDATE kv SET v = -1 WHERE k = 2;'),
  fc.constant('DELETE FROM kv WHERE v > 3;'),
  key.map((k) => `UPDATE kv SET k = k + 10 WHERE k = ${k};`),
  fc.constant('SELECT * FROM child ORDER BY id;'),
  fc.constant('SELECT max(k), min(v) FROM kv WHERE k IN (1, 2, 3);'),
  key.map((k) => `UPDATE kv SET k = ${k} WHERE k = ${(k % 4) + 1};`),
  key.map((k) => `SELECT v FROM kv WHERE k = ${k} FOR KEY SHARE;`),
  fc.constant('INSERT INTO kv VALUES (7, 1), (8, 2);'),
  key.map((k) => `DELETE FROM child WHERE k = ${k};`),
  fc.constant('SELECT count(*) FROM child WHERE k BETWEEN 1 AND 3;'),
);
const iso = fc.constantFrom('READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE');
const specArb = fc.record({
  isos: fc.tuple(iso, iso),
  programs: fc.tuple(fc.array(op, { minLength: 1, maxLength: 4 }), fc.array(op, { minLength: 1, maxLength: 4 })),
  ends: fc.tuple(fc.constantFrom('COMMIT;', 'ROLLBACK;'), fc.constantFrom('COMMIT;', 'ROLLBACK;')),
  order: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 12, maxLength: 12 }),
});

function render(s: typeof specArb extends fc.Arbitrary<infer T> ? T : never): string {
  const names = ['a', 'b'];
  const steps = names.map((n, i) =>
    [`BEGIN ISOLATION LEVEL ${s.isos[i]};`, ...s.programs[i], s.ends[i]].map((sql, j) => ({ name: `${n}${j}`, sql })),
  );
  const pos = [0, 0];
  const perm: string[] = [];
  for (const i of [...s.order, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]) if (pos[i] < steps[i].length) perm.push(steps[i][pos[i]++].name);
  return `setup { CREATE TABLE kv (k int PRIMARY KEY, v int CHECK (v >= 0)); CREATE TABLE child (id int PRIMARY KEY, k int REFERENCES kv ON DELETE CASCADE); INSERT INTO kv VALUES (1, 0), (2, 0), (3, 5); INSERT INTO child VALUES (1, 3); }
teardown { DROP TABLE child; DROP TABLE kv; }
${names.map((n, i) => `session ${n}\n${steps[i].map((st) => `step ${st.name} { ${st.sql} }`).join('\n')}`).join('\n')}
step final { SELECT * FROM kv ORDER BY k; }
permutation ${perm.join(' ')} final
`.replace('step final', `session c\nstep final`);
}

/**
 * A permutation the real tester can run: no step is issued to a session still waiting on a lock
 * (the tester would wait for it until its timeout). The engine's run decides; a spec where the
 * engine wrongly thinks a session blocks is still compared by the corpus and the presets.
 */
const runnable = (text: string) => {
  const out = runSpec(parseSpec(text));
  return !out.includes('cannot start') && !out.includes('mutually-blocking');
};

/** Write `count` random runnable specs drawn with `seed` into a temporary directory; returns their paths. */
export function writeRandomSpecs(count: number, seed: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'walkthrough-fuzz-'));
  const texts = fc
    .sample(specArb, { numRuns: count * 4, seed })
    .map((s) => render(s as never))
    .filter(runnable)
    .slice(0, count);
  return texts.map((text, i) => {
    const f = join(dir, `fuzz_${seed}_${i}.spec`);
    writeFileSync(f, text);
    return f;
  });
}

if (process.argv[1]?.endsWith('fuzz.ts')) {
  const count = Number(process.argv[2] ?? 40);
  const seed = Number(process.argv[3] ?? 1);
  const files = writeRandomSpecs(count, seed);
  const cluster = await startDifferentialCluster();
  try {
    const results = await compareAll(cluster, files, 3);
    for (const r of results.filter((x) => !x.same)) console.log(`DIFF ${r.file}\n${lineDiff(r.engine, r.postgres)}\n`);
    console.log(
      `${results.filter((r) => r.same).length}/${results.length} random specs identical (seed ${seed}, specs in ${files[0]?.replace(/[^/]*$/, '')})`,
    );
  } finally {
    cluster.stop();
  }
}
