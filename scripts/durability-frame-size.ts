// `npx tsx scripts/durability-frame-size.ts`: the JSON size of the frames the worker would post
// for the Durability lab: every preset (largest frame), and a generated 1,024-frame, 20-table
// scenario with wide rows (largest and mean frame).
import { durabilityPresets } from '../src/scenarios/durability/presets';
import type { Scenario } from '../src/engine/scenario/schema';
import { createEngineHost } from '../src/worker/host';
import { busyDurabilityScenario } from '../bench/scenarios/durability-busy';

function sizes(scenario: Scenario): { max: number; mean: number; steps: number } {
  const host = createEngineHost();
  host.load(scenario);
  const total = scenario.steps.length;
  let max = 0;
  let sum = 0;
  for (let i = 0; i <= total; i++) {
    const n = JSON.stringify(host.seek(i)).length;
    max = Math.max(max, n);
    sum += n;
  }
  return { max, mean: Math.round(sum / (total + 1)), steps: total };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
for (const p of durabilityPresets) {
  const s = sizes(p);
  console.log(`${p.preset.padEnd(34)} max ${kb(s.max).padStart(10)}  mean ${kb(s.mean).padStart(10)}  (${s.steps} steps)`);
}
const busy = busyDurabilityScenario({ transactions: 120 });
const s = sizes(busy);
console.log(
  `${'generated 1,024 frames, 20 tables'.padEnd(34)} max ${kb(s.max).padStart(10)}  mean ${kb(s.mean).padStart(10)}  (${s.steps} steps)`,
);
