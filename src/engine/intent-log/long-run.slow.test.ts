import { describe, expect, it } from 'vitest';
import { longIntentLogScenario } from '../../../bench/scenarios/intent-log-long';
import { applyAction } from '../core/lab';
import { Timeline } from '../core/timeline';
import { intentLog } from './engine';
import type { Action, Options } from './types';

const { scenario } = longIntentLogScenario({ steps: 12_500 });
const actions = scenario.steps.map((s) => s.do as Action);
const options = scenario.options as Options;

/** FNV-1a over a frame's JSON: key order counts, as it does for what the worker posts. */
function digest(frame: { events: unknown; view: unknown }): string {
  const s = JSON.stringify(frame);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Digests of the frames at every step in `steps`, running forward once. */
function forward(steps: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  const { state, events } = intentLog.init(options, scenario.seed);
  let last: unknown = events;
  for (let i = 0; i <= actions.length; i++) {
    if (steps.has(i)) out.set(i, digest({ events: last, view: intentLog.view(state) }));
    if (i < actions.length) last = applyAction(intentLog, state, actions[i]);
  }
  return out;
}

/**
 * The frames at steps 0, 250, ..., 12,500 of the 12,500-step bench scenario (18 crashes), as the
 * engine drew them when its log was a plain array copied whole at every snapshot (before issue 15).
 */
const BEFORE_SHARED_SNAPSHOTS = [
  '3e259159', '1911ad78', '2445c8a5', '6deb4f3c', '4590d34b', '2e8d69d7', '0848d847', '0c3d928a', 'f0bbcc5a', '35880ecf',
  '724793fe', '6ba30844', '0d9729b8', '59bc684b', 'f60ff778', 'cf8dba67', 'b3c0a4f8', '87ac11db', '311dfb08', 'af46c962',
  'f5f9cdd4', '2fb9c795', 'c109d600', 'dc6ee142', '7e3e73a5', '718f4dc8', '03498b6c', '5ce91ed8', 'f360d5b3', 'cab1edfc',
  'd91e6d60', '952332ee', 'd408c1d8', 'fe0c0798', '284cb635', '11e997ed', 'cb0f57d6', '952e74e6', '3cd6b168', '9497f21b',
  'bf2a0502', 'd4b23869', '59b2dd86', '2f6463fe', 'fceead08', 'f7767d97', '997dbbf7', '1b1f8a24', 'f347fcf2', 'cc0c0f73',
  '4d5421b2',
]; // prettier-ignore

describe('When the long scenario runs (12,500 steps, 18 crashes)', () => {
  it('every 250th frame is the one the plain-array log gave', () => {
    const steps = BEFORE_SHARED_SNAPSHOTS.map((_, i) => i * 250);
    const got = forward(new Set(steps));
    expect(steps.map((s) => got.get(s))).toEqual(BEFORE_SHARED_SNAPSHOTS);
  });

  it('seeking back and forth over snapshots that share log chunks gives the forward frames', () => {
    // Restoring one snapshot twice, and appending after each restore, catches a chunk written by two copies.
    const targets = [10_000, 3_000, 12_500, 3_001, 5_000, 5_120, 5_119, 257, 9_999, 12_499, 1, 7_777, 3_000, 11_111];
    const want = forward(new Set(targets));
    const timeline = new Timeline(intentLog, { seed: scenario.seed, options, actions });
    for (const t of targets) {
      const frame = timeline.seek(t);
      expect([t, digest({ events: frame.events, view: frame.view })]).toEqual([t, want.get(t)]);
    }
  });
});
