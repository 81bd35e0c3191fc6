/**
 * The fuzz worker: makes the corpus from the seed it is given, runs inputs from `from` on and
 * posts each one's outcome, so the test's watchdog sees progress and can name an input that
 * hangs (it terminates this worker and starts another after it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlParser } from '../../src/engine/sql/pg';
import { Gen } from './arbitrary';
import { link, scenarioFile } from './corpus';
import { runInput } from './run';

export interface FuzzJob {
  readonly kind: 'link' | 'file';
  readonly seed: number;
  readonly count: number;
  readonly from: number;
}

// The app's worker loads PostgreSQL's parser before a transactions scenario; here, once for all inputs.
await loadSqlParser();

const job = workerData as FuzzJob;
const g = new Gen(job.seed);
for (let i = 0; i < job.count; i++) {
  const input = job.kind === 'link' ? link(g) : scenarioFile(g);
  if (i < job.from) continue;
  const t0 = performance.now();
  const outcome = runInput(typeof input === 'string' ? { link: input } : { file: input });
  const summary = (typeof input === 'string' ? input : JSON.stringify(input)).slice(0, 300);
  parentPort?.postMessage({
    i,
    outcome,
    ms: performance.now() - t0,
    input: outcome.kind === 'crash' || performance.now() - t0 > 2000 ? summary : undefined,
  });
}
