/**
 * `vite preview` of dist/ as a child process on 127.0.0.1:4174 (not the 4173 the
 * e2e tests use). It runs in its own process group so stopping it also stops the
 * vite process npx starts; it is stopped on normal exit, errors and Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from './build';

const PREVIEW_HOST = '127.0.0.1';
const PREVIEW_PORT = 4174;

export interface PreviewServer {
  readonly url: string;
  stop(): Promise<void>;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => ok(false));
    probe.listen(port, host, () => probe.close(() => ok(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Send a signal to the child's whole process group; false when it is already gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Start `npx vite preview` and resolve once it answers HTTP requests. */
export async function startPreview(log: (m: string) => void, timeoutMs = 30_000): Promise<PreviewServer> {
  if (!(await portIsFree(PREVIEW_PORT, PREVIEW_HOST)))
    throw new Error(`port ${PREVIEW_PORT} is already in use: stop whatever listens there and run again`);
  const url = `http://${PREVIEW_HOST}:${PREVIEW_PORT}/`;
  const child = spawn('npx', ['vite', 'preview', '--host', PREVIEW_HOST, '--port', String(PREVIEW_PORT), '--strictPort'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  // Last resort if the runner dies without calling stop(): a synchronous kill on exit.
  const onExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!signalGroup(child, 'SIGTERM')) return;
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) {
      signalGroup(child, 'SIGKILL');
      await Promise.race([exited, sleep(1000)]);
    }
    log(`preview server (pid ${child.pid}) stopped`);
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`vite preview exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const res = await fetch(url);
      if (res.ok) {
        log(`preview server (pid ${child.pid}) ready at ${url}`);
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`vite preview did not answer within ${timeoutMs} ms:\n${output}`);
}
