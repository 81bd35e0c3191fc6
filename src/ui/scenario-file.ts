import { parseScenario, type Scenario, ScenarioError } from '../engine/scenario/schema';

/** Largest scenario file accepted (bytes). */
const MAX_FILE_BYTES = 1_000_000;

/** Read an imported file as a validated scenario, or throw a ScenarioError saying what is wrong. */
export async function readScenarioFile(file: Blob & { name?: string }): Promise<Scenario> {
  if (file.size > MAX_FILE_BYTES)
    throw new ScenarioError(
      'too-large',
      `The file is too large (${file.size.toLocaleString('en')} bytes; at most ${MAX_FILE_BYTES.toLocaleString('en')}).`,
    );
  const text = await file.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ScenarioError('not-json', `${file.name ?? 'The file'} is not a JSON scenario file.`);
  }
  return parseScenario(data);
}

/** The scenario as a pretty JSON file, ready to download. */
export function scenarioBlob(scenario: Scenario): Blob {
  return new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
}

/** A file name from the scenario's title. */
export function scenarioFileName(scenario: Scenario): string {
  const slug = scenario.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'scenario'}.walkthrough.json`;
}
