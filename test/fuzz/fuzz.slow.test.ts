/**
 * The fuzz suite: share links and scenario files, generated from a seed (see corpus.ts), through
 * the decoder and the engine as the app runs them (run.ts), in a worker thread watched by a
 * watchdog. Every input must end as a valid run (refused steps included), a refused input
 * (ScenarioError) or a stopped budget (BudgetExceeded); never another error, never a hang, never
 * a message over 300 characters. A failure names the seed and the input's index: rerun with them.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Outcome } from './run';
import type { FuzzJob } from './worker';

/** An input that has not finished after this long hangs: no budget lets a scenario run that long (README: Work budgets). */
const WATCHDOG_MS = 90_000;
const MAX_MESSAGE = 300;

interface Report {
  readonly tally: Record<string, number>;
  readonly crashes: string[];
  readonly hangs: number[];
  readonly long: string[];
}

/** Start a worker on the job; tsx compiles the TypeScript inside it, as vitest does outside. */
function start(job: FuzzJob): Worker {
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

/** Run `count` inputs of one kind from `seed`, restarting the worker after an input the watchdog stopped. */
function fuzz(kind: FuzzJob['kind'], seed: number, count: number): Promise<Report> {
  const report: Report = { tally: {}, crashes: [], hangs: [], long: [] };
  return new Promise((resolve, reject) => {
    const run = (from: number) => {
      if (from >= count) return resolve(report);
      const worker = start({ kind, seed, count, from });
      let next = from;
      let watchdog = setTimeout(stuck, WATCHDOG_MS);
      function stuck() {
        report.hangs.push(next);
        void worker.terminate().then(() => run(next + 1));
      }
      worker.on('message', (m: { i: number; outcome: Outcome; input?: string }) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(stuck, WATCHDOG_MS);
        next = m.i + 1;
        const o = m.outcome;
        report.tally[o.kind] = (report.tally[o.kind] ?? 0) + 1;
        if (o.kind === 'crash') report.crashes.push(`#${m.i}: ${o.message.slice(0, 600)}\n  input: ${m.input ?? ''}`);
        const messages = o.kind === 'ran' ? o.refusals : [o.message];
        for (const msg of messages) if (o.kind !== 'crash' && msg.length > MAX_MESSAGE) report.long.push(`#${m.i}: ${msg.slice(0, 120)}…`);
      });
      worker.on('error', (e) => {
        clearTimeout(watchdog);
        reject(e);
      });
      worker.on('exit', () => {
        clearTimeout(watchdog);
        if (next >= count) resolve(report);
      });
    };
    run(0);
  });
}

const expectClean = (r: Report) => {
  expect(r.crashes, 'inputs that ended in an error other than a refusal or a budget stop').toEqual([]);
  expect(r.hangs, 'inputs the watchdog stopped').toEqual([]);
  expect(r.long, `messages over ${MAX_MESSAGE} characters`).toEqual([]);
};

describe('When strangers send links and files', () => {
  it('2,000 share links (seed 20261206) decode to a run, a refused link or a budget stop', { timeout: 30 * 60_000 }, async () => {
    const r = await fuzz('link', 20261206, 2000);
    expectClean(r);
    expect(r.tally.ran).toBeGreaterThan(200);
    expect(r.tally['refused-input']).toBeGreaterThan(200);
  });

  it('2,000 scenario files (seed 16) load to a run, a refused file or a budget stop', { timeout: 30 * 60_000 }, async () => {
    const r = await fuzz('file', 16, 2000);
    expectClean(r);
    expect(r.tally.ran).toBeGreaterThan(500);
    expect(r.tally.budget).toBeGreaterThan(5);
  });
});
