/**
 * Real frames for tests: a preset (or an inline scenario) loaded into the engine host, as
 * the worker would send them, at any step. One function for every lab.
 */
import type { LabId, Scenario, ScenarioOf } from '../../src/engine/scenario/schema';
import { presetById } from '../../src/scenarios';
import { createEngineHost } from '../../src/worker/host';
import type { FrameMsg, LabFrame } from '../../src/worker/protocol';

/** A scenario by preset id, or the scenario itself. */
function scenarioOf(source: string | Scenario): Scenario {
  if (typeof source !== 'string') return source;
  const preset = presetById(source);
  if (!preset) throw new Error(`No preset "${source}".`);
  return preset.scenario;
}

/** Load a preset or scenario and return a function that seeks to any step. */
function frames(source: string | Scenario): { scenario: Scenario; at(step: number): FrameMsg } {
  const scenario = scenarioOf(source);
  const host = createEngineHost();
  host.load(scenario);
  return { scenario, at: (step) => host.seek(step) };
}

/** The frame of a preset (or scenario) at a step. */
export function frameAt(source: string | Scenario, step: number): FrameMsg {
  return frames(source).at(step);
}

/** A lab's frames, typed by that lab (the source must be one of its scenarios). */
export function labFrames<K extends LabId>(
  lab: K,
  source: string | ScenarioOf<K>,
): { scenario: ScenarioOf<K>; at(step: number): LabFrame<K> } {
  const run = frames(source);
  if (run.scenario.lab !== lab) throw new Error(`"${run.scenario.title}" is a ${run.scenario.lab} scenario, not ${lab}.`);
  return {
    scenario: run.scenario as ScenarioOf<K>,
    at(step) {
      const frame = run.at(step);
      if (frame.lab !== lab) throw new Error(`Expected a ${lab} frame, got ${frame.lab}.`);
      return frame as LabFrame<K>;
    },
  };
}
