/**
 * The psql export judged by real psql: the exported setup.sql, then one `psql` process per session
 * fed its exported script step by step over a stdin pipe, in the exported run order, against a
 * throwaway cluster. A step is sent once the steps before it have done what the lab's run says
 * they did: completed (psql printed the marker the runner sends after each step) or, for a step
 * marked WAITS, been seen waiting in pg_stat_activity. Each session's raw output (stdout and
 * stderr on one pipe, as psql wrote them) is returned unchanged.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import type { Cluster } from '../../scripts/pg-cluster';
import type { PsqlExport } from '../../src/engine/transactions/export-psql';
import type { PsqlRun } from '../../src/engine/transactions/export-psql-run';

/** How long a step may take to reach what the lab's run says (a deadlock check takes 1 s). */
const STEP_TIMEOUT_MS = 15_000;
const POLL_MS = 20;

/** psql's flags for the comparison: no psqlrc, unaligned output (alignment depends on column types the lab does not keep), errors without DETAIL lines (a deadlock's names process ids). */
const PSQL_FLAGS = ['-X', '-A', '-v', 'VERBOSITY=terse'];

/** The line the runner has psql print after a session's opening lines (`head`) or its step `n`. */
export const marker = (n: number | 'head') => `@@ ${n}`;

const appName = (db: string, session: string) => `${db}:${session}`.slice(0, 63);

function psqlArgs(cluster: Cluster, db: string): string[] {
  return ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user, '-d', db];
}

/** Run a script in one psql (setup, teardown) and return its output. */
function psqlOnce(cluster: Cluster, db: string, script: string): string {
  const r = spawnSync('psql', [...PSQL_FLAGS, ...psqlArgs(cluster, db)], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql exited with ${r.status}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

interface Session {
  readonly child: ChildProcessWithoutNullStreams;
  output: string;
  closed: Promise<void>;
}

function startSession(cluster: Cluster, db: string, name: string): Session {
  // One pipe for both streams keeps psql's results and errors in the order it wrote them.
  const child = spawn('sh', ['-c', 'exec psql "$@" 2>&1', 'psql', ...PSQL_FLAGS, ...psqlArgs(cluster, db)], {
    env: { ...process.env, PGAPPNAME: appName(db, name) },
  });
  const s: Session = { child, output: '', closed: Promise.resolve() };
  child.stdout.on('data', (b: Buffer) => (s.output += b.toString('utf8')));
  s.closed = new Promise((resolve) => child.on('close', () => resolve()));
  return s;
}

/** Poll `ok` until it holds; on timeout throw `what()` (which says what was expected and what was seen). */
async function until(ok: () => Promise<boolean> | boolean, what: () => string): Promise<void> {
  const end = Date.now() + STEP_TIMEOUT_MS;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(what());
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Run the export in database `db` (created empty by the caller) and return each session's raw
 * psql output. Throws when PostgreSQL does not do what the lab's run did at some step (a step
 * completes that should wait, or waits that should complete), naming the step.
 */
export async function runPsqlExport(cluster: Cluster, db: string, exp: PsqlExport, run: PsqlRun): Promise<Map<string, string>> {
  psqlOnce(cluster, db, exp.setup);
  const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: db });
  await admin.connect();
  const sessions = new Map(exp.sessions.map((x) => [x.session, startSession(cluster, db, x.session)]));
  const sess = (name: string) => sessions.get(name) as Session;
  const has = (name: string, n: number | 'head') => sess(name).output.split('\n').includes(marker(n));
  const waiting = async (name: string) =>
    (
      await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND (wait_event_type = 'Lock' OR wait_event = 'SafeSnapshot')",
        [appName(db, name)],
      )
    ).rowCount === 1;
  let finished = false;
  const seen = () => [...sessions].map(([n, s]) => `--- ${n}\n${s.output}`).join('\n');
  try {
    for (const x of exp.sessions) {
      sess(x.session).child.stdin.write(`${x.head}\n\\echo '${marker('head')}'\n`);
      await until(
        () => has(x.session, 'head'),
        () => `session ${x.session} did not start:\n${seen()}`,
      );
    }
    const chunks = new Map(exp.sessions.flatMap((x) => x.steps.map((st) => [st.n, st.text] as const)));
    for (const st of run.steps) {
      if (st.refused) continue;
      sess(st.session).child.stdin.write(`${chunks.get(st.n)}\n\\echo '${marker(st.n)}'\n`);
      const done = run.steps.filter((o) => o.completedAt === st.n);
      await until(
        () => done.every((o) => has(o.session, o.n)),
        () => `after step ${st.n}, PostgreSQL did not complete step(s) ${done.map((o) => o.n).join(', ')} as the lab did:\n${seen()}`,
      );
      if (st.completedAt !== st.n)
        await until(
          async () => (await waiting(st.session)) || has(st.session, st.n),
          () => `step ${st.n} (${st.session}) neither waited nor completed:\n${seen()}`,
        );
      if (st.completedAt !== st.n && has(st.session, st.n))
        throw new Error(`step ${st.n} (${st.session}) completed in PostgreSQL but waited in the lab:\n${seen()}`);
    }
    finished = true;
  } finally {
    for (const s of sessions.values()) s.child.stdin.end();
    // A session still waiting (at the end of the run, or after a failure) has its backend ended, so its psql can quit.
    const stuck = finished
      ? exp.sessions.filter((x) => run.steps.some((st) => st.session === x.session && !st.refused && st.completedAt === null))
      : exp.sessions;
    for (const x of stuck)
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName(db, x.session)]);
    await Promise.all([...sessions.values()].map((s) => s.closed));
    await admin.end();
  }
  psqlOnce(cluster, db, exp.teardown);
  return new Map([...sessions].map(([n, s]) => [n, s.output]));
}
