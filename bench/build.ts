/** Builds dist/ when it is missing or older than the sources it is made from. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
export const MANIFEST = join(DIST, '.vite', 'manifest.json');

/** Files and folders whose changes make a new build necessary. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
function staleReason(): string | null {
  if (!existsSync(MANIFEST)) return 'dist/.vite/manifest.json is missing';
  const built = statSync(MANIFEST).mtimeMs;
  const newest = Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p))));
  return newest > built ? 'sources changed since the last build' : null;
}

/** Run a command in the project root; resolve with its output, reject with its tail on failure. */
function runCommand(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok(out);
      else fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out.split('\n').slice(-30).join('\n')}`));
    });
  });
}

let building: Promise<void> | null = null;

/** `npx vite build` once per run, and only when dist/ is stale. */
export function ensureBuild(log: (m: string) => void): Promise<void> {
  building ??= (async () => {
    const reason = staleReason();
    if (!reason) {
      log('dist/ is up to date: not rebuilding');
      return;
    }
    log(`building (${reason}): npx vite build`);
    const started = performance.now();
    await runCommand('npx', ['vite', 'build']);
    log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  })();
  return building;
}
