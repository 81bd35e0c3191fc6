import { describe, expect, it } from 'vitest';
import { courseById } from '../../courses';
import { type Progress, progressOf, readProgress, recordStep, resumeTarget, safeStorage, writeProgress } from './progress';

const KEY = 'walkthrough.courses.v1';
const atomicity = courseById('atomicity')!;
const [c1, c2, c3, c4] = atomicity.chapters.map((ch) => ch.preset);

/** A Storage over a Map, or one that throws as private modes and full disks do. */
function memoryStorage(initial?: string, opts: { failRead?: boolean; failWrite?: boolean } = {}): Storage {
  const data = new Map<string, string>(initial === undefined ? [] : [[KEY, initial]]);
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    getItem: (k) => {
      if (opts.failRead) throw new DOMException('The operation is insecure.', 'SecurityError');
      return data.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (opts.failWrite) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
  };
}

describe('When progress is read from local storage', () => {
  it('what was written reads back', () => {
    const storage = memoryStorage();
    const p: Progress = { atomicity: { done: [c1], at: { preset: c2, step: 3 } } };
    writeProgress(storage, p);
    expect(readProgress(storage)).toEqual(p);
  });

  it('missing, corrupt or foreign data reads as no progress', () => {
    for (const raw of [undefined, '', '{', 'null', '[]', '42', '{"v":2,"courses":{}}', '{"v":1,"courses":[]}', '{"v":1}'])
      expect(readProgress(memoryStorage(raw)), String(raw)).toEqual({});
    expect(readProgress(null)).toEqual({});
  });

  it('keeps only what still names a chapter of a known course, at a whole step', () => {
    const raw = JSON.stringify({
      v: 1,
      courses: {
        atomicity: { done: [c1, 'gone-preset', 7, c3], at: { preset: 'gone-preset', step: 2 } },
        isolation: { done: 'all', at: { preset: 'txn-phantom-rr', step: -1 } },
        durability: { at: { preset: 'pg-torn-page', step: 2.5 } },
        kademlia: { at: { preset: 'kademlia-why-xor', step: 2 } },
        nonsense: { done: [c1] },
      },
    });
    expect(readProgress(memoryStorage(raw))).toEqual({
      atomicity: { done: [c1, c3], at: null },
      kademlia: { done: [], at: { preset: 'kademlia-why-xor', step: 2 } },
    });
  });

  it('a storage that refuses access is no storage, and writing to a full one is harmless', () => {
    const refusing = {
      get localStorage(): Storage {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as Window;
    expect(safeStorage(refusing)).toBeNull();
    expect(safeStorage({ localStorage: memoryStorage(undefined, { failRead: true }) } as unknown as Window)).toBeNull();
    expect(() => writeProgress(memoryStorage(undefined, { failWrite: true }), { atomicity: { done: [c1], at: null } })).not.toThrow();
    expect(() => writeProgress(null, {})).not.toThrow();
  });
});

describe('When a visitor steps through a chapter', () => {
  it('the chapter becomes where to resume, and finished at its last step', () => {
    let p: Progress = {};
    p = recordStep(p, atomicity, c2, 0, 7);
    expect(progressOf(p, 'atomicity')).toEqual({ done: [], at: { preset: c2, step: 0 } });
    expect(recordStep(p, atomicity, c2, 0, 7)).toBe(p);
    p = recordStep(p, atomicity, c2, 7, 7);
    expect(progressOf(p, 'atomicity')).toEqual({ done: [c2], at: { preset: c2, step: 7 } });
    // Finishing another chapter keeps the course's order in the list.
    p = recordStep(p, atomicity, c3, 4, 8);
    p = recordStep(p, atomicity, c1, 5, 5);
    expect(progressOf(p, 'atomicity')).toEqual({ done: [c1, c2], at: { preset: c1, step: 5 } });
    // Looking again at a finished chapter leaves it finished, and "Continue" where it was.
    p = recordStep(p, atomicity, c3, 4, 8);
    expect(recordStep(p, atomicity, c1, 2, 5)).toBe(p);
    expect(recordStep(p, atomicity, c2, 7, 7)).toBe(p);
    expect(progressOf(p, 'atomicity').at).toEqual({ preset: c3, step: 4 });
  });

  it('"Continue" leads to the open chapter at its step, else to the next unfinished one, and nowhere once all are done', () => {
    expect(resumeTarget(atomicity, { done: [], at: null })).toEqual({ index: 0, step: 0 });
    expect(resumeTarget(atomicity, { done: [c1], at: { preset: c2, step: 3 } })).toEqual({ index: 1, step: 3 });
    expect(resumeTarget(atomicity, { done: [c1, c2], at: { preset: c2, step: 7 } })).toEqual({ index: 2, step: 0 });
    expect(resumeTarget(atomicity, { done: [c2, c3, c4], at: { preset: c4, step: 12 } })).toEqual({ index: 0, step: 0 });
    expect(resumeTarget(atomicity, { done: [c1, c2, c3, c4], at: { preset: c4, step: 12 } })).toBeNull();
  });
});
