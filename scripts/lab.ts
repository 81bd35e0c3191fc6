// Headless runner: `npm run lab -- FILE.json [--step N]` runs a scenario file on the engine and prints a JSON summary.
import { readFileSync } from 'node:fs';
import { labs, timelineFor } from '../src/engine/labs';
import { parseScenario, ScenarioError } from '../src/engine/scenario/schema';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const stepArg = args.indexOf('--step');
if (!file) {
  console.error('usage: npm run lab -- FILE.json [--step N]');
  process.exit(2);
}
try {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  const lab = labs[scenario.lab];
  const timeline = timelineFor(scenario);
  const target = stepArg >= 0 ? Number(args[stepArg + 1]) : scenario.steps.length;
  const errors: { step: number; message: string }[] = [];
  const { frames } = timeline.runTo(target);
  for (const f of frames)
    for (const e of f.events as { type: string; message?: string }[])
      if (e.type === 'error') errors.push({ step: f.step, message: e.message ?? '' });
  const summary = {
    lab: scenario.lab,
    title: scenario.title,
    steps: timeline.step,
    ...lab.summarize(timeline.engineState),
    errors,
    ...(scenario.expect && timeline.step === scenario.steps.length
      ? { outcome: lab.check(timeline.engineState, scenario.expect) }
      : {}),
  };
  console.log(JSON.stringify(summary, null, 2));
} catch (err) {
  const message = err instanceof ScenarioError || err instanceof SyntaxError ? err.message : String(err);
  console.error(`${file}: ${message}`);
  process.exit(1);
}
