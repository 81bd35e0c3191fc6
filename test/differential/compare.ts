/**
 * Run specs on the engine (`npm run spec`'s runner) and through PostgreSQL 15's own
 * `isolationtester` binary against a throwaway cluster, and compare the two outputs line for line.
 * As a script:  npx tsx test/differential/compare.ts [FILE.spec ...]   (default: every spec)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import { loadSqlParser } from '../../src/engine/sql/pg';
import { parseSpec } from '../../src/engine/transactions/spec-parse';
import { runSpec } from '../../src/engine/transactions/spec-run';
import { findIsolationTester, runIsolationTester } from './isolationtester';

const SPEC_DIR = join(import.meta.dirname, 'specs');

export const specFiles = (): string[] =>
  readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.spec'))
    .sort()
    .map((f) => join(SPEC_DIR, f));

export interface Comparison {
  readonly file: string;
  readonly engine: string;
  readonly postgres: string;
  readonly same: boolean;
  /**
   * How many times PostgreSQL ran the spec. A spec whose output differs is run again, alone, up
   * to twice: which session a deadlock check cancels depends on whose deadlock_timeout fires
   * first, and on a busy machine PostgreSQL's own answer can change between runs. The engine must
   * match one of PostgreSQL's outputs; `postgres` is the last one.
   */
  readonly postgresRuns: number;
}

/** A cluster with PostgreSQL's default settings (deadlock_timeout 1 s included), as the tester's specs expect. */
export const startDifferentialCluster = (): Promise<Cluster> => startCluster();

function isolationTester(): string {
  const bin = findIsolationTester();
  if (!bin)
    throw new Error(
      "PostgreSQL's isolationtester was not found under /usr/lib/postgresql/*/lib/pgxs/src/test/isolation: install it with `apt-get install -y postgresql-client-15` (.ci/run does this).",
    );
  return bin;
}

/** The summary line the suite and the script print. */
export function summary(results: readonly Comparison[]): string {
  const again = results.filter((r) => r.postgresRuns > 1);
  const line = `${results.filter((r) => r.same).length}/${results.length} specs identical to PostgreSQL 15's isolationtester`;
  if (again.length === 0) return line;
  const names = again.map((r) => `${basename(r.file)} (${r.postgresRuns} runs${r.same ? '' : ', none matched'})`);
  return `${line}; run again alone because PostgreSQL's first output differed: ${names.join(', ')}`;
}

/** Compare every file, `parallel` specs at a time, each in its own database. */
export async function compareAll(cluster: Cluster, files: readonly string[], parallel = 3): Promise<Comparison[]> {
  await loadSqlParser();
  const bin = isolationTester();
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await admin.connect();
  // One admin connection shared by the workers: its queries go one at a time.
  let chain: Promise<unknown> = Promise.resolve();
  const admin1 = (sql: string) => (chain = chain.then(() => admin.query(sql)));
  const out: Comparison[] = [];
  let next = 0;
  const tester = async (file: string, text: string) => {
    const db = `spec_${basename(file, '.spec').replace(/\W/g, '_')}`;
    await admin1(`CREATE DATABASE ${db}`);
    const postgres = await runIsolationTester(bin, { host: cluster.host, port: cluster.port, user: cluster.user, database: db }, text);
    await admin1(`DROP DATABASE ${db} WITH (FORCE)`);
    return postgres;
  };
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const text = readFileSync(file, 'utf8');
      const postgres = await tester(file, text);
      const engine = runSpec(parseSpec(text));
      out.push({ file, engine, postgres, same: engine === postgres, postgresRuns: 1 });
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
    // Again, one at a time, what differed (see `postgresRuns`).
    for (const [i, r] of out.entries()) {
      let { postgres, postgresRuns } = r;
      while (postgres !== r.engine && postgresRuns < 3) {
        postgres = await tester(r.file, readFileSync(r.file, 'utf8'));
        postgresRuns++;
      }
      out[i] = { ...r, postgres, postgresRuns, same: postgres === r.engine };
    }
  } finally {
    await admin.end();
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** A unified-ish line diff, enough to see where the outputs part. */
export function lineDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    lines.push(`line ${i + 1}:\n  engine:   ${JSON.stringify(x[i])}\n  postgres: ${JSON.stringify(y[i])}`);
    if (lines.length >= 5) break;
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('compare.ts')) {
  const files = process.argv.slice(2).length ? process.argv.slice(2) : specFiles();
  const cluster = await startDifferentialCluster();
  try {
    const t0 = Date.now();
    const results = await compareAll(cluster, files);
    for (const r of results) {
      console.log(`${r.same ? 'same' : 'DIFF'}  ${basename(r.file)}`);
      if (!r.same) console.log(lineDiff(r.engine, r.postgres));
      if (!r.same && files.length === 1) console.log(`--- engine\n${r.engine}\n--- postgres\n${r.postgres}`);
    }
    console.log(`${summary(results)} (${Date.now() - t0} ms)`);
  } finally {
    cluster.stop();
  }
}
