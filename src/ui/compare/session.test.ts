import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../../scenarios/compare';
import { createInProcessClient } from '../../worker/in-process';
import { createDiffer } from './diff';
import { createCompareStore, type DiffState } from './session';
import { decodeCompareHash } from './spec';

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
    expect([compare.getState().step, a.getState().frame?.step, b.getState().frame?.step]).toEqual([2, 2, 2]);
    await compare.getState().seek(8);
    expect(b.getState().frame?.outcome).toBeNull();
    expect(a.getState().frame?.outcome?.ok).toBe(true);
  });

  it('opens at the link’s step', async () => {
    const { compare } = await open('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read&step=5');
    expect(compare.getState().sides!.map((s) => s.getState().frame?.step)).toEqual([5, 5]);
  });
});

/** Where each comparison first differs: the first step that runs differently, not one that only names the option. */
const FIRST: Record<string, number> = {
  // s1's first SELECT: Repeatable Read takes the transaction's snapshot there and keeps it.
  'compare-rc-rr': 3,
  // Alice's first SELECT: her snapshot carries SSI's commit sequence number (lastCommitBeforeSnapshot).
  'compare-rr-serializable': 3,
  // T1's COMMIT: on flushes the WAL and waits; off returns at once.
  'compare-sync-commit': 4,
  // Building the network: buckets of 4 hold fewer contacts.
  'compare-k-churn': 1,
};

describe('The gallery’s comparisons differ', () => {
  it.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      const { diff, compare } = await open(`#compare=${c.base}&opt=${c.opt}&a=${c.a}&b=${c.b}`);
      expect(diff.status).toBe('differs');
      if (diff.status !== 'differs') return;
      expect(diff.step).toBe(FIRST[c.id]);
      // Found again through the sides' own engines, seeking the timeline step by step.
      const [a, b] = compare.getState().sides!;
      const differ = createDiffer();
      const found: number[] = [];
      for (let n = 0; n <= diff.step; n++) {
        await compare.getState().seek(n);
        if (differ(a.getState().frame!, b.getState().frame!).length > 0) found.push(n);
      }
      expect(found).toEqual([diff.step]);
    },
    60_000,
  );
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
