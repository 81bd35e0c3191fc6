import { describe, expect, it } from 'vitest';
import { firstDifference, leafDiffs } from './diff';

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
