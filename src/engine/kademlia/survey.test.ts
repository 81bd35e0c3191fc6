import { describe, expect, it } from 'vitest';
import { dht } from '../../../test/support/kademlia';
import { kademlia } from './engine';

describe('When a survey measures lookups in networks of several sizes', () => {
  const d = dht({}, 13).run({ type: 'survey', sizes: [64, 256, 1024, 4096], lookups: 200 });
  const points = d.state.survey;

  it('records one fault-free point per size with every lookup found', () => {
    expect(points.map((p) => [p.nodes, p.failed, p.k, p.lookups, p.found])).toEqual([
      [64, 0, 20, 200, 200],
      [256, 0, 20, 200, 200],
      [1024, 0, 20, 200, 200],
      [4096, 0, 20, 200, 200],
    ]);
    for (const p of points) expect(p.hops.reduce((a, b) => a + b, 0)).toBe(p.lookups);
  });

  it('finds mean hops growing with N and staying below log2(N)', () => {
    const hops = points.map((p) => p.meanHops);
    for (let i = 1; i < hops.length; i++) expect(hops[i]).toBeGreaterThan(hops[i - 1]);
    for (const p of points) expect(p.meanHops).toBeLessThan(Math.log2(p.nodes));
    expect(points.every((p) => p.meanMessages >= 3)).toBe(true);
  });

  it('leaves the scenario network, its statistics and the last lookup untouched', () => {
    expect(d.state.n).toBe(0);
    expect(d.state.stats.lookups).toBe(0);
    expect(d.state.lastLookup).toBeNull();
    expect(kademlia.view(d.state).survey).toBe(d.state.survey);
  });

  it('gives the same points for the same seed and different ones for another seed', () => {
    const again = dht({}, 13).run({ type: 'survey', sizes: [64, 256, 1024, 4096], lookups: 200 }).state.survey;
    expect(again).toEqual(points);
    const other = dht({}, 14).run({ type: 'survey', sizes: [64, 256, 1024, 4096], lookups: 200 }).state.survey;
    expect(other.map((p) => p.meanHops)).not.toEqual(points.map((p) => p.meanHops));
  });
});

describe('When a survey fails fractions of the nodes', () => {
  const d = dht({}, 21)
    .run({ type: 'survey', sizes: [1024], lookups: 200, failed: [0, 0.3, 0.9] })
    .run({ type: 'survey', sizes: [1024], lookups: 200, failed: [0, 0.3, 0.9], k: 4 });
  const rate = (k: number, f: number) => {
    const p = d.state.survey.find((x) => x.k === k && x.failed === f)!;
    return p.found / p.lookups;
  };

  it('keeps one point per k and fraction, sorted by k then fraction', () => {
    expect(d.state.survey.map((p) => `${p.k}/${p.failed}`)).toEqual(['4/0', '4/0.3', '4/0.9', '20/0', '20/0.3', '20/0.9']);
  });

  it('finds success falling as more nodes are down, and faster with small buckets', () => {
    expect(rate(20, 0)).toBe(1);
    expect(rate(20, 0.3)).toBe(1);
    expect(rate(4, 0.9)).toBeLessThan(rate(4, 0.3));
    expect(rate(4, 0.9)).toBeLessThan(rate(20, 0.9));
  });

  it('replaces a point surveyed again instead of adding a second one', () => {
    const again = dht({}, 21)
      .run({ type: 'survey', sizes: [256], lookups: 10 })
      .run({ type: 'survey', sizes: [256], lookups: 20 });
    expect(again.state.survey.map((p) => p.lookups)).toEqual([20]);
  });

  it('refuses sizes that do not fit the ID width', () => {
    const small = dht({ bits: 8 }, 1);
    expect(small.try({ type: 'survey', sizes: [512], lookups: 5 })).toEqual([
      { type: 'action.refused', message: 'A survey network of 512 nodes does not fit (2 to 2^8).' },
    ]);
  });
});
