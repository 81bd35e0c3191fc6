import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../scripts/pg-cluster';
import { type Comparison, compareAll, lineDiff, specFiles, startDifferentialCluster, summary } from './compare';
import { scenarioToSpec, specFileName } from '../../src/engine/transactions/spec-scenario';
import { transactionsPresets } from '../../src/scenarios/transactions/presets';
import { writeRandomSpecs } from './fuzz';

/*
 * Every spec under specs/ runs on the engine and through PostgreSQL 15's own isolationtester
 * binary against a throwaway cluster; the two outputs must be identical line for line.
 * PostgreSQL must be installed (`apt-get install -y postgresql`; .ci/run does it): without it
 * the suite fails with that instruction rather than skipping.
 */
const files = specFiles();
/** Random two-session specs (see fuzz.ts); the seed is fixed so a failure replays. */
const FUZZ_SEED = 20261124;
const fuzzFiles = writeRandomSpecs(24, FUZZ_SEED);
/** Every transactions preset as the editor's "Export .spec" writes it. */
const presetDir = mkdtempSync(join(tmpdir(), 'walkthrough-presets-'));
const presetFiles = transactionsPresets
  .flatMap((scenario) => (scenario.lab === 'transactions' ? [scenario] : []))
  .map((scenario) => {
    const f = join(presetDir, specFileName(scenario.preset ?? scenario.title));
    writeFileSync(f, scenarioToSpec(scenario));
    return f;
  });
let cluster: Cluster | null = null;
let results: Comparison[] = [];

beforeAll(async () => {
  cluster = await startDifferentialCluster();
  results = await compareAll(cluster, [...files, ...presetFiles, ...fuzzFiles]);
}, 600_000);

afterAll(() => {
  cluster?.stop();
  if (results.length) console.log(summary(results));
});

describe('When the specs run on the engine and on PostgreSQL', () => {
  it('the corpus has at least 100 specs', () => expect(files.length).toBeGreaterThanOrEqual(100));

  it.each(files.map((f) => [basename(f), f]))('%s prints the same output', (_name, file) => {
    const r = results.find((x) => x.file === file);
    expect(r, 'the comparison ran').toBeDefined();
    if (r && !r.same) expect.fail(`${basename(file)} differs from PostgreSQL:\n${lineDiff(r.engine, r.postgres)}`);
  });

  it.each(presetFiles.map((f) => [basename(f), f]))('the exported preset %s prints the same output', (_name, file) => {
    const r = results.find((x) => x.file === file);
    expect(r, 'the comparison ran').toBeDefined();
    if (r && !r.same) expect.fail(`${basename(file)} differs from PostgreSQL:\n${lineDiff(r.engine, r.postgres)}`);
  });

  it(`24 random two-session specs print the same output (seed ${FUZZ_SEED})`, () => {
    const bad = results.filter((r) => fuzzFiles.includes(r.file) && !r.same);
    expect(bad.map((r) => `${r.file}\n${lineDiff(r.engine, r.postgres)}`)).toEqual([]);
  });
});
