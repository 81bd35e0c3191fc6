import { describe, expect, it } from 'vitest';
import { DhtDriver } from './driver';

/** The article's five peers: A, C, D, E all fall in B's bucket 15 (their IDs start with 0, B's with 1). */
const peers = (options = {}) =>
  new DhtDriver({ bits: 16, k: 2, idMode: 'sha1', ...options }).run({ type: 'build', nodes: 5, fill: 'empty', names: ['A', 'B', 'C', 'D', 'E'] });
const hear = (node: string, contact: string) => ({ type: 'add-contact', node, contact }) as const;

describe('When a node hears from contacts (the paper\'s least-recently-seen order)', () => {
  it('appends newcomers at the tail while the bucket has room', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'));
    expect(d.bucket('B', 15)).toEqual([d.node('A'), d.node('C')]);
    expect(d.types()).toEqual(['bucket.insert']);
  });

  it('moves a contact seen again to the tail', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), hear('B', 'A'));
    expect(d.bucket('B', 15)).toEqual([d.node('C'), d.node('A')]);
    expect(d.types()).toEqual(['bucket.moveToTail']);
  });

  it('pings the oldest when full; a live oldest stays (to the tail) and the newcomer goes to the replacement cache', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), hear('B', 'D'));
    expect(d.types()).toEqual(['bucket.pingOldest', 'dht.rpc', 'bucket.dropNewcomer']);
    expect(d.bucket('B', 15)).toEqual([d.node('C'), d.node('A')]);
    expect(d.cache('B', 15)).toEqual([d.node('D')]);
  });

  it('evicts a dead oldest contact for the newcomer', () => {
    const d = peers().run(hear('B', 'A'), hear('B', 'C'), { type: 'fail', nodes: ['A'] }, hear('B', 'D'));
    expect(d.types()).toEqual(['bucket.pingOldest', 'dht.rpc', 'bucket.evict']);
    expect(d.events[1]).toMatchObject({ kind: 'PING', to: d.node('A'), outcome: 'down', latency: 500 });
    expect(d.bucket('B', 15)).toEqual([d.node('C'), d.node('D')]);
  });

  it('replaces a contact that stops answering with the newest cached one once it is stale', () => {
    const d = peers({ staleAfter: 2 }).run(hear('B', 'A'), hear('B', 'C'), hear('B', 'D'), hear('B', 'E'));
    expect(d.cache('B', 15)).toEqual([d.node('D'), d.node('E')]);
    d.run({ type: 'fail', nodes: ['C'] }, { type: 'ping', from: 'B', to: 'C' });
    expect(d.bucket('B', 15)).toContain(d.node('C'));
    d.run({ type: 'ping', from: 'B', to: 'C' });
    expect(d.types()).toEqual(['dht.rpc', 'bucket.replace']);
    expect(d.bucket('B', 15)).not.toContain(d.node('C'));
    expect(d.bucket('B', 15)).toContain(d.node('E'));
    expect(d.cache('B', 15)).toEqual([d.node('D')]);
  });
});

describe("When buckets use the article's rule (sort by last seen, dial the oldest)", () => {
  it('keeps places, stamps last-seen times, and dials the contact seen longest ago', () => {
    const d = peers({ eviction: 'oldest-seen' }).run(hear('B', 'A'), { type: 'tick', ms: 10 }, hear('B', 'C'), { type: 'tick', ms: 10 }, hear('B', 'A'));
    expect(d.types()).toEqual(['bucket.seen']);
    expect(d.bucket('B', 15)).toEqual([d.node('A'), d.node('C')]);
    d.run(hear('B', 'D'));
    expect(d.events[0]).toMatchObject({ type: 'bucket.pingOldest', oldest: d.node('C'), newcomer: d.node('D') });
  });
});

describe('When the routing table is the paper\'s tree', () => {
  it('splits only the bucket that covers the own ID, and drops newcomers to far full buckets', () => {
    // 40 random 8-bit IDs; node 0 hears from all the others.
    const d = new DhtDriver({ bits: 8, k: 2, table: 'tree' }, 3).run({ type: 'build', nodes: 40, fill: 'empty' });
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
