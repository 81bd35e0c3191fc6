import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

describe('When the headless runner is given a scenario file', () => {
  it('prints a JSON summary with the outcome check', async () => {
    const { stdout } = await run(tsx, ['scripts/lab.ts', 'examples/recipe-all-or-none.json']);
    const summary = JSON.parse(stdout);
    expect(summary.lab).toBe('intent-log');
    expect(summary.steps).toBe(5);
    expect(summary.lost).toEqual(['T1']);
    expect(summary.outcome).toMatchObject({ ok: true, failures: [] });
    expect(summary.rows.ingredients.map((r: { key: string }) => r.key)).toEqual(['rice', 'stock']);
  });

  it('stops at --step and reports the state there', async () => {
    const { stdout } = await run(tsx, ['scripts/lab.ts', 'examples/recipe-all-or-none.json', '--step', '3']);
    const summary = JSON.parse(stdout);
    expect(summary.steps).toBe(3);
    expect(summary.rows.ingredients.map((r: { key: string }) => r.key)).toEqual(['rice', 'stock', 'saffron']);
    expect(summary.outcome).toBeUndefined();
  });

  it('runs the connection pooling example through `npm run lab:pool` (--lab pool) with a pool summary', async () => {
    const { stdout } = await run(tsx, ['scripts/lab.ts', 'examples/pool-of-10.json', '--lab', 'pool']);
    const summary = JSON.parse(stdout);
    expect(summary.lab).toBe('pool');
    expect(summary.completed).toBe(summary.arrived);
    expect(summary.peakClients).toBeLessThanOrEqual(10);
    expect(summary.outcome).toMatchObject({ ok: true, failures: [] });
    await expect(run(tsx, ['scripts/lab.ts', 'examples/recipe-all-or-none.json', '--lab', 'pool'])).rejects.toMatchObject({ code: 1 });
  });

  it('names the bad field of a malformed file and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ v: 1, lab: 'intent-log', title: 't', seed: 1.5, options: { tables: {} }, steps: [] }));
    await expect(run(tsx, ['scripts/lab.ts', file])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Invalid field seed'),
    });
  });
});
