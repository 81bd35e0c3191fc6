import { presetById } from '../scenarios';
import { atomicity, consistency, durability, isolation } from './acid';
import { kademlia, pooling } from './systems';
import type { Chapter, Course } from './types';

export type { Chapter, Course } from './types';

/** The six courses, in the order the gallery shows them: one per article the product grew from. */
export const COURSES: readonly Course[] = [atomicity, consistency, isolation, durability, kademlia, pooling];

export const courseById = (id: string): Course | undefined => COURSES.find((c) => c.id === id);

/** The preset a chapter plays. Every chapter names an existing preset (a test checks it). */
export function chapterScenario(chapter: Chapter) {
  const preset = presetById(chapter.preset);
  if (!preset) throw new Error(`Chapter "${chapter.title}" names no preset "${chapter.preset}".`);
  return preset.scenario;
}
