/**
 * `npm run bench [-- <name> ...]`: run the benchmarks (all, or the named ones),
 * print each figure next to its target, a summary table at the end, and write
 * bench/out/results.json. Figures that miss their target are marked, not failed:
 * the exit code is non-zero only when a benchmark could not run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { findPgBin } from '../scripts/pg-cluster';
import { besideReal, COMPARISONS, ratioResult } from './beside';
import { ensureBuild, ROOT } from './build';
import { sharedPostgres, stopSharedPostgres } from './postgres';
import { type PreviewServer, startPreview } from './preview-server';
import { type Bench, type BenchContext, meets, type Result, type Target } from './types';

/**
 * Every benchmark, in the order they run. To add one, write bench/<name>.ts with a
 * default-exported `Bench` and add its line here.
 */
const REGISTRY = {
  size: () => import('./size'),
  'gallery-tti': () => import('./gallery-tti'),
  seek: () => import('./seek'),
  frames: () => import('./frames'),
  lighthouse: () => import('./lighthouse'),
  dht: () => import('./dht'),
  'dht-frames': () => import('./dht-frames'),
  durability: () => import('./durability'),
  twopc: () => import('./twopc'),
  pool: () => import('./pool'),
  replication: () => import('./replication'),
  'txn-explorer': () => import('./txn-explorer'),
  'txn-statements': () => import('./txn-statements'),
  'txn-pgbench': () => import('./txn-pgbench'),
  'txn-spec': () => import('./txn-spec'),
  'sql-parse': () => import('./sql-parse'),
} satisfies Record<string, () => Promise<{ default: Bench }>>;

type BenchId = keyof typeof REGISTRY;
/** The benches that measure a real system beside the engine (beside.ts). */
const besideBenches = new Set<string>(COMPARISONS.map((c) => c.bench));
const ALL = Object.keys(REGISTRY) as BenchId[];

interface BenchRun {
  readonly id: string;
  readonly title: string;
  readonly seconds: number;
  readonly error?: string;
}

const log = (message: string) => process.stderr.write(`  · ${message}\n`);

function parseArgs(argv: readonly string[]): BenchId[] {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`usage: npm run bench [-- <name> ...]\nbenchmarks: ${ALL.join(', ')}`);
    process.exit(0);
  }
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !(n in REGISTRY));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
    process.exit(2);
  }
  // Registry order, whatever order they were named in.
  return names.length === 0 ? ALL : ALL.filter((id) => names.includes(id));
}

const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
/** A number with its unit: "12 ms", "95" (a score), "18.2×" (a ratio). */
const withUnit = (n: number, unit: string) =>
  unit === '×' ? `${fmtNumber(n)}×` : `${fmtNumber(n)}${unit && unit !== 'score' ? ` ${unit}` : ''}`;
const fmtValue = (r: { value: number; unit: string }) => withUnit(r.value, r.unit);
const fmtTarget = (t: Target | undefined, unit: string) => (t ? `${t.op} ${withUnit(t.value, unit)}` : '—');
const mark = (met: boolean | null) => (met === null ? ' ' : met ? '✓' : '✗');

function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const selected = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  // Timings on a shared 2-core machine depend on what else runs: record the load next to them.
  const load = { cpus: cpus().length, before: loadavg().map((l) => Math.round(l * 100) / 100) };
  process.stdout.write(`load average ${load.before.join(' ')} on ${load.cpus} CPUs\n`);

  let preview: Promise<PreviewServer> | null = null;
  const ctx: BenchContext = {
    ensureBuild: () => ensureBuild(log),
    previewUrl: async () => {
      preview ??= ensureBuild(log).then(() => startPreview(log));
      return (await preview).url;
    },
    postgres: () => sharedPostgres(log),
    log,
  };
  const stopPreview = async () => {
    const p = preview;
    preview = null;
    if (p) await p.then((s) => s.stop()).catch(() => undefined);
    await stopSharedPostgres();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping\n`);
    void stopPreview().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results: Result[] = [];
  const runs: BenchRun[] = [];
  try {
    for (const id of selected) {
      const t0 = performance.now();
      let title: string = id;
      process.stdout.write(`\n▶ ${id}\n`);
      try {
        const bench = (await REGISTRY[id]()).default;
        title = bench.title;
        process.stdout.write(`  ${title}\n`);
        const figures = await bench.run(ctx);
        const seconds = (performance.now() - t0) / 1000;
        for (const f of figures) {
          const r: Result = { bench: id, ...f, met: f.target ? meets(f.value, f.target) : null };
          results.push(r);
          const target = f.target ? `  (target ${fmtTarget(f.target, f.unit)}) ${mark(r.met)}` : '';
          process.stdout.write(`  ${f.name}: ${fmtValue(f)}${target}${f.note ? `  — ${f.note}` : ''}\n`);
        }
        runs.push({ id, title, seconds });
        process.stdout.write(`  (${seconds.toFixed(1)} s)\n`);
      } catch (err) {
        const seconds = (performance.now() - t0) / 1000;
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        runs.push({ id, title, seconds, error: message });
        process.stdout.write(`  ERROR after ${seconds.toFixed(1)} s: ${message}\n`);
      }
    }
  } finally {
    await stopPreview();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  // Each engine figure beside the real system's from this run, as a ratio.
  const beside = besideReal(results);
  const ratios = beside.map(ratioResult);
  if (beside.length > 0) {
    process.stdout.write(`\nBeside the real system (engine ÷ real, measured in this run)\n`);
    const rows = [['compared', 'engine', 'real', 'ratio', 'target', 'met']];
    for (const [i, b] of beside.entries())
      rows.push([
        b.comparison.label,
        fmtValue(b.engine),
        fmtValue(b.real),
        fmtValue(ratios[i]),
        fmtTarget(ratios[i].target, '×'),
        mark(ratios[i].met),
      ]);
    process.stdout.write(`${table(rows)}\n`);
  } else if (selected.some((id) => besideBenches.has(id)) && !findPgBin()) {
    process.stdout.write('\nPostgreSQL is not installed: the engine figures above stand alone, with nothing real beside them.\n');
  }
  results.push(...ratios);

  const totalSeconds = (performance.now() - started) / 1000;
  const loadAfter = loadavg().map((l) => Math.round(l * 100) / 100);
  const rows = [['bench', 'figure', 'value', 'target', 'met']];
  for (const r of results) rows.push([r.bench, r.name, fmtValue(r), fmtTarget(r.target, r.unit), mark(r.met)]);
  for (const run of runs) if (run.error) rows.push([run.id, 'ERROR', run.error.split('\n')[0].slice(0, 60), '', '✗']);
  const targeted = results.filter((r) => r.met !== null);
  const missed = targeted.filter((r) => r.met === false);
  process.stdout.write(`\nSummary\n${table(rows)}\n`);
  process.stdout.write(
    `\n${targeted.length - missed.length}/${targeted.length} targets met` +
      `${missed.length ? ` (missed: ${missed.map((r) => `${r.bench} ${r.name}`).join('; ')})` : ''}; total ${totalSeconds.toFixed(1)} s; load average ${loadAfter.join(' ')}\n`,
  );

  const outDir = join(ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'results.json');
  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        startedAt,
        totalSeconds: Math.round(totalSeconds * 10) / 10,
        commit: gitCommit(),
        node: process.version,
        load: { ...load, after: loadAfter },
        benches: runs,
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`results written to ${outFile}\n`);
  return runs.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
