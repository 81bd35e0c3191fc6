/**
 * What each Kademlia preset's narration claims, step by step, as checks against that step's
 * frame: IDs, distances, buckets, paths, counts and rates the text states. The numbers are
 * read out of the text where it writes them, so a sentence and its check cannot drift apart.
 */
import { expect } from 'vitest';
import { Timeline } from '../../src/engine/core/timeline';
import { kademlia } from '../../src/engine/kademlia/engine';
import type { Event } from '../../src/engine/kademlia/types';
import type { View } from '../../src/engine/kademlia/view';
import type { KademliaScenario } from '../../src/scenarios/kademlia/presets';

export interface Told {
  readonly view: View;
  readonly events: readonly Event[];
  readonly say: string;
}
export type Claim = (t: Told) => void;

/** The first match of `re` in the narration (the test fails when the sentence no longer says it). */
function read(say: string, re: RegExp): RegExpMatchArray {
  const m = say.match(re);
  expect(m, `narration no longer matches ${re}: ${say}`).not.toBeNull();
  return m!;
}
const nodeNamed = (v: View, name: string) => {
  const n = v.nodes?.find((x) => x.name === name || `#${x.index}` === name);
  expect(n, `no node ${name}`).toBeDefined();
  return n!;
};
const nameOf = (v: View, x: number) => v.nodes?.[x]?.name ?? `#${x}`;
const bucket = (v: View, i: number) => {
  const b = v.focus?.buckets.find((x) => x.index === i);
  expect(b, `no bucket ${i}`).toBeDefined();
  return b!;
};
const names = (cs: readonly { name: string | null; index: number }[]) => cs.map((c) => c.name ?? `#${c.index}`);
const leading = (hex: string, bits: number) => {
  const n = BigInt(`0x${hex}`);
  return n === 0n ? bits : bits - n.toString(2).length;
};
const only = <T extends Event['type']>(events: readonly Event[], type: T): Extract<Event, { type: T }> => {
  const e = events.find((x): x is Extract<Event, { type: T }> => x.type === type);
  expect(e, `no ${type} event`).toBeDefined();
  return e!;
};
/** "B learns about A ... (distance 98f9, bucket 15)": the focus is the learner and the contact sits in that bucket at that distance. */
const learns: Claim = ({ view, say }) => {
  const [, who, contact] = read(say, /^(\w+) learns about (\w+)/);
  const [, d] = read(say, /(?:distance |is )([0-9a-f]{4})/);
  const [, i] = read(say, /bucket (\d+)/);
  expect(nodeName(view.focus!.node)).toBe(who);
  const c = bucket(view, Number(i)).contacts.find((x) => x.name === contact);
  expect(c?.distance).toBe(d);
};
const nodeName = (n: { name: string | null; index: number }) => n.name ?? `#${n.index}`;
/** "the bucket holds A, C": the focused node's bucket `i` holds exactly these, oldest first. */
const holds =
  (i: number, contacts: string[], replacements: string[] = []) =>
  (view: View) => {
    expect(names(bucket(view, i).contacts)).toEqual(contacts);
    expect(names(bucket(view, i).replacements)).toEqual(replacements);
  };
/** "1,000 lookups ... 22 RPCs": the batch this step measured. */
const batch = (events: readonly Event[], say: string) => {
  const b = only(events, 'lookups.measured');
  const [, count] = read(say, /^([\d,]+) (?:random )?lookups/);
  expect(b.count).toBe(Number(count.replace(/,/g, '')));
  return b;
};
/** "The lookup drawn is now the last of them, #745 to #497". */
const drawn: Claim = ({ view, say }) => {
  const [, from, to] = read(say, /last of them, #(\d+) to #(\d+)/);
  expect([view.lookup?.from, view.lookup?.targetNode]).toEqual([Number(from), Number(to)]);
};
/** Survey rates: "95% at 50%" for the points of bucket size k. */
const rates = (view: View, k: number, text: string) => {
  const pairs = [...text.matchAll(/(\d+)% at (\d+)%/g)];
  expect(pairs.length).toBeGreaterThan(0);
  for (const [, rate, down] of pairs) {
    const p = view.survey.find((x) => x.k === k && Math.round(100 * x.failed) === Number(down));
    expect(p, `no point at ${down}% down, k = ${k}`).toBeDefined();
    expect(Math.round((100 * p!.found) / p!.lookups), `${down}% down, k = ${k}`).toBe(Number(rate));
  }
};
const hopsAt = (view: View, sizes: number[], say: string) => {
  const [, list] = read(say, /about ([\d.]+(?:, [\d.]+)*(?:,)? and [\d.]+)/);
  const claimed = list.split(/, | and /).filter(Boolean);
  expect(claimed.map(Number)).toEqual(
    sizes.map((n) => Number(view.survey.find((p) => p.nodes === n && p.failed === 0)!.meanHops.toFixed(1))),
  );
};

export const CLAIMS: Record<string, Claim[]> = {
  'kademlia-five-peers': [
    ({ view, say }) => {
      for (const [, name, id] of read(say, /A [0-9a-f]{4}.*E [0-9a-f]{4}/)[0].matchAll(/([A-E]) ([0-9a-f]{4})/g))
        expect(nodeNamed(view, name).id).toBe(id);
      view.nodes!.forEach((n, i) => expect(n.host).toBe(`localhost:${8000 + i}`));
      expect(view.nodes!.every((n) => n.contacts === 0)).toBe(true);
    },
    learns,
    (t) => {
      learns(t);
      expect(bucket(t.view, 15).contacts).toHaveLength(t.view.config.k);
    },
    learns,
    learns,
    ({ view, say }) => {
      const [, owner, i] = read(say, /^(\w+)'s routing table: one bucket, (\d+), holding A and C/);
      expect(nodeName(view.focus!.node)).toBe(owner);
      expect(view.focus!.buckets).toHaveLength(1);
      holds(Number(i), ['A', 'C'])(view);
    },
    ({ view, events, say }) => {
      const l = view.lookup!;
      const dist = (name: string) => l.queried.find((q) => nameOf(view, q.node) === name)?.distance;
      expect(dist('A')).toBe(read(say, /A is closest to E \(([0-9a-f]{4})\)/)[1]);
      expect(dist('C')).toBe(read(say, /C \(([0-9a-f]{4}) from E\)/)[1]);
      expect(dist('D')).toBe(read(say, /D \(([0-9a-f]{4})\)/)[1]);
      expect(l.path.map((x) => nameOf(view, x))).toEqual(['B', 'C', 'D', 'E']);
      expect(l.rounds.every((r) => r.queried.length === 1)).toBe(true);
      expect(only(events, 'msg.delivered').to).toBe(nodeNamed(view, 'E').index);
      holds(15, ['A', 'C'], ['D', 'E'])(view);
      expect(events.filter((e) => e.type === 'oldest.pinged').map((e) => e.type === 'oldest.pinged' && nameOf(view, e.oldest))).toEqual([
        'A',
        'C',
      ]);
    },
  ],
  'kademlia-full-bucket': [
    ({ view }) => {
      for (const n of ['A', 'C', 'D', 'E']) expect(parseInt(nodeNamed(view, n).id[0], 16) >> 3).toBe(0);
      expect(parseInt(nodeNamed(view, 'B').id[0], 16) >> 3).toBe(1);
    },
    ({ view }) => holds(15, ['A'])(view),
    ({ view }) => holds(15, ['A', 'C'])(view),
    ({ view }) => holds(15, ['C', 'A'])(view),
    ({ view, events }) => {
      const p = only(events, 'oldest.pinged');
      expect([nameOf(view, p.oldest), nameOf(view, p.newcomer)]).toEqual(['C', 'D']);
      holds(15, ['A', 'C'], ['D'])(view);
    },
    ({ view }) => {
      expect(nodeNamed(view, 'A').alive).toBe(false);
      expect(bucket(view, 15).contacts[0].name).toBe('A');
    },
    ({ view, events }) => {
      const e = only(events, 'contact.evicted');
      expect([nameOf(view, e.evicted), nameOf(view, e.newcomer)]).toEqual(['A', 'E']);
      holds(15, ['C', 'E'], ['D'])(view);
    },
  ],
  'kademlia-why-xor': [
    ({ view }) => expect([view.nodeCount, view.config.bits]).toEqual([8, 8]),
    ({ view, say }) => {
      const [, a, ida, b, idb, x1, x2, d] = read(
        say,
        /(\w) is ([0-9a-f]{2}) and (\w) is ([0-9a-f]{2}): d\(A, B\) = ([0-9a-f]{2}) XOR ([0-9a-f]{2}) = ([0-9a-f]{2})/,
      );
      expect([nodeNamed(view, a).id, nodeNamed(view, b).id, x1, x2]).toEqual([ida, idb, ida, idb]);
      const m = view.measures.at(-1)!;
      expect(m.kind === 'pair' && [m.ab, m.ba]).toEqual([d, d]);
    },
    ({ view, say }) => {
      const [, a, ida, b, idb, shared, bit, d, lo, hi, , owner, i] = read(
        say,
        /(\w) \(([0-9a-f]{2})\) and (\w) \(([0-9a-f]{2})\) share their first (\d+) bits and first differ at bit (\d+), so d = ([0-9a-f]{2}) lies in \[2\^(\d+), 2\^(\d+)\): (\w) belongs in (\w)'s bucket (\d+)/,
      );
      expect([nodeNamed(view, a).id, nodeNamed(view, b).id]).toEqual([ida, idb]);
      const m = view.measures.at(-1)!;
      expect(m.kind === 'pair' && m.ab).toBe(d);
      expect(leading(d, 8)).toBe(Number(shared));
      expect([7 - Number(shared), Number(lo), Number(hi) - 1, Number(i)]).toEqual(Array(4).fill(Number(bit)));
      expect(owner).toBe(a);
      const [, d2, i2] = read(say, /A and B shared only their first bit: d = ([0-9a-f]{2}), bucket (\d+)/);
      const ab = view.measures.find((x) => x.kind === 'pair' && nameOf(view, x.a) === 'A' && nameOf(view, x.b) === 'B');
      expect(ab?.kind === 'pair' && [ab.ab, leading(ab.ab, 8), 7 - leading(ab.ab, 8)]).toEqual([d2, 1, Number(i2)]);
    },
    ({ view }) => {
      const m = view.measures.at(-1)!;
      expect(m.kind === 'all' && [nameOf(view, m.from), m.distinct]).toEqual(['A', true]);
    },
  ],
  'kademlia-lookup-1000': [
    ({ view }) => {
      expect(view.nodeCount).toBe(1000);
      expect(view.focus!.buckets.every((b) => b.contacts.length <= 20)).toBe(true);
      expect(Math.abs(view.focus!.buckets.length - 10)).toBeLessThanOrEqual(2);
    },
    ({ view, say }) => {
      const l = view.lookup!;
      const path = read(say, /#\d+(?: → #\d+)+/)[0].split(' → ');
      expect(l.path.map((x) => `#${x}`)).toEqual(path);
      expect([l.hops, l.messages, l.found]).toEqual([Number(read(say, /(\d+) hops,/)[1]), Number(read(say, /(\d+) RPCs/)[1]), true]);
      expect(l.rounds[0].queried).toHaveLength(view.config.alpha);
    },
    (t) => {
      const b = batch(t.events, t.say);
      expect(b.found).toBe(b.count);
      expect(b.meanHops.toFixed(1)).toBe(read(t.say, /in ([\d.]+) hops/)[1]);
      expect(Math.round(b.meanMessages)).toBe(Number(read(t.say, /(\d+) RPCs on average/)[1]));
      expect(Math.round(t.view.stats.log2N)).toBe(10);
      drawn(t);
    },
  ],
  'kademlia-store-find': [
    ({ view }) => expect(view.nodeCount).toBe(200),
    ({ view, events }) => {
      const stored = only(events, 'value.stored');
      expect(stored.holders).toHaveLength(20);
      expect(events.filter((e) => e.type === 'rpc.sent' && e.kind === 'STORE')).toHaveLength(20);
      expect([...stored.holders].sort()).toEqual([...view.lookup!.closest].sort());
    },
    ({ view, say }) => {
      const l = view.lookup!;
      const holders = view.values[0].holders;
      expect([l.kind, nameOf(view, l.path.at(-1)!), l.hops, l.value]).toEqual([
        'FIND_VALUE',
        read(say, /returns the value: (#\d+)/)[1],
        1,
        'Tarte Tatin',
      ]);
      const asked = l.rounds.flatMap((r) => r.queried);
      expect(asked).toHaveLength(3);
      expect(asked.every((x) => holders.includes(x))).toBe(true);
      expect(holders).toHaveLength(Number(read(say, /stays on (\d+) nodes/)[1]));
    },
  ],
  'kademlia-churn': [
    ({ view }) => expect(view.nodeCount).toBe(1000),
    ({ events, say }) => {
      const b = batch(events, say);
      expect(b.found).toBe(b.count);
      expect(Math.round(b.meanMessages)).toBe(Number(read(say, /about (\d+) RPCs/)[1]));
    },
    ({ view, events, say }) => {
      const c = only(events, 'node.crashed');
      expect(c.count).toBe(Number(read(say, /^(\d+) nodes go down/)[1]));
      expect(view.aliveCount).toBe(view.nodeCount - c.count);
      expect(view.focus!.buckets.some((b) => b.contacts.some((x) => !x.alive))).toBe(true);
    },
    ({ events, say }) => {
      const b = only(events, 'lookups.measured');
      expect(b.found).toBe(b.count);
      expect(Math.round(b.meanMessages)).toBe(Number(read(say, /about (\d+) RPCs/)[1]));
    },
  ],
  'kademlia-100k': [
    ({ view, say }) => {
      expect(view.nodeCount).toBe(100_000);
      const contacts = view.focus!.buckets.reduce((n, b) => n + b.contacts.length, 0);
      expect(Math.abs(contacts / Number(read(say, /about (\d+) contacts/)[1]) - 1)).toBeLessThan(0.15);
      expect(Math.abs(view.focus!.buckets.length - Number(read(say, /some (\d+) buckets/)[1]))).toBeLessThanOrEqual(2);
    },
    ({ view, say }) => {
      const l = view.lookup!;
      expect([l.from, l.targetNode, l.hops, l.found]).toEqual([0, 99_999, Number(read(say, /in (\d+) hops/)[1]), true]);
      const d = l.pathDistances.map((x) => BigInt(`0x${x}`));
      for (let i = 1; i < d.length; i++) expect(d[i] * 2n <= d[i - 1], `hop ${i}`).toBe(true);
    },
    (t) => {
      const b = batch(t.events, t.say);
      expect(b.found).toBe(b.count);
      expect(Math.round(b.meanHops)).toBe(Number(read(t.say, /about (\d+) hops/)[1]));
      expect(Math.round(t.view.stats.log2N)).toBe(17);
      drawn(t);
    },
  ],
  'kademlia-1m': [
    ({ view, say }) => {
      expect(view.nodeCount).toBe(1_000_000);
      const contacts = view.focus!.buckets.reduce((n, b) => n + b.contacts.length, 0);
      expect(Math.abs(contacts / Number(read(say, /about (\d+) contacts/)[1]) - 1)).toBeLessThan(0.15);
      expect(Math.abs(view.focus!.buckets.length - Number(read(say, /some (\d+) buckets/)[1]))).toBeLessThanOrEqual(2);
    },
    ({ view, say }) => {
      const l = view.lookup!;
      expect([l.from, l.targetNode, l.hops, l.found, l.messages]).toEqual([
        0,
        999_999,
        Number(read(say, /in (\d+) hops/)[1]),
        true,
        Number(read(say, /with (\d+) RPCs/)[1]),
      ]);
      expect(l.path.map((x) => `#${x}`).join(' → ')).toBe(read(say, /(#\d+(?: → #\d+)+)/)[1]);
      const d = l.pathDistances.map((x) => BigInt(`0x${x}`));
      for (let i = 1; i < d.length; i++) expect(d[i] * 2n <= d[i - 1], `hop ${i}`).toBe(true);
    },
    (t) => {
      const b = batch(t.events, t.say);
      expect(b.found).toBe(b.count);
      expect(b.meanHops.toFixed(2)).toBe(read(t.say, /in ([\d.]+) hops on average/)[1]);
      expect(Math.round(t.view.stats.log2N)).toBe(Number(read(t.say, /≈ (\d+)/)[1]));
      drawn(t);
    },
  ],
  'kademlia-hops-log2n': [
    ({ view, say }) => {
      hopsAt(view, [64, 256, 1024], say);
      expect([64, 256, 1024].map(Math.log2)).toEqual(
        read(say, /log2\(N\) is (\d+), (\d+) and (\d+)/)
          .slice(1)
          .map(Number),
      );
    },
    ({ view, say }) => {
      hopsAt(view, [4096, 16384], say);
      expect([4096, 16384].map(Math.log2)).toEqual(
        read(say, /log2\(N\) = (\d+) and (\d+)/)
          .slice(1)
          .map(Number),
      );
    },
    ({ view, say }) => {
      const sizes = [65536, 262144, 1_000_000];
      hopsAt(view, sizes, say);
      expect(sizes.map((n) => Number(Math.log2(n).toFixed(1)))).toEqual(
        read(say, /log2\(N\) = (\d+(?:\.\d)?), (\d+(?:\.\d)?) and (\d+(?:\.\d)?)/)
          .slice(1)
          .map(Number),
      );
      const hops = (n: number) => view.survey.find((p) => p.nodes === n && p.failed === 0)!.meanHops;
      expect((hops(1_000_000) - hops(64)).toFixed(1)).toBe(read(say, /about ([\d.]+) hops more/)[1]);
      expect((1_000_000 / 64).toLocaleString('en')).toBe(read(say, /([\d,]+) times the first/)[1]);
    },
  ],
  'kademlia-churn-sweep': [
    ({ view, say }) => {
      const upTo = Number(read(say, /up to (\d+)% down/)[1]) / 100;
      for (const p of view.survey.filter((x) => x.k === 20 && x.failed <= upTo)) expect(p.found, `${p.failed}`).toBe(p.lookups);
      const [, rate, down] = read(say, /(\d+)% still do at (\d+)%/);
      rates(view, 20, `${rate}% at ${down}%`);
    },
    ({ view, say }) => {
      rates(view, 4, say.replace(/^.*?still/, ''));
      expect(view.survey.some((p) => p.k === 20)).toBe(true);
    },
  ],
};

/** Replays a preset and checks every step's narration against that step's frame. */
export function checkNarration(scenario: KademliaScenario): void {
  const claims = CLAIMS[scenario.preset];
  expect(claims, `no narration checks for ${scenario.preset}`).toBeDefined();
  expect(claims).toHaveLength(scenario.steps.length);
  const t = new Timeline(kademlia, { seed: scenario.seed, options: scenario.options, actions: scenario.steps.map((x) => x.do) });
  scenario.steps.forEach((step, i) => {
    const f = t.seek(i + 1);
    const events = f.events.flatMap((e) => (e.type === 'action.refused' ? [] : [e]));
    claims[i]({ view: f.view, events, say: step.say ?? '' });
  });
}
