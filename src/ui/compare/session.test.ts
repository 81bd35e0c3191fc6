import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../../scenarios/compare';
import { createInProcessClient } from '../../worker/in-process';
import type { AppStore } from '../store';
import { createPairDiffer } from './diff';
import { createCompareStore, type DiffState } from './session';
import { comparisonHash, decodeCompareHash } from './spec';

const open = async (hash: string) => {
  const compare = createCompareStore(() => createInProcessClient());
  await compare.getState().open(decodeCompareHash(hash));
  const diff = await new Promise<DiffState>((resolve) => {
    const done = (d: DiffState) => d.status !== 'computing' && resolve(d);
    done(compare.getState().diff);
    compare.subscribe((s) => done(s.diff));
  });
  return { compare, diff };
};

describe('A comparison', () => {
  it('drives both sides to the same step', async () => {
    const { compare } = await open('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read');
    await compare.getState().stepBy(1);
    await compare.getState().stepBy(1);
    const [a, b] = compare.getState().sides!;
    expect([compare.getState().step, a!.getState().frame?.step, b!.getState().frame?.step]).toEqual([2, 2, 2]);
    await compare.getState().seek(8);
    expect(b!.getState().frame?.outcome).toBeNull();
    expect(a!.getState().frame?.outcome?.ok).toBe(true);
  });

  it('keeps the link’s step when a key is pressed before the sides have loaded', async () => {
    const compare = createCompareStore(() => createInProcessClient());
    const opening = compare
      .getState()
      .open(decodeCompareHash('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read&step=5'));
    await compare.getState().stepBy(1);
    expect(compare.getState().step).toBe(5);
    await opening;
    expect(compare.getState().sides!.map((s) => s.getState().frame?.step)).toEqual([5, 5]);
  });

  it('opens at the link’s step', async () => {
    const { compare } = await open('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read&step=5');
    expect(compare.getState().sides!.map((s) => s.getState().frame?.step)).toEqual([5, 5]);
  });
});

/** Where each comparison first differs: the first step that runs differently, not one that only names the option. */
const FIRST: Record<string, number> = {
  'compare-isolation-ladder': 3,
  // T1's COMMIT: on flushes the WAL and waits; off returns at once.
  'compare-sync-commit': 4,
  // Building the network: buckets of 4 hold fewer contacts.
  'compare-k-churn': 1,
};

describe('The gallery’s comparisons differ', () => {
  it.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      const { diff, compare } = await open(comparisonHash(c));
      expect(diff.status).toBe('differs');
      if (diff.status !== 'differs') return;
      expect(diff.step).toBe(FIRST[c.id]);
      // Found again through the sides' own engines, seeking the timeline step by step.
      const sides = compare.getState().sides!;
      const differ = createPairDiffer(sides.length);
      const found: number[] = [];
      for (let n = 0; n <= diff.step; n++) {
        await compare.getState().seek(n);
        if (differ(sides.map((s) => s.getState().frame!)).length > 0) found.push(n);
      }
      expect(found).toEqual([diff.step]);
    },
    60_000,
  );
});

/** What a transactions side shows at a step: per session, its results' rows and its error code. */
const cells = (store: AppStore, step: number) => {
  const frame = store.getState().frame;
  if (frame?.lab !== 'transactions') throw new Error('not a transactions frame');
  const row = frame.view.schedule.rows.find((r) => r.step === step)!;
  return row.cells.map((c) => ({ rows: c.results.map((r) => r.rows), error: c.error?.code ?? null }));
};

describe('Read Committed vs Repeatable Read vs Serializable on one interleaving', () => {
  it('runs three sides to one step, and each level ends differently', { timeout: 60_000 }, async () => {
    const ladder = COMPARISONS.find((c) => c.id === 'compare-isolation-ladder')!;
    const { compare, diff } = await open(comparisonHash(ladder));
    const sides = compare.getState().sides!;
    expect(sides).toHaveLength(3);
    // Step 3 differs for every pair: each level's snapshot at Alice's first read is its own.
    expect(diff.status === 'differs' && diff.pairs.map((p) => p.sides)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    await compare.getState().seek(9);
    expect(sides.map((s) => s.getState().frame?.step)).toEqual([9, 9, 9]);
    // Step 7, Alice's second count: Read Committed sees Bob's commit (a non-repeatable read); the others keep 2.
    expect(sides.map((s) => cells(s, 7)[0]!.rows)).toEqual([[[['1']]], [[['2']]], [[['2']]]]);
    // Step 8, Alice's UPDATE: only Serializable refuses it (40001), the write skew the others let through.
    expect(sides.map((s) => cells(s, 8)[0]!.error)).toEqual([null, null, '40001']);
  });
});

describe('Closing a comparison', () => {
  it('stops every engine it started', async () => {
    const made: { disposed: boolean }[] = [];
    const compare = createCompareStore(() => {
      const entry = { disposed: false };
      made.push(entry);
      return { ...createInProcessClient(), dispose: () => void (entry.disposed = true) };
    });
    await compare.getState().open(decodeCompareHash('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=serializable'));
    compare.getState().close();
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(made.every((m) => m.disposed)).toBe(true);
    expect(compare.getState().spec).toBeNull();
  });
});
