import pg from 'pg';
import { type Cluster, startCluster } from '../../scripts/pg-cluster';
import type { DurabilityScenario } from '../../src/scenarios/durability/presets';
import { stepSql, tableSql } from './waldump-run';

/*
 * A durability scenario's statements on a throwaway PostgreSQL 15, one session per transaction,
 * and what PostgreSQL says at each VACUUM: VACUUM VERBOSE's message as the server sends it, and
 * pg_stat_user_tables and the file's size right after. Nothing of the engine touches these.
 */

/** A throwaway PostgreSQL 15 for VACUUM runs: autovacuum off, an admin session, more sessions on demand. */
interface VacuumCluster {
  readonly cluster: Cluster;
  /** The session that loads tables and runs VACUUM. */
  readonly admin: pg.Client;
  /** Open one more session. */
  connect(): Promise<pg.Client>;
  /** VACUUM (VERBOSE) one table as the admin session: the server's INFO message "finished vacuuming ...", verbatim. */
  vacuumVerbose(table: string): Promise<string>;
  /** End these sessions and the admin session, and stop the server. */
  close(sessions: Iterable<pg.Client>): Promise<void>;
}

/** Start the server and its admin session. */
export async function openVacuumCluster(): Promise<VacuumCluster> {
  const cluster = await startCluster({ autovacuum: 'off' });
  const connect = async () => {
    const c = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
    await c.connect();
    return c;
  };
  const admin = await connect();
  let notices: string[] = [];
  admin.on('notice', (n) => notices.push(n.message ?? ''));
  return {
    cluster,
    admin,
    connect,
    async vacuumVerbose(table) {
      notices = [];
      await admin.query(`VACUUM (VERBOSE, PROCESS_TOAST false) "${table}"`);
      return notices.find((n) => n.startsWith('finished vacuuming')) ?? '';
    },
    async close(sessions) {
      for (const c of sessions) await c.end().catch(() => {});
      await admin.end().catch(() => {});
      cluster.stop();
    },
  };
}

/** What PostgreSQL reports at one VACUUM step. */
export interface VacuumFacts {
  readonly step: number;
  /** The INFO message "finished vacuuming ...", verbatim. */
  readonly verbose: string;
  readonly nLiveTup: number;
  readonly nDeadTup: number;
  readonly pages: number;
}

/**
 * Run the scenario; each session flushes its statistics as it commits, so the counts are current.
 * `auto` names the tables the lab's autovacuum vacuumed at a step: VACUUMed there (autovacuum is off here).
 */
export async function vacuumOnPostgres(scenario: DurabilityScenario, auto: ReadonlyMap<number, readonly string[]>): Promise<VacuumFacts[]> {
  const { admin, connect, vacuumVerbose, close } = await openVacuumCluster();
  const sessions = new Map<string, pg.Client>();
  const facts: VacuumFacts[] = [];
  try {
    for (const sql of tableSql(scenario)) await admin.query(sql);
    // The load's counts reach the shared statistics before the scenario starts.
    await admin.query('SELECT pg_stat_force_next_flush()');
    for (const [i, step] of scenario.steps.entries()) {
      const s = step.do;
      if (s.type === 'begin') {
        const c = await connect();
        await c.query(s.isolation === 'repeatable read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
        sessions.set(s.tx, c);
      } else if (s.type === 'commit' || s.type === 'abort') {
        const c = sessions.get(s.tx)!;
        // pgstat_report_stat runs when the session goes idle after its transaction: forced, it is not rate-limited.
        await c.query('SELECT pg_stat_force_next_flush()');
        await c.query(s.type === 'commit' ? 'COMMIT' : 'ROLLBACK');
        await c.end();
        sessions.delete(s.tx);
      } else if (s.type === 'vacuum' || auto.has(i + 1)) {
        for (const table of s.type === 'vacuum' ? [s.table] : auto.get(i + 1)!) facts.push(await vacuum(i + 1, table));
      } else {
        const sql = stepSql(scenario, s);
        if (sql) await ('tx' in s && s.tx ? sessions.get(s.tx)! : admin).query(sql);
      }
    }
    return facts;
  } finally {
    await close(sessions.values());
  }

  async function vacuum(step: number, table: string): Promise<VacuumFacts> {
    const verbose = await vacuumVerbose(table);
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const r = await admin.query(
      `SELECT n_live_tup, n_dead_tup, pg_relation_size(relid) / 8192 AS pages FROM pg_stat_user_tables WHERE relname = $1`,
      [table],
    );
    const row = r.rows[0] as { n_live_tup: string; n_dead_tup: string; pages: string };
    return {
      step,
      verbose,
      nLiveTup: Number(row.n_live_tup),
      nDeadTup: Number(row.n_dead_tup),
      pages: Number(row.pages),
    };
  }
}
