// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { LogPanel } from './LogPanel';

describe('When the log panel is unmounted while a new record slides in', () => {
  it('leaves no transition to run on the detached tape', () => {
    const run = labFrames('intent-log', 'recipe-all-or-none');
    const [a, b] = [run.at(1), run.at(2)];
    const { container, rerender, unmount } = render(<LogPanel view={a.view} events={a.events} duration={600} />);
    rerender(<LogPanel view={b.view} events={b.events} duration={600} />);
    const nodes = [...container.querySelectorAll('*')];
    const animating = () => nodes.filter((n) => '__transition' in n).map((n) => n.getAttribute('class'));
    // Both records are still fading in (the first from the mount) and the end-of-log pointer follows.
    expect(animating()).toEqual(['rec tone-inflight', 'rec tone-inflight', 'end']);
    unmount();
    expect(animating()).toEqual([]);
  });

  it('shows the records at rest with reduced motion', () => {
    const run = labFrames('intent-log', 'recipe-all-or-none');
    const frame = run.at(2);
    const { container } = render(<LogPanel view={frame.view} events={frame.events} duration={0} />);
    expect(container.querySelectorAll('g.rec')).toHaveLength(2);
    expect([...container.querySelectorAll('*')].some((n) => '__transition' in n)).toBe(false);
  });
});
