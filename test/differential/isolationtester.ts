/**
 * PostgreSQL's own isolation tester, the judge of the differential suite: the `isolationtester`
 * binary that PostgreSQL's regression suite runs (Debian ships it in postgresql-client-15), given
 * a spec on standard input and a connection string. Its standard output is returned exactly as
 * printed, so nothing of ours formats PostgreSQL's answer.
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
 * Run one spec. Resolves with the tester's standard output; rejects with its standard error
 * when it exits with a failure (a spec it cannot parse, a lost connection) or runs past `timeoutMs`.
 */
export function runIsolationTester(bin: string, db: Database, specText: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    // PGISOLATIONTIMEOUT: a step the tester waits on for twice this many seconds ends the run.
    const env = { ...process.env, PGISOLATIONTIMEOUT: String(Math.ceil(timeoutMs / 4000)) };
    const child = spawn(bin, [conninfo(db)], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `isolationtester ${signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited with ${code}`}: ${Buffer.concat(err).toString('utf8')}\n${stdout}`,
          ),
        );
    });
    child.stdin.end(specText);
  });
}
