import { describe, expect, it } from 'vitest';
import { workload } from '../../bench/twopc';

// `npm run bench` is not part of the suite; this runs the two-phase-commit bench's workload as the
// bench does, so a change to the engine (its work budget, say) cannot break the bench unseen.
describe('When the two-phase-commit bench runs its 10,000 global transactions', () => {
  it('gets through every one, past the budget a shared link has, with no atomicity violation', () => {
    const run = workload(1, 50, 100, true);
    expect(run.violations).toBe(0);
    // Each global transaction commits or rolls back on all five participants.
    expect(run.stats.committed + run.stats.aborted).toBe(10_000 * 5);
    expect(run.stats.messages).toBeGreaterThanOrEqual(200_000);
  });
});
