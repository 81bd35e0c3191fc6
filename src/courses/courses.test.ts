import { describe, expect, it } from 'vitest';
import { PRESETS, presetById } from '../scenarios';
import { chapterScenario, COURSES, courseById } from '.';

/** The six articles of issue 13 and the labs each course must walk through. */
const ISSUE_COURSES: Record<string, readonly string[]> = {
  // The recipe platform's story ends on PostgreSQL's pages (the durability lab).
  atomicity: ['intent-log', 'durability'],
  consistency: ['transactions', 'replication'],
  isolation: ['transactions'],
  durability: ['durability'],
  kademlia: ['kademlia'],
  pooling: ['pool'],
};

const labsOf = (id: string) => courseById(id)!.chapters.map((ch) => presetById(ch.preset)!.scenario.lab);

describe('The courses', () => {
  it('are the six of the issue, in its order, with unique ids', () => {
    expect(COURSES.map((c) => c.id)).toEqual(Object.keys(ISSUE_COURSES));
    expect(new Set(COURSES.map((c) => c.title)).size).toBe(COURSES.length);
  });

  it('name only presets that exist, each at most once per course', () => {
    for (const course of COURSES) {
      for (const ch of course.chapters) expect(presetById(ch.preset), `${course.id}: ${ch.preset}`).toBeDefined();
      for (const id of course.alsoTry) expect(presetById(id), `${course.id} also try: ${id}`).toBeDefined();
      const ids = course.chapters.map((ch) => ch.preset);
      expect(new Set(ids).size, course.id).toBe(ids.length);
      expect(
        ids.filter((id) => course.alsoTry.includes(id)),
        course.id,
      ).toEqual([]);
    }
  });

  it("cover every lab of the issue's list, in each course its own", () => {
    for (const [id, labs] of Object.entries(ISSUE_COURSES)) expect(new Set(labsOf(id)), id).toEqual(new Set(labs));
    const covered = new Set<string>(COURSES.flatMap((c) => labsOf(c.id)));
    for (const lab of Object.values(ISSUE_COURSES).flat()) expect(covered.has(lab), lab).toBe(true);
  });

  it('tell each story in order: the simplest log before real pages, constraints before copies, anomalies before SSI', () => {
    expect(labsOf('atomicity').slice(0, 3)).toEqual(['intent-log', 'intent-log', 'intent-log']);
    expect(courseById('atomicity')!.chapters.map((c) => c.preset)).toContain('pg-recipe-all-or-none');
    const consistency = labsOf('consistency');
    expect(consistency.lastIndexOf('transactions')).toBeLessThan(consistency.indexOf('replication'));
    expect(courseById('isolation')!.chapters.at(-1)!.preset).toBe('txn-coupon-serializable');
    expect(courseById('isolation')!.chapters[0].preset).toBe('txn-dirty-read-textbook');
  });

  it('introduce every chapter in two to four sentences, each its own', () => {
    for (const course of COURSES) {
      expect(course.chapters.length, course.id).toBeGreaterThanOrEqual(3);
      for (const ch of course.chapters) {
        const sentences = ch.intro.split(/[.!?]\s+/).length;
        expect(sentences, `${ch.preset}: ${ch.intro}`).toBeGreaterThanOrEqual(2);
        expect(sentences, `${ch.preset}: ${ch.intro}`).toBeLessThanOrEqual(4);
        expect(ch.intro, ch.preset).toMatch(/\.$/);
        expect(ch.title.length, ch.preset).toBeLessThanOrEqual(48);
      }
    }
    const intros = COURSES.flatMap((c) => c.chapters.map((ch) => ch.intro));
    expect(new Set(intros).size).toBe(intros.length);
  });

  it('play the presets unchanged', () => {
    for (const course of COURSES)
      for (const ch of course.chapters) expect(chapterScenario(ch)).toBe(PRESETS.find((p) => p.id === ch.preset)!.scenario);
    expect(() => chapterScenario({ preset: 'nope', title: 'Nope', intro: '' })).toThrow(/no preset "nope"/);
  });
});
