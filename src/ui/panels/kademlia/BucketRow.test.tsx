// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { namesOf } from '../../../../test/support/kademlia';
import KademliaPanels from './KademliaPanels';
import { RoutingTablePanel } from './RoutingTablePanel';

/** d3 keeps an element's scheduled and running transitions on `__transition` until they end or are interrupted. */
const animating = (nodes: readonly Element[]) => nodes.filter((el) => '__transition' in el && el.__transition !== undefined);
const allUnder = (root: Element) => [root, ...root.querySelectorAll('*')];

describe("When a bucket row is animating a full bucket's story (the full-bucket preset, step 7)", () => {
  const run = labFrames('kademlia', 'kademlia-full-bucket');

  it('stops every transition it started when it unmounts: nothing is left to run', () => {
    const { view, events } = run.at(7);
    const { container, unmount } = render(<RoutingTablePanel view={view} events={events} duration={600} step={7} nameOf={namesOf(view)} />);
    const nodes = allUnder(container.querySelector('li.bucket')!);
    // The beats and the newcomer's chip are mid-animation.
    expect(animating(nodes).length).toBeGreaterThanOrEqual(4);
    unmount();
    expect(animating(nodes)).toEqual([]);
  });

  it('stops the transitions of chips React removed when the next step arrives', () => {
    const a = run.at(7);
    const b = run.at(3);
    const { container, rerender } = render(
      <RoutingTablePanel view={a.view} events={a.events} duration={600} step={7} nameOf={namesOf(a.view)} />,
    );
    const before = allUnder(container);
    expect(animating(before).length).toBeGreaterThan(0);
    rerender(<RoutingTablePanel view={b.view} events={b.events} duration={600} step={3} nameOf={namesOf(b.view)} />);
    expect(animating(before.filter((el) => !el.isConnected))).toEqual([]);
  });
});

describe('When the whole Kademlia lab unmounts mid-lookup (300 nodes, 50 lookups, then one more)', () => {
  it('no transition of the routing table, the lookup statistics or the lookup walk survives', () => {
    const frame = labFrames('kademlia', {
      v: 1,
      lab: 'kademlia',
      title: 'A lookup after a batch',
      seed: 1,
      options: {},
      steps: [
        { do: { type: 'build', nodes: 300 } },
        { do: { type: 'lookups', count: 50 } },
        { do: { type: 'lookup', from: 0, target: 150 } },
      ],
    }).at(3);
    const { container, unmount } = render(<KademliaPanels frame={frame} duration={600} />);
    const nodes = allUnder(container);
    expect(animating(nodes).filter((el) => el.closest('.kad-stats-panel')).length).toBeGreaterThan(0);
    expect(animating(nodes).filter((el) => el.closest('svg.convergence')).length).toBeGreaterThan(0);
    unmount();
    expect(animating(nodes)).toEqual([]);
  });
});
