// @vitest-environment jsdom
import { act, fireEvent, render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { namesOf } from '../../../../test/support/kademlia';
import { RoutingTablePanel } from './RoutingTablePanel';

const contactsOf = (row: Element) =>
  [...row.querySelectorAll('.bucket-body .chip:not(.empty-slot)')].map((c) => c.querySelector('.chip-name')?.textContent);

describe('When a full k-bucket meets a newcomer (the full-bucket preset, k = 2)', () => {
  const run = labFrames('kademlia', 'kademlia-full-bucket');

  it("shows B's bucket 15 as one row, oldest contact first, filled against k", () => {
    const { view, events } = run.at(3);
    const nameOf = namesOf(view);
    const { container, getByRole } = render(<RoutingTablePanel view={view} events={events} duration={0} step={3} nameOf={nameOf} />);
    expect(getByRole('heading', { level: 2 }).textContent).toMatch(/^Routing table \(k-buckets\) of B/);
    const rows = container.querySelectorAll('li.bucket');
    expect(rows).toHaveLength(1);
    expect(rows[0].getAttribute('data-bucket')).toBe('15');
    // C arrived this step: flagged "new" in words, not only by its ring.
    expect(contactsOf(rows[0])).toEqual(['A', 'C new']);
    expect(within(rows[0] as HTMLElement).getByTitle('2 of k = 2').textContent).toContain('2/2 full');
    expect(container.querySelector('.empty-buckets')?.textContent).toContain('14–0');
  });

  it('moves a contact seen again to the tail', () => {
    const { view, events } = run.at(4);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={4} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['C', 'A']);
    expect(row.querySelector('.chip-seen')?.getAttribute('data-contact')).toBe(String(0));
  });

  it('pings the oldest, keeps it when it answers, and drops the newcomer into the replacement cache', () => {
    const { view, events } = run.at(5);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={5} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['A', 'C']);
    expect([...row.querySelectorAll('.repl .chip')].map((c) => c.textContent)).toEqual(['D']);
    const story = row.querySelector('.story-kept');
    expect(story?.textContent).toMatch(/PING the oldest, C…/);
    expect(story?.textContent).toMatch(/it answered: C stays .* D goes to the replacement cache/);
  });

  it('evicts a silent oldest contact and lets the newcomer in at the tail, with end states only under reduced motion', () => {
    const { view, events } = run.at(7);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={7} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['C', 'E new']);
    expect(row.querySelector('.story-evicted')?.textContent).toMatch(/no answer: A is evicted, E joins at the tail/);
    expect(row.querySelector('.chip-evicted')?.textContent).toBe('A ✗');
    for (const el of row.querySelectorAll<HTMLElement>('.story .beat, .chip-new')) expect(el.style.opacity).toBe('');
  });

  it('hides the story beats at first when motion is allowed, to reveal them one by one', () => {
    const { view, events } = run.at(7);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={600} step={7} nameOf={nameOf} />);
    const beats = [...container.querySelectorAll<HTMLElement>('.story .beat')];
    expect(beats).toHaveLength(3);
    expect(beats.every((b) => b.style.opacity === '0')).toBe(true);
  });
});

/** The squares of one path: its closed subpaths (`M…z`). */
const squares = (svg: Element, cls: string) => (svg.querySelector(`path.${cls}`)?.getAttribute('d')?.match(/z/g) ?? []).length;

describe('When the routing table belongs to a node among 1,000 (k = 20)', () => {
  const run = labFrames('kademlia', 'kademlia-churn');

  it('draws each bucket as one SVG of k squares, one path per state, the down contacts crossed as well as coloured', () => {
    const { view, events } = run.at(3);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={3} nameOf={nameOf} />);
    const rows = [...container.querySelectorAll('li.bucket')];
    expect(rows.length).toBe(view.focus!.buckets.length);
    // No per-contact list items any more: one SVG per bucket body.
    expect(container.querySelectorAll('.bucket-body .chip')).toHaveLength(0);
    let totalDown = 0;
    rows.forEach((r, i) => {
      const b = view.focus!.buckets[i];
      const svgs = r.querySelectorAll('.bucket-body svg.slots-svg');
      expect(svgs).toHaveLength(1);
      const svg = svgs[0];
      const down = b.contacts.filter((c) => !c.alive);
      totalDown += down.length;
      expect(squares(svg, 'slot-live')).toBe(b.contacts.length - down.length);
      expect(squares(svg, 'slot-down')).toBe(down.length);
      expect(squares(svg, 'slot-empty')).toBe(20 - b.contacts.length);
      // Two strokes per cross.
      expect((svg.querySelector('path.slot-cross')?.getAttribute('d')?.match(/M/g) ?? []).length).toBe(2 * down.length);
      // The words: counts, the oldest and newest contact, and which are down.
      const label = svg.getAttribute('aria-label')!;
      expect(label).toContain(`bucket ${b.index}, least recently seen first: ${b.contacts.length} of k = 20 contacts`);
      if (b.contacts.length > 1) {
        expect(label).toContain(`oldest ${nameOf(b.contacts[0].index)} (last seen at ${b.contacts[0].lastSeen} ms)`);
        expect(label).toContain(`newest ${nameOf(b.contacts.at(-1)!.index)}`);
      }
      if (down.length > 0) expect(label).toContain(`${down.length} down: ${nameOf(down[0].index)}`);
      expect(svg.getAttribute('role')).toBe('img');
    });
    expect(totalDown).toBeGreaterThan(0);
  });

  it('names one contact with its ID and distance when the row is focused and arrowed through', () => {
    const { view, events } = run.at(3);
    const nameOf = namesOf(view);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={3} nameOf={nameOf} />);
    const svg = container.querySelector('.bucket-body svg.slots-svg') as SVGSVGElement;
    const b = view.focus!.buckets[0];
    const tip = svg.parentElement!.querySelector('.slot-tip')!;
    expect(tip.textContent).toBe('');
    act(() => {
      fireEvent.keyDown(svg, { key: 'ArrowRight' });
    });
    expect(tip.textContent).toBe(
      `${nameOf(b.contacts[0].index)}: ID ${b.contacts[0].id}, XOR distance ${b.contacts[0].distance}, last seen at ${b.contacts[0].lastSeen} ms${b.contacts[0].alive ? (b.contacts[0].fails > 0 ? `, ${b.contacts[0].fails} unanswered` : '') : ', down'}`,
    );
    act(() => {
      fireEvent.keyDown(svg, { key: 'End' });
    });
    expect(tip.textContent).toContain(`${nameOf(b.contacts.at(-1)!.index)}: ID ${b.contacts.at(-1)!.id}`);
    expect(svg.querySelector('path.slot-at')).not.toBeNull();
  });

  it('redraws the memoised rows when the focus moves to another node', () => {
    const a = run.at(3);
    const steps = labFrames('kademlia', 'kademlia-churn').at(0).total;
    const later = Array.from({ length: steps - 3 }, (_, i) => ({ s: i + 4, ...run.at(i + 4) })).find(
      (x) => x.view.focus && x.view.focus.node.index !== a.view.focus!.node.index,
    );
    expect(later).toBeDefined();
    const { container, rerender } = render(
      <RoutingTablePanel view={a.view} events={a.events} duration={0} step={3} nameOf={namesOf(a.view)} />,
    );
    rerender(<RoutingTablePanel view={later!.view} events={later!.events} duration={0} step={later!.s} nameOf={namesOf(later!.view)} />);
    const rows = [...container.querySelectorAll('li.bucket')];
    expect(rows).toHaveLength(later!.view.focus!.buckets.length);
    rows.forEach((r, i) => {
      const b = later!.view.focus!.buckets[i];
      const label = r.querySelector('.bucket-body svg.slots-svg')!.getAttribute('aria-label')!;
      expect(label).toContain(`bucket ${b.index}, least recently seen first: ${b.contacts.length} of k = 20 contacts`);
      if (b.contacts.length > 0)
        expect(label).toContain(
          `${b.contacts.length === 1 ? 'only' : 'oldest'} ${namesOf(later!.view)(b.contacts[0].index)} (last seen at ${b.contacts[0].lastSeen} ms)`,
        );
      expect(squares(r.querySelector('.bucket-body svg')!, 'slot-empty')).toBe(20 - b.contacts.length);
    });
  });
});
