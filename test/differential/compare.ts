/**
 * Run specs on the engine and on a throwaway PostgreSQL cluster and compare the outputs.
 * As a script:  npx tsx test/differential/compare.ts [FILE.spec ...]   (default: every spec)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import { loadSqlParser } from '../../src/engine/sql/pg';
import { parseSpec } from '../../src/engine/transactions/spec-parse';
import { runSpec } from '../../src/engine/transactions/spec-run';
import { runSpecOnServer } from './pg-runner';

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
}

/** A cluster whose deadlock_timeout is short, so the step that closes a cycle is the one cancelled. */
export const startDifferentialCluster = (): Promise<Cluster> => startCluster({ deadlock_timeout: '20ms' });

/** Compare every file, `parallel` specs at a time, each in its own database. */
export async function compareAll(cluster: Cluster, files: readonly string[], parallel = 3): Promise<Comparison[]> {
  await loadSqlParser();
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await admin.connect();
  // One admin connection shared by the workers: its queries go one at a time.
  let chain: Promise<unknown> = Promise.resolve();
  const admin1 = (sql: string) => (chain = chain.then(() => admin.query(sql)));
  const out: Comparison[] = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const db = `spec_${basename(file, '.spec').replace(/\W/g, '_')}`;
      await admin1(`CREATE DATABASE ${db}`);
      const spec = parseSpec(readFileSync(file, 'utf8'));
      const postgres = await runSpecOnServer({ host: cluster.host, port: cluster.port, user: cluster.user, database: db }, spec);
      await admin1(`DROP DATABASE ${db}`);
      const engine = runSpec(spec);
      out.push({ file, engine, postgres, same: engine === postgres });
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
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
    console.log(`${results.filter((r) => r.same).length}/${results.length} specs identical in ${Date.now() - t0} ms`);
  } finally {
    cluster.stop();
  }
}
