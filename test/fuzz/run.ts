/**
 * One fuzz input through the app's own path: a link through `decodeHash`, a file through the
 * engine host's `load` (which validates it), then the host runs to the end and seeks back to the
 * middle, drawing a frame at each (view, narration, outcome check, suggestions), as the UI asks.
 */
import { BudgetExceeded } from '../../src/engine/core/budget';
import { refusalIn } from '../../src/engine/core/lab';
import { parseScenario, ScenarioError } from '../../src/engine/scenario/schema';
import { decodeHash } from '../../src/share/codec';
import { createEngineHost } from '../../src/worker/host';

/** How one input ended. */
export type Outcome =
  | { readonly kind: 'refused-input' | 'budget'; readonly message: string }
  | { readonly kind: 'ran'; readonly steps: number; readonly refusals: readonly string[] }
  | { readonly kind: 'crash'; readonly message: string };

/** Run a link (`#s=...`) or a scenario file; never throws. */
export function runInput(input: { readonly link: string } | { readonly file: unknown }): Outcome {
  try {
    let data: unknown;
    let step = Infinity;
    if ('link' in input) {
      const target = decodeHash(input.link);
      if (target === null) return { kind: 'ran', steps: 0, refusals: [] };
      data = target.scenario;
      step = target.step || Infinity;
    } else data = input.file;
    const host = createEngineHost();
    // A file is validated as the app's file import does, then loaded (the host validates again).
    const { frame } = host.load(parseScenario(data));
    const refusals: string[] = [];
    const { steps } = host.runTo(Math.min(step, frame.total));
    for (const s of steps) {
      const r = refusalIn(s.events);
      if (r !== null) refusals.push(r);
    }
    host.seek(Math.floor(steps.length / 2));
    return { kind: 'ran', steps: steps.length, refusals };
  } catch (e) {
    if (e instanceof ScenarioError) return { kind: 'refused-input', message: e.message };
    if (e instanceof BudgetExceeded) return { kind: 'budget', message: e.message };
    return { kind: 'crash', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) };
  }
}
