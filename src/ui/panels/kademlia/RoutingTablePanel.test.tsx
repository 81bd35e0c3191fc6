// @vitest-environment jsdom
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { kademliaRun } from '../../../../test/support/kademlia';
import { RoutingTablePanel } from './RoutingTablePanel';

const contactsOf = (row: Element) => [...row.querySelectorAll('.bucket-body .chip:not(.empty-slot)')].map((c) => c.querySelector('.chip-name')?.textContent);

describe('When a full k-bucket meets a newcomer (the full-bucket preset, k = 2)', () => {
  const run = kademliaRun('kademlia-full-bucket');

  it("shows B's bucket 15 as one row, oldest contact first, filled against k", () => {
    const { view, events, nameOf } = run.at(3);
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
    const { view, events, nameOf } = run.at(4);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={4} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['C', 'A']);
    expect(row.querySelector('.chip-seen')?.getAttribute('data-contact')).toBe(String(0));
  });

  it('pings the oldest, keeps it when it answers, and drops the newcomer into the replacement cache', () => {
    const { view, events, nameOf } = run.at(5);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={5} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['A', 'C']);
    expect([...row.querySelectorAll('.repl .chip')].map((c) => c.textContent)).toEqual(['D']);
    const story = row.querySelector('.story-kept');
    expect(story?.textContent).toMatch(/PING the oldest, C…/);
    expect(story?.textContent).toMatch(/it answered: C stays .* D goes to the replacement cache/);
  });

  it('evicts a silent oldest contact and lets the newcomer in at the tail, with end states only under reduced motion', () => {
    const { view, events, nameOf } = run.at(7);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={7} nameOf={nameOf} />);
    const row = container.querySelector('li.bucket')!;
    expect(contactsOf(row)).toEqual(['C', 'E new']);
    expect(row.querySelector('.story-evicted')?.textContent).toMatch(/no answer: A is evicted, E joins at the tail/);
    expect(row.querySelector('.chip-evicted')?.textContent).toBe('A ✗');
    for (const el of row.querySelectorAll<HTMLElement>('.story .beat, .chip-new')) expect(el.style.opacity).toBe('');
  });

  it('hides the story beats at first when motion is allowed, to reveal them one by one', () => {
    const { view, events, nameOf } = run.at(7);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={600} step={7} nameOf={nameOf} />);
    const beats = [...container.querySelectorAll<HTMLElement>('.story .beat')];
    expect(beats).toHaveLength(3);
    expect(beats.every((b) => b.style.opacity === '0')).toBe(true);
  });
});

describe('When the routing table belongs to a node among 1,000 (k = 20)', () => {
  it('draws compact slots, 20 per bucket, the down contacts marked by a cross as well as colour', () => {
    const run = kademliaRun('kademlia-churn');
    const { view, events, nameOf } = run.at(3);
    const { container } = render(<RoutingTablePanel view={view} events={events} duration={0} step={3} nameOf={nameOf} />);
    const rows = [...container.querySelectorAll('li.bucket')];
    expect(rows.length).toBe(view.focus!.buckets.length);
    for (const r of rows) expect(r.querySelectorAll('.bucket-body .chip')).toHaveLength(20);
    const down = container.querySelectorAll('.bucket-body .chip.down');
    const expected = view.focus!.buckets.flatMap((b) => b.contacts).filter((c) => !c.alive).length;
    expect(expected).toBeGreaterThan(0);
    expect(down).toHaveLength(expected);
    for (const d of down) expect(d.textContent).toMatch(/^✗#\d+ \(down\)$/);
  });
});
