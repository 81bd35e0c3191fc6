/**
 * The real system beside the engines: one throwaway PostgreSQL cluster for the whole `npm run bench`
 * run (scripts/pg-cluster.ts, the differential suite's), started by the first bench that asks for it
 * and stopped by the runner at the end; and the few things the benches do to it (pgbench, psql, a
 * crash and the restart's redo).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cluster, findPgBin, startCluster } from '../scripts/pg-cluster';

export interface Postgres {
  readonly cluster: Cluster;
  /** The server's binaries (pgbench, psql, pg_waldump...). */
  readonly bin: string;
  /** The data directory and the server log, inside the cluster's temporary directory. */
  readonly data: string;
  readonly logFile: string;
  /** -h, -p, -U for the client programs. */
  readonly conn: readonly string[];
  /** The server's major version, e.g. "15". */
  readonly version: string;
}

/**
 * pg-cluster's settings (fsync, full_page_writes and synchronous_commit off: nothing waits for a
 * disk this machine shares), with room for a node-postgres pool of 100 beside pgbench.
 */
const SETTINGS = { max_connections: '120' };

let shared: Promise<Postgres | null> | null = null;

/** The run's cluster, started on first use; null when PostgreSQL is not installed. */
export function sharedPostgres(log: (m: string) => void): Promise<Postgres | null> {
  shared ??= (async () => {
    const bin = findPgBin();
    if (!bin) {
      log('PostgreSQL is not installed (apt-get install -y postgresql): engine figures alone, nothing beside them');
      return null;
    }
    const t0 = performance.now();
    const cluster = await startCluster(SETTINGS);
    const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
    log(
      `${version}: a throwaway cluster on 127.0.0.1:${cluster.port} for this run (started in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return {
      cluster,
      bin,
      data: join(cluster.dir, 'data'),
      logFile: join(cluster.dir, 'log'),
      conn: ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user],
      version: /(\d+)\.\d+/.exec(version)?.[1] ?? '?',
    };
  })();
  return shared;
}

/** Stop the run's cluster, if one was started (the runner calls this at the end). */
export async function stopSharedPostgres(): Promise<void> {
  const pg = await shared?.catch(() => null);
  shared = null;
  pg?.cluster.stop();
}

/** Run a client program of the server's (as the current user: the cluster trusts local TCP). */
export function client(pg: Postgres, program: string, args: readonly string[]): string {
  return execFileSync(join(pg.bin, program), [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export const psql = (pg: Postgres, sql: string): string => client(pg, 'psql', [...pg.conn, '-X', '-q', '-A', '-t', '-c', sql, 'postgres']);

/** pgbench's own "tps = ... (without initial connection time)". */
export function pgbenchTps(out: string): number {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps line:\n${out}`);
  return Number(tps[1]);
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** pg_ctl as the server's owner (the `postgres` user when we are root, as pg-cluster.ts starts it). */
function pgCtl(pg: Postgres, args: readonly string[]): void {
  const cmd = [join(pg.bin, 'pg_ctl'), ...args].map(quote).join(' ');
  const r =
    process.getuid?.() === 0
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { encoding: 'utf8' })
      : spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${r.stderr || r.stdout}`);
}

export interface Redo {
  /** WAL records from the last checkpoint's REDO point to the end of the WAL, by pg_waldump --stats. */
  readonly records: number;
  readonly bytes: number;
  /** The startup process's own figure: "redo done at ... elapsed: N s". */
  readonly redoSeconds: number;
  /** From `pg_ctl start` to the server accepting connections, the redo included. */
  readonly restartSeconds: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Crash the cluster (pg_ctl stop -m immediate: no shutdown checkpoint), count the WAL its restart
 * must replay with pg_waldump, restart it and read how long the redo took from the server log.
 */
export function crashAndRedo(pg: Postgres): Redo {
  pgCtl(pg, ['stop', '-D', pg.data, '-m', 'immediate', '-w']);
  const control = client(pg, 'pg_controldata', [pg.data]);
  const from = /Latest checkpoint's REDO location:\s+(\S+)/.exec(control)?.[1];
  if (!from) throw new Error(`pg_controldata printed no REDO location:\n${control}`);
  // Without -e pg_waldump reads to the end of valid WAL, prints its statistics and then
  // complains about the invalid record that ends it (exit status 1): the statistics are what we want.
  const dump = spawnSync(join(pg.bin, 'pg_waldump'), ['--stats', '-p', join(pg.data, 'pg_wal'), '-s', from], { encoding: 'utf8' });
  const total = /^Total\s+(\d+)\s+(\d+)/m.exec(dump.stdout);
  if (!total) throw new Error(`pg_waldump --stats printed no total:\n${dump.stdout}\n${dump.stderr}`);
  const logBefore = readFileSync(pg.logFile, 'utf8').length;
  const t0 = performance.now();
  // restart reads the options the server was started with from postmaster.opts.
  pgCtl(pg, ['restart', '-D', pg.data, '-l', pg.logFile, '-w']);
  const restartSeconds = (performance.now() - t0) / 1000;
  const log = readFileSync(pg.logFile, 'utf8').slice(logBefore);
  const done = /redo done at (\S+) system usage: .*elapsed: ([\d.]+) s/.exec(log);
  if (!done) throw new Error(`the server log has no "redo done" line after the restart:\n${log}`);
  return {
    records: Number(total[1]),
    bytes: Number(total[2]),
    redoSeconds: Number(done[2]),
    restartSeconds,
    from,
    to: done[1],
  };
}
