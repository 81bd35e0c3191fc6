/**
 * PostgreSQL's own isolation tester, the judge of the differential suite: the `isolationtester`
 * binary that PostgreSQL's regression suite runs (Debian ships it in postgresql-client-15), given
 * a spec on standard input and a connection string. Its output is returned exactly as printed,
 * standard error merged into standard output as pg_isolation_regress does (`2>&1`), so nothing
 * of ours formats PostgreSQL's answer.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Database {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** The binary of the newest PostgreSQL 15 client (or newest installed), or null. */
export function findIsolationTester(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const path = (v: string) => join(root, v, 'lib', 'pgxs', 'src', 'test', 'isolation', 'isolationtester');
  const versions = readdirSync(root)
    .filter((v) => existsSync(path(v)))
    .sort((a, b) => Number(b) - Number(a));
  const pick = versions.includes('15') ? '15' : versions[0];
  return pick ? path(pick) : null;
}

const conninfo = (db: Database) => `host=${db.host} port=${db.port} user=${db.user} dbname=${db.database}`;

/**
 * Run one spec. Resolves with everything the tester printed, also when it exits with a failure
 * (it stops the run with status 1 when a session's setup fails, after printing why); rejects
 * when it runs past `timeoutMs` or cannot be started.
 */
export function runIsolationTester(bin: string, db: Database, specText: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    // PGISOLATIONTIMEOUT: a step the tester waits on for twice this many seconds ends the run.
    const env = { ...process.env, PGISOLATIONTIMEOUT: String(Math.ceil(timeoutMs / 4000)) };
    // One pipe for both streams keeps their lines in the order the tester wrote them.
    const child = spawn('sh', ['-c', 'exec "$0" "$1" 2>&1', bin, conninfo(db)], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(out).toString('utf8');
      if (signal) reject(new Error(`isolationtester was stopped (${signal}) after ${timeoutMs} ms:\n${output}`));
      else if (code === 0 || code === 1) resolve(output);
      else reject(new Error(`isolationtester exited with ${code}:\n${output}`));
    });
    child.stdin.end(specText);
  });
}
