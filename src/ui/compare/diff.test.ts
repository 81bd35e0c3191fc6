import { describe, expect, it } from 'vitest';
import { createPairDiffer, firstDifference, leafDiffs } from './diff';
import { whoDiffers } from './DiffBar';

const frame = (step: number, view: unknown, events: unknown[] = []) => ({ step, view, events });

describe('Two runs of one scenario', () => {
  it('differ at the first step whose events differ', () => {
    const a = [frame(0, { x: 0 }), frame(1, { x: 1 }, [{ type: 'txn.committed' }]), frame(2, { x: 1 })];
    const b = [frame(0, { x: 0 }), frame(1, { x: 1 }, [{ type: 'txn.aborted' }]), frame(2, { x: 1 })];
    expect(firstDifference(a, b)).toEqual({ step: 1, diffs: [{ path: 'events.0.type', a: 'txn.committed', b: 'txn.aborted' }] });
  });

  it('differ where a view differs though the events agree (a list grown on one side only)', () => {
    const a = [frame(0, { rows: [1] }), frame(1, { rows: [1] }), frame(2, { rows: [1, 2] })];
    const b = [frame(0, { rows: [1] }), frame(1, { rows: [1] }), frame(2, { rows: [1] })];
    expect(firstDifference(a, b)).toMatchObject({ step: 2, diffs: [{ path: 'view.rows.length', a: 2, b: 1 }] });
  });

  it('do not differ where only the option itself shows through (step 0 names it; later events repeat it)', () => {
    const a = [frame(0, { k: 20 }), frame(1, { k: 20 }, [{ type: 'lab.started', k: 20 }]), frame(2, { k: 20, n: 5 })];
    const b = [frame(0, { k: 4 }), frame(1, { k: 4 }, [{ type: 'lab.started', k: 4 }]), frame(2, { k: 4, n: 3 })];
    expect(firstDifference(a, b)).toEqual({ step: 2, diffs: [{ path: 'view.n', a: 5, b: 3 }] });
  });

  it('never differ when every frame agrees', () => {
    const a = [frame(0, { x: 0 }), frame(1, { x: 1 })];
    expect(firstDifference(a, structuredClone(a))).toBeNull();
  });
});

describe('leafDiffs', () => {
  it('names a key present on one side only', () => {
    expect(leafDiffs({ a: 1 }, { a: 1, b: null })).toEqual([{ path: 'b', a: undefined, b: null }]);
  });
  it('stops after 50 differences', () => {
    expect(
      leafDiffs(
        [...Array(80).keys()],
        [...Array(80).keys()].map((n) => n + 1),
      ),
    ).toHaveLength(50);
  });
});

describe('Three runs of one scenario', () => {
  it('answer the pairs that differ, each pair ignoring its own option values', () => {
    const differ = createPairDiffer(3);
    // Step 0: the option shows through (level 1, 2, 3); nothing is a difference yet.
    expect(differ([frame(0, { iso: 1 }), frame(0, { iso: 2 }), frame(0, { iso: 3 })])).toEqual([]);
    // B and C restate their own levels, and A and B agree: only C's row count is new.
    expect(differ([frame(1, { iso: 1, n: 1 }), frame(1, { iso: 2, n: 1 }), frame(1, { iso: 3, n: 1 })])).toEqual([]);
    expect(differ([frame(2, { iso: 1, n: 2 }), frame(2, { iso: 2, n: 2 }), frame(2, { iso: 3, n: 1 })])).toEqual([
      { sides: [0, 2], diffs: [{ path: 'view.n', a: 2, b: 1 }] },
      { sides: [1, 2], diffs: [{ path: 'view.n', a: 2, b: 1 }] },
    ]);
  });

  it('name which sides differ', () => {
    const pair = (i: number, j: number) => ({ sides: [i, j] as const, diffs: [] });
    expect(whoDiffers([pair(0, 1)], 2)).toBe('they differ');
    expect(whoDiffers([pair(0, 2)], 3)).toBe('A and C differ');
    expect(whoDiffers([pair(0, 2), pair(1, 2)], 3)).toBe('C differs from A and B');
    expect(whoDiffers([pair(0, 1), pair(0, 2)], 3)).toBe('A differs from B and C');
    expect(whoDiffers([pair(0, 1), pair(0, 2), pair(1, 2)], 3)).toBe('all three differ');
  });
});
