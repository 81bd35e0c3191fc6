// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { namesOf } from '../../../../test/support/kademlia';
import { XorSpacePanel } from './XorSpacePanel';

/** One host for the 100,000-node preset, built once for both of its tests (the build is the slow part). */
let bigRun: ReturnType<typeof labFrames<'kademlia'>> | null = null;
const big = () => (bigRun ??= labFrames('kademlia', 'kademlia-100k'));

describe('When the network has 100,000 nodes', () => {
  it('draws the density summary as one path, not one element per node, and the lookup path', () => {
    const { view, events } = big().at(2);
    const nameOf = namesOf(view);
    expect(view.nodes).toBeNull();
    const { container } = render(<XorSpacePanel view={view} events={events} duration={0} step={2} nameOf={nameOf} />);
    expect(container.querySelectorAll('.density path')).toHaveLength(1);
    expect(container.querySelectorAll('.id-node, .id-ticks')).toHaveLength(0);
    expect(container.querySelectorAll('svg *').length).toBeLessThan(400);
    const rows = [...container.querySelectorAll('.hop-table tbody tr')];
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(view.lookup!.path.map((x) => `#${x}`));
  });
});
