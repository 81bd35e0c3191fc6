/**
 * Where two runs of one scenario part ways. Two frames differ when their events or their
 * views differ, leaf by leaf, except where they only restate the option itself: the pairs of
 * values that differ at step 0 (isolation "read committed" against "repeatable read", k 20
 * against 4) are the option showing through, and the same pair later (a txn.begun naming its
 * level) is not a difference in what happened.
 */

/** One leaf that differs: where, and the two values (undefined: missing on that side). */
export interface LeafDiff {
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

/** Stop collecting after this many: a frame that differs that much differs. */
const MAX_DIFFS = 50;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** The leaves where `a` and `b` differ (at most MAX_DIFFS); arrays of other lengths differ at `path.length`. */
export function leafDiffs(a: unknown, b: unknown, path = '', out: LeafDiff[] = []): LeafDiff[] {
  if (out.length >= MAX_DIFFS || Object.is(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ path: `${path}.length`, a: a.length, b: b.length });
    for (let i = 0; i < Math.min(a.length, b.length); i++) leafDiffs(a[i], b[i], `${path}.${i}`, out);
    return out;
  }
  if (isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) leafDiffs(a[key], b[key], path ? `${path}.${key}` : key, out);
    return out;
  }
  out.push({ path, a, b });
  return out;
}

/** What the comparison looks at in a frame. */
export interface Comparable {
  readonly step: number;
  readonly view: unknown;
  readonly events: readonly unknown[];
}

const pairKey = (d: LeafDiff) => JSON.stringify([d.a ?? null, d.b ?? null]);

/**
 * Feed it both sides' frames from step 0 on; it answers, per step, the differences that are
 * more than the option showing through (empty: the runs agree so far).
 */
export function createDiffer() {
  const optionPairs = new Set<string>();
  return (a: Comparable, b: Comparable): LeafDiff[] => {
    const diffs = [...leafDiffs(a.events, b.events, 'events'), ...leafDiffs(a.view, b.view, 'view')];
    if (a.step === 0) {
      for (const d of diffs) optionPairs.add(pairKey(d));
      return [];
    }
    return diffs.filter((d) => !optionPairs.has(pairKey(d)));
  };
}

/** Two sides that differ at a step, by index (0 is A), and how. */
export interface PairDiff {
  readonly sides: readonly [number, number];
  readonly diffs: readonly LeafDiff[];
}

/**
 * The same for two or three runs: one differ per pair of sides (A–B, A–C, B–C), each ignoring
 * its own pair's option values; it answers the pairs that differ at this step (empty: all agree).
 */
export function createPairDiffer(count: number) {
  const pairs: { sides: [number, number]; differ: ReturnType<typeof createDiffer> }[] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) pairs.push({ sides: [i, j], differ: createDiffer() });
  return (frames: readonly Comparable[]): PairDiff[] =>
    pairs.flatMap(({ sides, differ }) => {
      const diffs = differ(frames[sides[0]]!, frames[sides[1]]!);
      return diffs.length > 0 ? [{ sides, diffs }] : [];
    });
}

/** The first step at which two runs differ, and how; null when they never do. Steps start at 0. */
export function firstDifference(
  framesA: readonly Comparable[],
  framesB: readonly Comparable[],
): { step: number; diffs: LeafDiff[] } | null {
  const differ = createDiffer();
  for (let i = 0; i < Math.min(framesA.length, framesB.length); i++) {
    const diffs = differ(framesA[i]!, framesB[i]!);
    if (diffs.length > 0) return { step: framesA[i]!.step, diffs };
  }
  return null;
}
