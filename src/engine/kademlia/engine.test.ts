import { describe, expect, it } from 'vitest';
import { DhtDriver } from './driver';
import { kademlia } from './engine';
import type { Action } from './types';

const story: Action[] = [
  { type: 'build', nodes: 300 },
  { type: 'lookups', count: 50 },
  { type: 'join', name: 'newbie', via: 3 },
  { type: 'store', from: 'newbie', key: 'k', value: 'v' },
  { type: 'fail', fraction: 0.2 },
  { type: 'lookups', count: 50 },
];

const run = (seed: number, options = {}) => new DhtDriver(options, seed).run(...story);

describe('When the same scenario runs twice', () => {
  it('the same seed gives the same network and the same statistics; another seed does not', () => {
    const a = run(1);
    const b = run(1);
    const c = run(2);
    expect(kademlia.summarize(b.state)).toEqual(kademlia.summarize(a.state));
    expect(b.state.ids).toEqual(a.state.ids);
    expect(b.state.table.contact).toEqual(a.state.table.contact);
    expect(c.state.ids).not.toEqual(a.state.ids);
  });

  it('a snapshot clone evolves independently and exactly like the original', () => {
    const d = new DhtDriver({}, 4).run(story[0], story[1]);
    const copy = kademlia.clone!(d.state);
    const viaStructured = structuredClone(d.state);
    d.run(...story.slice(2));
    for (const s of [copy, viaStructured]) for (const a of story.slice(2)) kademlia.step(s, a);
    expect(kademlia.view(copy)).toEqual(kademlia.view(d.state));
    expect(kademlia.view(viaStructured)).toEqual(kademlia.view(d.state));
  });
});

describe('When a network is too large to draw', () => {
  it('the view carries a density summary, one routing table and the lookup, not one object per node', () => {
    const d = new DhtDriver({}, 1).run({ type: 'build', nodes: 3000 }, { type: 'lookup', from: 5, target: 2500 });
    const v = d.view();
    expect(v.nodes).toBeNull();
    expect(v.density!.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(v.focus!.node.index).toBe(5);
    expect(v.focus!.buckets.length).toBeGreaterThan(5);
    expect(v.focus!.buckets[0].contacts[0].id).toMatch(/^[0-9a-f]{40}$/);
    expect(v.lookup!.pathIds.at(-1)).toBe(v.lookup!.closest.length > 0 ? d.id(2500) : undefined);
    expect(JSON.stringify(v).length).toBeLessThan(200_000);
  });
});

describe('When actions name things that do not exist', () => {
  it('refuses them with a readable error and changes nothing', () => {
    const d = new DhtDriver({}, 1).run({ type: 'build', nodes: 10, names: ['A'] });
    expect(d.try({ type: 'lookup', from: 'Z', target: 1 })).toEqual([{ type: 'error', message: 'There is no node named "Z".' }]);
    expect(d.try({ type: 'lookup', from: 0, target: 99 })[0]).toMatchObject({ type: 'error' });
    expect(d.try({ type: 'lookup', from: 0, id: 'xyz' })[0]).toMatchObject({ type: 'error' });
    expect(d.try({ type: 'build', nodes: 5 })[0]).toMatchObject({ type: 'error' });
    d.run({ type: 'fail', nodes: ['A'] });
    expect(d.try({ type: 'lookup', from: 'A', target: 1 })[0]).toMatchObject({ type: 'error' });
    expect(d.try({ type: 'build', nodes: 300 })[0]).toMatchObject({ type: 'error' });
    expect(new DhtDriver({ bits: 8 }).try({ type: 'build', nodes: 257 })[0]).toMatchObject({ type: 'error' });
  });
});

describe('When nodes exchange values and messages', () => {
  it('stores on the k closest to SHA-1(key) and finds the value from elsewhere', () => {
    const d = new DhtDriver({ k: 5 }, 3).run({ type: 'build', nodes: 100 }, { type: 'store', from: 1, key: 'hello', value: 'world' });
    const stored = d.events.find((e) => e.type === 'dht.stored');
    expect(stored).toMatchObject({ holders: expect.any(Array) });
    expect(d.view().values[0].holders).toHaveLength(5);
    d.run({ type: 'find-value', from: 60, key: 'hello' });
    expect(d.state.lastValue).toEqual({ key: 'hello', value: 'world' });
    d.run({ type: 'find-value', from: 60, key: 'missing' });
    expect(d.state.lastValue).toEqual({ key: 'missing', value: null });
    expect(d.types()).toContain('dht.valueMissing');
  });

  it('sends directly to a peer in the routing table, without a lookup', () => {
    const d = new DhtDriver({ bits: 16, k: 2, idMode: 'sha1' }).run(
      { type: 'build', nodes: 2, fill: 'empty', names: ['A', 'B'] },
      { type: 'add-contact', node: 'A', contact: 'B' },
      { type: 'send-message', from: 'A', to: 'B', text: 'hi' },
    );
    expect(d.types()).toEqual(['dht.messageSent', 'dht.rpc', 'bucket.insert', 'dht.messageDelivered']);
    expect(d.state.deliveries).toEqual([{ from: 0, to: 1, text: 'hi', direct: true, delivered: true }]);
  });

  it('a joining node is found by others afterwards, and churn keeps lookups working', () => {
    const d = new DhtDriver({}, 8).run({ type: 'build', nodes: 200 }, { type: 'join', name: 'N', via: 0 }, { type: 'lookup', from: 150, target: 'N' });
    expect(d.state.lastLookup!.found).toBe(true);
    d.run({ type: 'churn', fail: 0.2, join: 20 }, { type: 'lookups', count: 100 });
    expect(d.state.n).toBe(221);
    expect(d.state.stats.found).toBe(d.state.stats.lookups);
  });

  it('with message loss some RPCs time out, lookups still terminate, and most targets answer', () => {
    const d = new DhtDriver({ loss: 0.1 }, 2).run({ type: 'build', nodes: 500 }, { type: 'lookups', count: 200 });
    // The paper drops a silent node from the lookup without retrying, so a lookup misses
    // exactly when the target's own round trip is lost: about 1 - 0.9^2 = 19% of the time.
    const rate = d.state.stats.found / d.state.stats.lookups;
    expect(rate).toBeGreaterThan(0.7);
    expect(rate).toBeLessThan(1);
    d.run({ type: 'lookup', from: 1, target: 2 });
    expect(d.events.at(-1)).toMatchObject({ type: 'dht.lookupDone' });
  });
});

describe('When the engine describes itself', () => {
  it('labels every action and suggests forks that run', () => {
    const d = new DhtDriver({}, 1).run({ type: 'build', nodes: 50 });
    for (const s of kademlia.suggest(d.state)) {
      expect(kademlia.label(s.action)).toMatch(/\S/);
      const copy = kademlia.clone!(d.state);
      expect(kademlia.step(copy, s.action).map((e) => e.type)).not.toContain('error');
    }
    expect(kademlia.describe(d.events, story[0])).toMatch(/50 nodes/);
  });
});
