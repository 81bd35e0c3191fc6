import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../scripts/pg-cluster';
import { type Comparison, compareAll, lineDiff, specFiles, startDifferentialCluster } from './compare';

/*
 * Every spec under specs/ runs on the engine and on a throwaway PostgreSQL cluster driven
 * like the isolation tester; the two outputs must be identical line for line. PostgreSQL
 * must be installed (`apt-get install -y postgresql`; .ci/run does it): without it the suite
 * fails with that instruction rather than skipping.
 */
const files = specFiles();
let cluster: Cluster | null = null;
let results: Comparison[] = [];

beforeAll(async () => {
  cluster = await startDifferentialCluster();
  results = await compareAll(cluster, files);
}, 120_000);

afterAll(() => cluster?.stop());

describe('When the specs run on the engine and on PostgreSQL', () => {
  it('the corpus has at least 30 specs', () => expect(files.length).toBeGreaterThanOrEqual(30));

  it.each(files.map((f) => [basename(f), f]))('%s prints the same output', (_name, file) => {
    const r = results.find((x) => x.file === file);
    expect(r, 'the comparison ran').toBeDefined();
    if (r && !r.same) expect.fail(`${basename(file)} differs from PostgreSQL:\n${lineDiff(r.engine, r.postgres)}`);
  });
});
