// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { frameAt } from '../../test/support/frame-at';
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
