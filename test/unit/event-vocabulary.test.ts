import { describe, expect, it } from 'vitest';
import type { AnyLab, EngineEvent } from '../../src/engine/core/lab';
import type { Timeline } from '../../src/engine/core/timeline';
import { timelineFor } from '../../src/engine/labs';
import { PRESETS } from '../../src/scenarios';

/** `<noun>.<verb>`, lowerCamel after the dot. */
const SHAPE = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;
/** Past tenses that do not end in -ed. */
const IRREGULAR = new Set([
  'began',
  'bound',
  'broken',
  'built',
  'chosen',
  'cut',
  'drawn',
  'fed',
  'found',
  'given',
  'held',
  'hit',
  'kept',
  'known',
  'led',
  'left',
  'lost',
  'made',
  'met',
  'paid',
  'put',
  'read',
  'rebuilt',
  'reset',
  'run',
  'sent',
  'set',
  'shown',
  'shut',
  'sought',
  'split',
  'spent',
  'taken',
  'thrown',
  'torn',
  'undone',
  'won',
  'written',
  'rewritten',
  'overwritten',
  'woken',
  'seen',
  'rewound',
  'redone',
]);
/** Names the vocabulary replaced: one word per concept across labs. */
const RETIRED = new Set(['txn.begun', 'txn.rolledBack', 'msg.dropped']);

/** Why this event name breaks the vocabulary, or null. */
export function vocabularyProblem(type: string): string | null {
  if (!SHAPE.test(type)) return `"${type}" is not <noun>.<pastTense>`;
  if (RETIRED.has(type)) return `"${type}" is a retired name`;
  const verb = type.split('.')[1];
  const last = verb.replace(/^.*[a-z](?=[A-Z])/, '').toLowerCase();
  if (!last.endsWith('ed') && !IRREGULAR.has(last)) return `"${type}" does not end in a past tense ("${last}")`;
  return null;
}

describe('When an event name is checked against the vocabulary', () => {
  it('accepts past tenses and refuses present tenses, bare words and retired names', () => {
    expect(vocabularyProblem('page.dirtied')).toBeNull();
    expect(vocabularyProblem('txn.began')).toBeNull();
    expect(vocabularyProblem('wal.flushed')).toBeNull();
    expect(vocabularyProblem('bucket.split')).toBeNull();
    expect(vocabularyProblem('clock.advanced')).toBeNull();
    expect(vocabularyProblem('error')).toMatch(/not <noun>/);
    expect(vocabularyProblem('tick')).toMatch(/not <noun>/);
    expect(vocabularyProblem('dht.lookups')).toMatch(/past tense/);
    expect(vocabularyProblem('txn.begun')).toMatch(/retired/);
    expect(vocabularyProblem('msg.dropped')).toMatch(/retired/);
  });
});

describe('When every preset of every lab is run', () => {
  it('every event it emits, at start and at every step, is named in the one vocabulary', () => {
    const seen = new Map<string, string>();
    for (const preset of PRESETS) {
      const { scenario } = preset;
      const timeline: Timeline<AnyLab> = timelineFor(scenario);
      const record = (events: readonly EngineEvent[]) => {
        for (const e of events) if (!seen.has(e.type)) seen.set(e.type, `${scenario.lab} (${preset.id})`);
      };
      record(timeline.frame().events);
      for (const f of timeline.runTo(scenario.steps.length).frames) record(f.events);
    }
    const problems = [...seen].map(([type, where]) => [vocabularyProblem(type), where]).filter(([p]) => p !== null);
    expect(problems.map(([p, where]) => `${p} in ${where}`)).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
  });
});
