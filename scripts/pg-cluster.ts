/**
 * A throwaway PostgreSQL cluster for the differential tests: initdb into a temporary
 * directory, start on 127.0.0.1 with its own port and socket directory, stop and delete
 * it afterwards (also when the process exits on a failure).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
 * (created by Debian's package) through `su`.
 *
 *   npx tsx scripts/pg-cluster.ts start   # prints the connection settings and waits; Ctrl-C stops
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  stop(): void;
}

/** The server binaries (PostgreSQL 15 preferred), or null when PostgreSQL is not installed. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const pick = versions.includes('15') ? '15' : versions[0];
  return pick ? join(root, pick, 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Start a cluster; throws a clear error when PostgreSQL is missing. */
export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const bin = findPgBin();
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install them with `apt-get install -y postgresql` (.ci/run does this).',
    );
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'walkthrough-pg-'));
  const data = join(dir, 'data');
  const run = (args: string[]) => {
    const cmd = args.map(quote).join(' ');
    const r = asRoot
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { encoding: 'utf8' })
      : spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      stop();
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  try {
    run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const opts = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      fsync: 'off',
      full_page_writes: 'off',
      synchronous_commit: 'off',
      max_connections: '60',
      ...settings,
    };
    const o = Object.entries(opts)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} ${o}`, '-w', 'start']);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  return { host: '127.0.0.1', port, user: 'postgres', dir, stop };
}

if (process.argv[1]?.endsWith('pg-cluster.ts') && process.argv[2] === 'start') {
  const c = await startCluster();
  console.log(`PostgreSQL running: host=${c.host} port=${c.port} user=${c.user} (Ctrl-C stops it)`);
  process.on('SIGINT', () => {
    c.stop();
    process.exit(0);
  });
  setInterval(() => {}, 1 << 30);
}
