// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { frameAt } from '../../test/support/frame-at';
import type { Scenario } from '../engine/scenario/schema';
import { presetById } from '../scenarios';
import { Narration } from './Narration';

describe('When a step was refused', () => {
  it("shows the kernel's refusal message, and nothing of the kind when the step ran", () => {
    const ran = frameAt('recipe-all-or-none', 1);
    const { unmount } = render(<Narration frame={ran} label="T1: BEGIN" />);
    expect(screen.queryByRole('status')).toBeNull();
    unmount();

    const refused = { ...ran, events: [{ type: 'action.refused', message: 'T9 has not begun.' } as const] };
    render(<Narration frame={refused} label="T9: COMMIT" />);
    expect(screen.getByRole('status').textContent).toContain('T9 has not begun.');
  });
});

describe('When a preset states its goal', () => {
  const goal = 'What a crash keeps. Watch the commit record reach the disk.';

  it('opens step 0 with it, keeps it one click away later, and shows nothing without one', () => {
    const { unmount } = render(<Narration frame={frameAt('recipe-all-or-none', 0)} label="Start" goal={goal} />);
    const note = screen.getByRole('note', { name: 'What this shows' });
    expect(note.textContent).toContain(goal);
    unmount();

    const later = render(<Narration frame={frameAt('recipe-all-or-none', 2)} label="T1: INSERT" goal={goal} />);
    expect(screen.queryByRole('note')).toBeNull();
    const recall = later.container.querySelector('details.goal-recall');
    expect(recall?.hasAttribute('open')).toBe(false);
    expect(recall?.textContent).toContain(goal);
    later.unmount();

    const none = render(<Narration frame={frameAt('recipe-all-or-none', 0)} label="Start" />);
    expect(screen.queryByRole('note')).toBeNull();
    expect(none.container.querySelector('.goal-recall')).toBeNull();
  });
});

describe('When the last step checks the outcome', () => {
  it('lists each expectation with ✓, and says why the torn page failure is the lesson', () => {
    const end = frameAt('pg-torn-page', 8);
    render(<Narration frame={end} label="Restart" />);
    const list = screen.getByRole('list', { name: 'What was expected, and what happened' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.slice(0, 1))).toEqual(['✓', '✓']);
    expect(items[0].textContent).toContain('recovery fails and the server stays down');
    expect(items[0].textContent).toContain(
      'Recovery failed, as this lesson expects: a torn page without a full-page image cannot be repaired',
    );
    expect(screen.getByText(/Expected outcome reached: the failure is the lesson/)).toBeTruthy();
  });

  it('marks an expectation that does not hold with ✗ and what happened instead, and gives no lesson for it', () => {
    // The torn-page preset without its restart: the failure it is about never happens.
    const torn = presetById('pg-torn-page')!.scenario;
    const cut = { ...torn, steps: torn.steps.slice(0, -1) } as Scenario;
    render(<Narration frame={frameAt(cut, cut.steps.length)} label="Crash" />);
    const items = within(screen.getByRole('list', { name: 'What was expected, and what happened' })).getAllByRole('listitem');
    expect(items[0].textContent).toMatch(/^✗.*recovery fails and the server stays down — but the server is down after the crash/);
    expect(items[1].textContent).toMatch(/^✗.*recovery finds a torn page .* — but recovery found no torn page/);
    expect(screen.queryByText(/as this lesson expects/)).toBeNull();
    expect(screen.getByText(/Outcome differs/)).toBeTruthy();
  });

  it('sums up a long list in one line, names what failed and keeps the rest one click away', () => {
    const end = frameAt('2pc-coordinator-crash-in-doubt', presetById('2pc-coordinator-crash-in-doubt')!.scenario.steps.length);
    const lines = end.outcome?.expectations ?? [];
    expect(lines.length).toBeGreaterThan(4);
    const broken = lines.map((e, i) => (i === 2 || i === 4 ? { ...e, ok: false, actual: `not ${e.actual}`, lesson: undefined } : e));
    const n = lines.length;
    const { container, unmount } = render(
      <Narration frame={{ ...end, outcome: { ok: false, failures: ['x', 'y'], expectations: broken } }} label="Restart" />,
    );
    expect(screen.getByText(`${n - 2} of ${n} expectations held`)).toBeTruthy();
    // Outside the disclosure: only the two that failed, each named.
    const failed = within(screen.getByRole('list', { name: 'What was expected, and what happened' })).getAllByRole('listitem');
    expect(failed.map((li) => li.textContent?.slice(0, 1))).toEqual(['✗', '✗']);
    expect(failed[0].textContent).toContain(lines[2]!.expected);
    expect(failed[1].textContent).toContain(lines[4]!.expected);
    const rest = container.querySelector('details.expect-rest');
    expect(rest?.hasAttribute('open')).toBe(false);
    expect(within(rest as HTMLElement).getAllByRole('listitem')).toHaveLength(n - 2);
    unmount();

    // All held: the summary, the line that explains the expected failure, and the rest folded.
    const ok = render(<Narration frame={end} label="Restart" />);
    expect(screen.getByText(`${n} of ${n} expectations held`)).toBeTruthy();
    const shown = within(screen.getByRole('list', { name: 'What was expected, and what happened' })).getAllByRole('listitem');
    expect(shown.length).toBe(lines.filter((e) => e.lesson).length);
    expect(shown[0].textContent).toContain('as this lesson expects');
    expect(ok.container.querySelectorAll('details.expect-rest li')).toHaveLength(n - shown.length);
  });
});
