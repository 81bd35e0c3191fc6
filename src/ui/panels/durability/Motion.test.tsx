// @vitest-environment jsdom
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { BufferPoolPanel } from './BufferPoolPanel';
import { RecoveryChart } from './RecoveryChart';
import { WalPanel } from './WalPanel';

/** Elements d3 has a transition scheduled or running on (d3-transition keeps them in `__transition`). */
const animating = (nodes: readonly Element[]) => nodes.filter((n) => '__transition' in n);

/**
 * Render a step, then the next with motion on, and unmount while its transitions have not even
 * started: none may be left to run on the detached elements (in jsdom one that ran would throw
 * from d3-interpolate after the test).
 */
function unmountMidAnimation(first: ReactElement, next: ReactElement): { during: number; after: number } {
  const { container, rerender, unmount } = render(first);
  rerender(next);
  const nodes = [...container.querySelectorAll('*')];
  const during = animating(nodes).length;
  unmount();
  const after = animating(nodes).length;
  return { during, after };
}

describe('When a durability panel is unmounted mid-animation', () => {
  it('stops the buffer pool’s ghost pages and clock hand', () => {
    const run = labFrames('durability', 'pg-wal-rule');
    const [a, b] = [run.at(5), run.at(6)];
    const { during, after } = unmountMidAnimation(
      <BufferPoolPanel view={a.view} events={a.events} duration={600} stepKey="5" />,
      <BufferPoolPanel view={b.view} events={b.events} duration={600} stepKey="6" />,
    );
    expect(during).toBeGreaterThanOrEqual(3);
    expect(after).toBe(0);
  });

  it('stops the WAL pointers and the replay cursor', () => {
    const run = labFrames('durability', 'pg-bank-transfer-survives');
    const [a, b] = [run.at(5), run.at(6)];
    const { during, after } = unmountMidAnimation(
      <WalPanel view={a.view} events={a.events} duration={600} stepKey="5" />,
      <WalPanel view={b.view} events={b.events} duration={600} stepKey="6" />,
    );
    expect(during).toBeGreaterThan(0);
    expect(after).toBe(0);
  });

  it('stops the recovery chart’s sliding dot', () => {
    const run = labFrames('durability', 'pg-bank-transfer-survives');
    const [a, b] = [run.at(1), run.at(3)];
    const { during, after } = unmountMidAnimation(
      <RecoveryChart view={a.view} duration={600} />,
      <RecoveryChart view={b.view} duration={600} />,
    );
    expect(during).toBe(1);
    expect(after).toBe(0);
  });
});
