// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { namesOf } from '../../../../test/support/kademlia';
import { closeness, hexBits, leadingZeros } from './format';
import { XorSpacePanel } from './XorSpacePanel';

describe('When B looks up E among the five peers', () => {
  const run = labFrames('kademlia', 'kademlia-five-peers');

  it('labels the five peers A..E with their hex IDs on the ID line', () => {
    const { view, events } = run.at(1);
    const nameOf = namesOf(view);
    const { container } = render(<XorSpacePanel view={view} events={events} duration={0} step={1} nameOf={nameOf} />);
    const peers = [...container.querySelectorAll('.id-node')].map(
      (g) => `${g.querySelector('.id-name')?.textContent} ${g.querySelector('.id-hex')?.textContent}`,
    );
    expect(peers).toEqual(['A 7f5a', 'B e7a3', 'C 09bf', 'D 790f', 'E 4759']);
    // No lookup yet: no lookup panel.
    expect(container.querySelector('.convergence')).toBeNull();
    expect(container.querySelectorAll('h2')).toHaveLength(1);
  });

  it('lists the path B, C, D, E with each hop’s XOR distance in hex and as bits, the shared prefix marked', () => {
    const { view, events } = run.at(7);
    const nameOf = namesOf(view);
    const { container } = render(<XorSpacePanel view={view} events={events} duration={0} step={7} nameOf={nameOf} />);
    const rows = [...container.querySelectorAll('.hop-table tbody tr')];
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['B', 'C', 'D', 'E']);
    expect(rows.map((r) => r.querySelector('.dist')?.textContent)).toEqual(['0xa0fa', '0x4ee6', '0x3e56', '0x0000']);
    const d = rows[2].querySelector('.bits')!;
    expect(d.textContent).toBe('0011111001010110');
    expect([...d.querySelectorAll('mark.shared')].map((m) => m.textContent).join('')).toBe('00');
    expect(rows[3].textContent).toContain('= target');
  });

  it('places each round’s nodes by bits shared with E: every hop of the path further right, E in the target slot', () => {
    const { view, events } = run.at(7);
    const nameOf = namesOf(view);
    const { container } = render(<XorSpacePanel view={view} events={events} duration={0} step={7} nameOf={nameOf} />);
    const marks = [...container.querySelectorAll<SVGGElement>('.convergence g.mark')];
    const byName = new Map(marks.map((m) => [m.querySelector('.mark-name')?.textContent, m]));
    expect([...byName.keys()].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    const xOf = (n: string) => Number(/translate\(([\d.]+),/.exec(byName.get(n)!.getAttribute('transform')!)![1]);
    expect(xOf('B')).toBeLessThan(xOf('C'));
    expect(xOf('C')).toBeLessThan(xOf('D'));
    expect(xOf('D')).toBeLessThan(xOf('E'));
    // Round 1 asked A, which answered; it is not on the path.
    expect(byName.get('A')!.classList.contains('mark-responded')).toBe(true);
    expect(byName.get('A')!.classList.contains('on-path')).toBe(false);
    expect(byName.get('E')!.classList.contains('is-target')).toBe(true);
    expect(byName.get('E')!.querySelector('path')).not.toBeNull();
    expect(container.querySelectorAll('.convergence path.hop')).toHaveLength(3);
    // Whole bits: each node sits inside the column of the bits it shares with E (B 0, A 2, C 1, D 2).
    const edges = [...container.querySelectorAll('.convergence g.grid:not(.target-slot) line')].map((l) => Number(l.getAttribute('x1')));
    const shared = { A: 2, B: 0, C: 1, D: 2 } as const;
    for (const [name, p] of Object.entries(shared)) {
      expect(byName.get(name)!.getAttribute('data-shared'), name).toBe(String(p));
      expect(xOf(name), name).toBeGreaterThan(edges[p]);
      expect(xOf(name), name).toBeLessThan(edges[p + 1]);
    }
    // The target's prefix intervals narrow: B shares nothing, C "0", D "01".
    expect([...container.querySelectorAll('.bracket')].map((b) => b.getAttribute('data-shared'))).toEqual(['0', '1', '2']);
    expect(container.querySelectorAll('.bracket text')[2].textContent).toMatch(/^D shares “01”: 1\/4 of the space/);
  });

  it('sends the message dot along the path only when motion is allowed', () => {
    const { view, events } = run.at(7);
    const nameOf = namesOf(view);
    const still = render(<XorSpacePanel view={view} events={events} duration={0} step={7} nameOf={nameOf} />);
    expect(still.container.querySelector('circle.message')?.getAttribute('opacity')).toBe('0');
    expect([...still.container.querySelectorAll('g.round-row')].every((g) => g.getAttribute('opacity') === '1')).toBe(true);
    still.unmount();
    const moving = render(<XorSpacePanel view={view} events={events} duration={600} step={7} nameOf={nameOf} />);
    expect(moving.container.querySelector('circle.message')?.getAttribute('opacity')).toBe('1');
    const rows = [...moving.container.querySelectorAll('g.round-row')];
    expect(rows.map((g) => g.getAttribute('opacity'))).toEqual(['1', '0', '0', '0', '0']);
  });
});

/** One host for the 100,000-node preset, built once for both of its tests (the build is the slow part). */
let bigRun: ReturnType<typeof labFrames<'kademlia'>> | null = null;
const big = () => (bigRun ??= labFrames('kademlia', 'kademlia-100k'));

describe('When distances are written as bits', () => {
  it('counts the shared prefix as the leading zeros and places the distance on a log scale', () => {
    expect(leadingZeros('03a1', 16)).toBe(6);
    expect(hexBits('03a1', 16)).toBe('0000001110100001');
    expect(leadingZeros('0000', 16)).toBe(16);
    // bits - log2(d): a node sharing p bits sits in (p, p + 1].
    expect(closeness('ffff', 16)).toBeCloseTo(0, 3);
    expect(closeness('8000', 16)).toBeCloseTo(1);
    expect(closeness('4000', 16)).toBeCloseTo(2);
    expect(closeness('0001', 16)).toBeCloseTo(16);
    expect(closeness('4ee6', 16)).toBeCloseTo(16 - Math.log2(0x4ee6));
  });
});

describe('When the last lookup of a 100,000-node view ran in a silent batch', () => {
  it('places every node the lookup asked, from the view alone (no hop events on this step)', () => {
    const { view, events } = big().at(3);
    const nameOf = namesOf(view);
    expect(view.nodes).toBeNull();
    expect(events.some((e) => e.type === 'lookup.hopped')).toBe(false);
    const lookup = view.lookup!;
    expect(lookup.queried.length).toBe(lookup.rounds.reduce((n, r) => n + r.queried.length, 0));
    const { container } = render(<XorSpacePanel view={view} events={events} duration={0} step={3} nameOf={nameOf} />);
    expect(container.querySelectorAll('.convergence .mark')).toHaveLength(1 + lookup.queried.length);
    expect(container.textContent).not.toContain('not placed');
  });
});
