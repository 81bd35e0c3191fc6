/**
 * Seek latency on a long generated intent-log scenario, in Node, through the same
 * host object the worker exposes (createEngineHost): `host.seek(n)` includes the
 * kernel's restore-and-replay, the lab's view projection, narration and suggestions.
 * What the worker would add on top (structured-cloning the frame for postMessage)
 * and the kernel's share alone are reported without a target, to locate a bottleneck.
 */
import { timelineFor } from '../src/engine/labs';
import { createEngineHost } from '../src/worker/host';
import { longIntentLogScenario, SeededRandom } from './scenarios/intent-log-long';
import { median, p95, round } from './stats';
import type { Bench, Figure, Target } from './types';

const STEPS = 12_500;
const TARGET_STEP = 10_000;
const COLD_RUNS = 5;
const BACK_AND_FORTH = 20;
const RANDOM_SEEKS = 150;
const target: Target = { op: '<', value: 50 };

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const value = fn();
  return [value, performance.now() - t0];
}

const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');

const seek: Bench = {
  title: `host.seek() on a ${STEPS.toLocaleString('en')}-step intent-log scenario (Node, in-process host)`,
  async run(ctx) {
    const [{ scenario, stats }, genMs] = time(() => longIntentLogScenario({ steps: STEPS }));
    ctx.log(
      `seek: generated ${stats.steps} steps in ${genMs.toFixed(0)} ms (${stats.transactions} txns, ${stats.commits} commits, ` +
        `${stats.rollbacks} rollbacks, ${stats.crashes} crashes, ${stats.logRecords} log records)`,
    );

    // (a) Cold: a fresh host, load, then one seek to step 10,000.
    const cold: number[] = [];
    const coldCpu: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const host = createEngineHost();
      loads.push(time(() => host.load(scenario))[1]);
      const cpu0 = process.cpuUsage();
      const [frame, took] = time(() => host.seek(TARGET_STEP));
      const cpu = process.cpuUsage(cpu0);
      if (frame.step !== TARGET_STEP) throw new Error(`cold seek landed on ${frame.step}`);
      cold.push(took);
      coldCpu.push((cpu.user + cpu.system) / 1000);
    }
    ctx.log(`seek: cold samples (ms): ${ms(cold)}; CPU: ${ms(coldCpu)}; load: ${ms(loads)}`);

    // (b) Warm: one host, already at 10,000; back and forth, then seeded random targets.
    const host = createEngineHost();
    host.load(scenario);
    host.seek(TARGET_STEP);
    const backAndForth: number[] = [];
    for (let i = 0; i < BACK_AND_FORTH; i++) {
      backAndForth.push(time(() => host.seek(9_000))[1]);
      backAndForth.push(time(() => host.seek(TARGET_STEP))[1]);
    }
    const rand = new SeededRandom(7);
    const random: number[] = [];
    const clone: number[] = [];
    const frameBytes: number[] = [];
    for (let i = 0; i < RANDOM_SEEKS; i++) {
      const [frame, took] = time(() => host.seek(rand.int(0, STEPS)));
      random.push(took);
      if (i % 10 === 0) {
        clone.push(time(() => structuredClone(frame))[1]);
        frameBytes.push(JSON.stringify(frame).length);
      }
    }

    // The kernel's share alone: Timeline.seek without the host's message (but with lab.view, which frame() calls).
    const timeline = timelineFor(scenario);
    timeline.seek(TARGET_STEP);
    const kernel: number[] = [];
    const rand2 = new SeededRandom(7);
    for (let i = 0; i < RANDOM_SEEKS; i++) kernel.push(time(() => timeline.seek(rand2.int(0, STEPS)))[1]);
    const snapshotClone: number[] = [];
    for (let i = 0; i < 10; i++) snapshotClone.push(time(() => structuredClone(timeline.engineState))[1]);

    const n = (xs: number[]) => round(xs.length > 0 ? median(xs) : Number.NaN, 2);
    const q = (xs: number[]) => round(xs.length > 0 ? p95(xs) : Number.NaN, 2);
    const figures: Figure[] = [
      {
        name: `cold 0→${TARGET_STEP} median`,
        value: n(cold),
        unit: 'ms',
        target,
        note: `${COLD_RUNS} fresh hosts; first ${cold[0].toFixed(1)} ms`,
      },
      { name: `cold 0→${TARGET_STEP} p95`, value: q(cold), unit: 'ms', target },
      {
        name: `cold 0→${TARGET_STEP} CPU median`,
        value: n(coldCpu),
        unit: 'ms',
        note: 'process CPU time (all threads, GC helpers too): steadier than wall time on a loaded machine',
      },
      { name: 'warm 10000↔9000 median', value: n(backAndForth), unit: 'ms', target, note: `${backAndForth.length} seeks` },
      { name: 'warm 10000↔9000 p95', value: q(backAndForth), unit: 'ms', target },
      { name: 'warm random median', value: n(random), unit: 'ms', target, note: `${RANDOM_SEEKS} seeded targets in [0, ${STEPS}]` },
      { name: 'warm random p95', value: q(random), unit: 'ms', target },
      { name: 'load (parse + init)', value: n(loads), unit: 'ms', note: 'median of the cold runs' },
      { name: 'kernel Timeline.seek random p95', value: q(kernel), unit: 'ms', note: `median ${n(kernel)} ms; includes lab.view` },
      { name: 'snapshot structuredClone at end', value: n(snapshotClone), unit: 'ms', note: 'median of 10' },
      {
        name: 'frame structuredClone (postMessage) p95',
        value: q(clone),
        unit: 'ms',
        note: `median ${n(clone)} ms; frame JSON ~${Math.round(median(frameBytes) / 1024)} KB`,
      },
    ];
    return figures;
  },
};

export default seek;
