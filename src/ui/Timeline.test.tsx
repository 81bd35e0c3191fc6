// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Timeline, type TimelineProps } from './Timeline';

function setup(over: Partial<TimelineProps> = {}) {
  const props: TimelineProps = {
    step: 2,
    total: 5,
    playing: false,
    speed: 1,
    labels: ['a', 'b', 'c', 'd', 'e'],
    onSeek: vi.fn(),
    onPlay: vi.fn(),
    onSpeed: vi.fn(),
    ...over,
  };
  render(<Timeline {...props} />);
  return props;
}

describe('When the timeline is in the middle of a scenario', () => {
  it('steps, jumps and plays through its callbacks', async () => {
    const p = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Jump to start' }));
    await user.click(screen.getByRole('button', { name: 'Jump to end' }));
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(vi.mocked(p.onSeek).mock.calls.map((c) => c[0])).toEqual([3, 1, 0, 5]);
    expect(p.onPlay).toHaveBeenCalledWith(true);
  });

  it('scrubs to the step the slider is dragged to, and names the step for screen readers', () => {
    const p = setup();
    const slider = screen.getByRole('slider', { name: 'Scrub to step' });
    expect(slider.getAttribute('aria-valuetext')).toBe('Step 2 of 5: b');
    fireEvent.change(slider, { target: { value: '4' } });
    expect(p.onSeek).toHaveBeenCalledWith(4);
  });

  it('offers speeds from 0.25x to Max and reports the choice', async () => {
    const p = setup();
    const select = screen.getByRole('combobox');
    const options = [...select.querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['0.25×', '0.5×', '1×', '2×', '4×', 'Max']);
    await userEvent.setup().selectOptions(select, 'Max');
    expect(p.onSpeed).toHaveBeenCalledWith(Number.POSITIVE_INFINITY);
  });
});

describe('When the timeline is at an end', () => {
  it('disables going further that way', () => {
    setup({ step: 0 });
    expect(screen.getByRole('button', { name: 'Step back' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Jump to start' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Step forward' })).toHaveProperty('disabled', false);
  });

  it('shows Pause while playing', () => {
    const p = setup({ step: 5, playing: true });
    expect(screen.getByRole('button', { name: 'Step forward' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(p.onPlay).toHaveBeenCalledWith(false);
  });
});
