// Headless runner for the Durability lab: `npx tsx scripts/lab-durability.ts FILE.json [--step N] [--events]`
// reads a scenario file, validates it, runs it to the end (or step N) and prints a JSON summary:
// committed and lost transactions, records replayed, pages written, fsyncs, WAL bytes, final rows,
// and the preset's outcome check when the file has an `expect`.
import { readFileSync } from 'node:fs';
import { labs, timelineFor } from '../src/engine/labs';
import { parseScenario, ScenarioError } from '../src/engine/scenario/schema';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--step');
const stepAt = args.indexOf('--step');
const withEvents = args.includes('--events');
if (!file) {
  console.error('usage: npx tsx scripts/lab-durability.ts FILE.json [--step N] [--events]');
  process.exit(2);
}
try {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  if (scenario.lab !== 'durability') throw new ScenarioError('invalid', `this runner is for the durability lab, not "${scenario.lab}"`);
  const lab = labs[scenario.lab];
  const timeline = timelineFor(scenario);
  const target = stepAt >= 0 ? Number(args[stepAt + 1]) : scenario.steps.length;
  const { frames } = timeline.runTo(target);
  const errors: { step: number; message: string }[] = [];
  for (const f of frames)
    for (const e of f.events as { type: string; message?: string }[])
      if (e.type === 'error') errors.push({ step: f.step, message: e.message ?? '' });
  const finished = timeline.step === scenario.steps.length;
  const summary = {
    lab: scenario.lab,
    title: scenario.title,
    steps: timeline.step,
    ...lab.summarize(timeline.engineState),
    errors,
    ...(scenario.expect && finished ? { outcome: lab.check(timeline.engineState, scenario.expect) } : {}),
    ...(withEvents ? { events: frames.map((f) => ({ step: f.step, events: f.events })) } : {}),
  };
  console.log(JSON.stringify(summary, null, 2));
  if (summary.outcome && !summary.outcome.ok) process.exitCode = 3;
} catch (err) {
  const message = err instanceof ScenarioError || err instanceof SyntaxError ? err.message : String(err);
  console.error(`${file}: ${message}`);
  process.exit(1);
}
