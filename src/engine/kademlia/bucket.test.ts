import { describe, expect, it } from 'vitest';
import { dht, bucket, cache, node, types } from '../../../test/support/kademlia';

/** The article's five peers: A, C, D, E all fall in B's bucket 15 (their IDs start with 0, B's with 1). */
const peers = (options = {}) =>
  dht({ bits: 16, k: 2, idMode: 'sha1', ...options }).run({ type: 'build', nodes: 5, fill: 'empty', names: ['A', 'B', 'C', 'D', 'E'] });
const hear = (node: string, contact: string) => ({ type: 'add-contact', node, contact }) as const;

describe("When a node hears from contacts (the paper's least-recently-seen order)", () => {
  it('appends newcomers at the tail while the bucket has room', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'));
    expect(bucket(d.state, 'B', 15)).toEqual([node(d.state, 'A'), node(d.state, 'C')]);
    expect(types(d)).toEqual(['contact.added']);
  });

  it('moves a contact seen again to the tail', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), hear('B', 'A'));
    expect(bucket(d.state, 'B', 15)).toEqual([node(d.state, 'C'), node(d.state, 'A')]);
    expect(types(d)).toEqual(['contact.moved']);
  });

  it('pings the oldest when full; a live oldest stays (to the tail) and the newcomer goes to the replacement cache', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), hear('B', 'D'));
    expect(types(d)).toEqual(['oldest.pinged', 'rpc.sent', 'newcomer.dropped']);
    expect(bucket(d.state, 'B', 15)).toEqual([node(d.state, 'C'), node(d.state, 'A')]);
    expect(cache(d.state, 'B', 15)).toEqual([node(d.state, 'D')]);
  });

  it('evicts a dead oldest contact for the newcomer', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), { type: 'fail', nodes: ['A'] }, hear('B', 'D'));
    expect(types(d)).toEqual(['oldest.pinged', 'rpc.sent', 'contact.evicted']);
    expect(d.events[1]).toMatchObject({ kind: 'PING', to: node(d.state, 'A'), outcome: 'down', latency: 500 });
    expect(bucket(d.state, 'B', 15)).toEqual([node(d.state, 'C'), node(d.state, 'D')]);
  });

  it('replaces a contact that stops answering with the newest cached one once it is stale', () => {
    const d = peers({ staleAfter: 2 }).run(hear('B', 'A'), hear('B', 'C'), hear('B', 'D'), hear('B', 'E'));
    expect(cache(d.state, 'B', 15)).toEqual([node(d.state, 'D'), node(d.state, 'E')]);
    d.run({ type: 'fail', nodes: ['C'] }, { type: 'ping', from: 'B', to: 'C' });
    expect(bucket(d.state, 'B', 15)).toContain(node(d.state, 'C'));
    d.run({ type: 'ping', from: 'B', to: 'C' });
    expect(types(d)).toEqual(['rpc.sent', 'contact.replaced']);
    expect(bucket(d.state, 'B', 15)).not.toContain(node(d.state, 'C'));
    expect(bucket(d.state, 'B', 15)).toContain(node(d.state, 'E'));
    expect(cache(d.state, 'B', 15)).toEqual([node(d.state, 'D')]);
  });
});

describe("When buckets use the article's rule (sort by last seen, dial the oldest)", () => {
  it('keeps places, stamps last-seen times, and dials the contact seen longest ago', () => {
    const d = peers({ eviction: 'oldest-seen' }).run(
      hear('B', 'A'),
      { type: 'tick', ms: 10 },
      hear('B', 'C'),
      { type: 'tick', ms: 10 },
      hear('B', 'A'),
    );
    expect(types(d)).toEqual(['lastSeen.updated']);
    expect(bucket(d.state, 'B', 15)).toEqual([node(d.state, 'A'), node(d.state, 'C')]);
    d.run(hear('B', 'D'));
    expect(d.events[0]).toMatchObject({ type: 'oldest.pinged', oldest: node(d.state, 'C'), newcomer: node(d.state, 'D') });
  });
});

describe("When the routing table is the paper's tree", () => {
  it('splits only the bucket that covers the own ID, and drops newcomers to far full buckets', () => {
    // 40 random 8-bit IDs; node 0 hears from all the others.
    const d = dht({ bits: 8, k: 2, table: 'tree' }, 3).run({ type: 'build', nodes: 40, fill: 'empty' });
    for (let c = 1; c < 40; c++) d.run({ type: 'add-contact', node: 0, contact: c });
    const t = d.state.table;
    expect(t.depth[0]).toBeGreaterThan(0);
    const view = d.view().focus!;
    // Every bucket holds at most k; the split-off ones cover one bit index each, above the own bucket.
    for (const b of view.buckets) expect(b.contacts.length).toBeLessThanOrEqual(2);
    const own = view.buckets.find((b) => b.own);
    if (own) expect(own.index).toBe(8 - t.depth[0] - 1);
    for (const b of view.buckets.filter((x) => !x.own)) expect(b.index).toBeGreaterThanOrEqual(8 - t.depth[0]);
  });
});
