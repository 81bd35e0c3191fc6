// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { DependencyGraphPanel } from './DependencyGraphPanel';

/** d3 keeps a node's scheduled and running transitions on `__transition` until they end or are interrupted. */
const animating = (node: Element) => '__transition' in node;

describe('When the dependency graph draws the write-skew cycle (step 8)', () => {
  const { view } = labFrames('transactions', 'txn-write-skew').at(8);

  it('animates the cycle edges in, and stops every transition when it unmounts mid-animation', () => {
    const { container, unmount } = render(<DependencyGraphPanel view={view} duration={60_000} />);
    const edges = [...container.querySelectorAll('path.edge.in-cycle')];
    expect(edges).toHaveLength(2);
    expect(edges.every(animating)).toBe(true);
    unmount();
    expect(edges.filter(animating)).toEqual([]);
  });

  it('shows the end state at once with no duration (reduced motion)', () => {
    const { container } = render(<DependencyGraphPanel view={view} duration={0} />);
    const edges = [...container.querySelectorAll('path.edge.in-cycle')];
    expect(edges.filter(animating)).toEqual([]);
    expect(edges.map((p) => p.getAttribute('stroke-dashoffset'))).toEqual(['0', '0']);
  });
});
