// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { namesOf } from '../../../../test/support/kademlia';
import { eventOf } from '../step-events';
import { LookupStats } from './LookupStats';
import { MessageLog } from './MessageLog';

describe('When 1,000 random lookups have run among 1,000 nodes', () => {
  const { view } = labFrames('kademlia', 'kademlia-lookup-1000').at(3);

  it('shows lookups, success, mean hops and RPCs, and a bar per hop count up to log2(N)', () => {
    const { container, getByRole } = render(<LookupStats view={view} duration={0} />);
    expect(getByRole('heading', { level: 2 }).textContent).toBe('Lookup statistics vs log₂(N)');
    const stats = Object.fromEntries(
      [...container.querySelectorAll('.stat-grid div')].map((d) => [
        d.querySelector('dt')?.textContent,
        d.querySelector('dd')?.textContent,
      ]),
    );
    expect(stats).toEqual({
      lookups: '1,001',
      success: '100%',
      'mean hops': view.stats.meanHops.toFixed(2),
      'mean RPCs': view.stats.meanMessages.toFixed(1),
    });
    expect(container.querySelectorAll('rect.bar')).toHaveLength(Math.ceil(view.stats.log2N) + 1);
    // The mean sits left of the log2(N) line: far fewer hops than the bound.
    const x = (cls: string) => Number(container.querySelector(cls)?.getAttribute('x1'));
    expect(x('.mean-line')).toBeLessThan(x('.bound-line'));
  });

  it('the message log counts the lookups that ran without logging their RPCs', () => {
    const { events, view } = labFrames('kademlia', 'kademlia-lookup-1000').at(3);
    const batch = eventOf(events, 'lookups.measured');
    expect(batch).toBeDefined();
    const { container } = render(<MessageLog events={events} nameOf={namesOf(view)} />);
    expect(container.querySelector('.rpc-table')).toBeNull();
    expect(container.querySelector('.empty')?.textContent).toBe(
      `${batch?.count.toLocaleString('en')} lookups ran silently this step: see the statistics.`,
    );
  });

  it('is left out while there is a single lookup', () => {
    const single = labFrames('kademlia', 'kademlia-lookup-1000').at(2).view;
    const { container } = render(<LookupStats view={single} duration={0} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('When B messages E among the five peers', () => {
  it('logs every RPC of the step with from, to, round, latency and result', () => {
    const { events, view } = labFrames('kademlia', 'kademlia-five-peers').at(7);
    const nameOf = namesOf(view);
    const { container } = render(<MessageLog events={events} nameOf={nameOf} />);
    const rows = [...container.querySelectorAll('.rpc-table tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows.map((r) => `${r[1]} ${r[2]} ${r[3]}`)).toEqual([
      'FIND_NODE B → A 1',
      'FIND_NODE B → C 2',
      'FIND_NODE B → D 3',
      'PING B → A 3',
      'FIND_NODE B → E 4',
      'PING B → C 4',
      'MESSAGE B → E –',
    ]);
    expect(rows.every((r) => /^\d+ ms$/.test(r[4] ?? '') && r[5] === '✓ reply')).toBe(true);
  });
});
