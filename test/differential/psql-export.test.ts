import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../scripts/pg-cluster';
import { loadSqlParser } from '../../src/engine/sql/pg';
import { scenarioToPsql, type PsqlExport } from '../../src/engine/transactions/export-psql';
import { runForPsql, type PsqlRun } from '../../src/engine/transactions/export-psql-run';
import { specFileName } from '../../src/engine/transactions/spec-scenario';
import { transactionsPresets } from '../../src/scenarios/transactions/presets';
import { type Comparison, compareAll, lineDiff, startDifferentialCluster } from './compare';
import { runPsqlExport } from './psql-run';
import { labTranscript } from './psql-transcript';

/*
 * Every transactions preset as "Export for psql" writes it, judged by PostgreSQL 15: its spec
 * section through the real isolationtester (against `npm run spec`'s output), and its psql scripts
 * through real psql processes, one per session, fed step by step in the exported run order;
 * each session's raw psql output must equal what the lab printed for that session.
 */
const presets = transactionsPresets.flatMap((s) => (s.lab === 'transactions' ? [s] : []));

type TxnScenario = (typeof presets)[number];
const step = (session: string, sql: string) => ({ do: { type: 'step' as const, session, sql } });

/**
 * Beyond the presets, what psql prints that they do not reach: a step of several statements that
 * fails part-way (psql must send it as one query, as the lab runs it), an aborted block, RETURNING,
 * NULLs, no rows, a NOTICE and a WARNING.
 */
const extras: TxnScenario[] = [
  {
    v: 1,
    lab: 'transactions',
    title: 'psql-several-statements',
    seed: 1,
    options: { sessions: ['s1', 's2'], setup: ['CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, NULL), (2, 5);'] },
    steps: [
      step('s1', 'BEGIN; SELECT id, v FROM t ORDER BY id; UPDATE t SET v = v / 0 WHERE id = 2; SELECT 1'),
      step('s1', 'SELECT v FROM t WHERE id = 2'),
      step('s2', 'INSERT INTO t VALUES (3, 7) RETURNING id, v'),
      step('s1', 'COMMIT'),
      step('s2', 'CREATE TABLE IF NOT EXISTS t (id int)'),
      step('s2', 'COMMIT'),
      step('s2', 'UPDATE t SET v = 1 WHERE id = 1; SELECT id, v FROM t WHERE id > 5'),
    ],
  },
];

/**
 * Why a preset's psql output cannot be compared with the lab's, or null. Textbook dirty reads are
 * a mode PostgreSQL does not have; a step the lab refused never ran there, but psql would queue it;
 * a step still waiting at the end has no output in either, but its psql is ended by force.
 */
function excluded(sc: (typeof presets)[number], run: PsqlRun): string | null {
  if (sc.options.textbookDirtyReads) return 'textbook dirty reads, which PostgreSQL never gives';
  if (run.failure) return `the lab could not run it: ${run.failure}`;
  if (run.steps.some((s) => s.refused)) return 'the lab refused a step that psql would have queued';
  if (run.steps.some((s) => s.completedAt === null)) return 'a step still waits at the end';
  return null;
}

interface Case {
  readonly id: string;
  readonly run: PsqlRun;
  readonly exp: PsqlExport;
  readonly why: string | null;
}

let cluster: Cluster | null = null;
let cases: Case[] = [];
let specs: Comparison[] = [];
const psql = new Map<string, Map<string, string> | Error>();

beforeAll(async () => {
  await loadSqlParser();
  cases = [...presets, ...extras].map((sc) => {
    const run = runForPsql(sc);
    return { id: sc.preset ?? sc.title, run, exp: scenarioToPsql(sc, run), why: excluded(sc, run) };
  });
  cluster = await startDifferentialCluster();
  const dir = mkdtempSync(join(tmpdir(), 'walkthrough-psql-export-'));
  const files = cases.map((c) => {
    const f = join(dir, specFileName(c.id));
    writeFileSync(f, c.exp.spec);
    return f;
  });
  specs = await compareAll(cluster, files);
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
  await admin.connect();
  try {
    for (const c of cases) {
      if (c.why) continue;
      const db = `psql_${c.id.replace(/\W/g, '_')}`;
      await admin.query(`CREATE DATABASE ${db}`);
      try {
        psql.set(c.id, await runPsqlExport(cluster, db, c.exp, c.run));
      } catch (err) {
        psql.set(c.id, err instanceof Error ? err : new Error(String(err)));
      }
      await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}, 600_000);

afterAll(() => cluster?.stop());

describe('When the presets exported for psql run on PostgreSQL 15', () => {
  it('the only presets left out of the psql comparison are the textbook dirty read', () => {
    expect(cases.filter((c) => c.why).map((c) => `${c.id}: ${c.why}`)).toEqual([
      'txn-dirty-read-textbook: textbook dirty reads, which PostgreSQL never gives',
    ]);
  });

  it.each(presets.map((p) => [p.preset ?? p.title]))('the spec section of %s prints what npm run spec prints', (id) => {
    const r = specs.find((x) => basename(x.file) === specFileName(id));
    expect(r, 'the comparison ran').toBeDefined();
    if (r && !r.same) expect.fail(`${id}'s exported spec differs from PostgreSQL:\n${lineDiff(r.engine, r.postgres)}`);
  });

  it.each([...presets, ...extras].map((p) => [p.preset ?? p.title]))("%s: each session's psql prints what the lab printed for it", (id) => {
    const c = cases.find((x) => x.id === id);
    if (!c || c.why) return;
    const out = psql.get(id);
    if (out instanceof Error) expect.fail(`${id} did not run as the lab did: ${out.message}`);
    expect(out, 'psql ran').toBeDefined();
    for (const x of c.exp.sessions) expect(out?.get(x.session), `session ${x.session}`).toBe(labTranscript(c.run, x.session));
  });
});
