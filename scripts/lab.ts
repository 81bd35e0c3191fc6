// Headless runner for every lab: `npm run lab -- FILE.json [--step N] [--events] [--lab ID] [--waldump]`.
// Reads a scenario file, validates it, runs it to the end (or step N) and prints a JSON summary:
// the lab's own counters (committed and lost transactions, records replayed, ...), refused actions,
// and the outcome check when the file has an `expect` (exit code 3 when that check fails).
// `--lab ID` refuses a file of another lab (the per-lab npm scripts pass it).
// `--waldump` (durability lab) prints the engine's WAL instead, one line per record as pg_waldump prints it.
import { readFileSync } from 'node:fs';
import { type AnyLab, refusalIn } from '../src/engine/core/lab';
import type { Timeline } from '../src/engine/core/timeline';
import { waldump } from '../src/engine/durability/waldump';
import type { State as DurabilityState } from '../src/engine/durability/types';
import { labs, timelineFor } from '../src/engine/labs';
import { loadSqlParser } from '../src/engine/sql/pg';
import { parseScenario, ScenarioError } from '../src/engine/scenario/schema';

const args = process.argv.slice(2);
const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const file = args.find((a, i) => !a.startsWith('--') && !['--step', '--lab'].includes(args[i - 1]));
const step = valueOf('--step');
const onlyLab = valueOf('--lab');
if (!file) {
  console.error('usage: npm run lab -- FILE.json [--step N] [--events] [--lab ID] [--waldump]');
  process.exit(2);
}
try {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  if (onlyLab && scenario.lab !== onlyLab)
    throw new ScenarioError('invalid', `this runner is for the ${onlyLab} lab, not "${scenario.lab}"`);
  // The transactions lab parses its SQL with PostgreSQL's parser (WebAssembly), loaded once.
  if (scenario.lab === 'transactions') await loadSqlParser();
  // The runner serves every lab alike: it sees each one through the kernel's erased type.
  const lab: AnyLab = labs[scenario.lab];
  const timeline: Timeline<AnyLab> = timelineFor(scenario);
  const { frames } = timeline.runTo(step === undefined ? scenario.steps.length : Number(step));
  if (args.includes('--waldump')) {
    if (scenario.lab !== 'durability') throw new ScenarioError('invalid', "--waldump prints the durability lab's WAL only");
    // The kernel hands every lab's state out erased; this flag is the durability lab's.
    console.log(waldump(timeline.engineState as DurabilityState).join('\n'));
    process.exit(0);
  }
  const refused: { step: number; message: string }[] = [];
  for (const f of frames) {
    const message = refusalIn(f.events);
    if (message !== null) refused.push({ step: f.step, message });
  }
  const finished = timeline.step === scenario.steps.length;
  const summary = {
    lab: scenario.lab,
    title: scenario.title,
    steps: timeline.step,
    ...lab.summarize(timeline.engineState),
    refused,
    ...(scenario.expect && finished ? { outcome: lab.check(timeline.engineState, scenario.expect) } : {}),
    ...(args.includes('--events') ? { events: frames.map((f) => ({ step: f.step, events: f.events })) } : {}),
  };
  console.log(JSON.stringify(summary, null, 2));
  if (summary.outcome && !summary.outcome.ok) process.exitCode = 3;
} catch (err) {
  const message = err instanceof ScenarioError || err instanceof SyntaxError ? err.message : String(err);
  console.error(`${file}: ${message}`);
  process.exit(1);
}
