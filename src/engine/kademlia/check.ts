import type { CheckResult } from '../core/lab';
import { names, outcome } from '../scenario/outcome';
import { nodeIndex } from './actions';
import { compareDistance, fromHex } from './id';
import { keyOf, slabOf } from './table';
import type { Delivery, Expected, State } from './types';
import { bucketOf } from './view';

const count = (n: number) => n.toLocaleString('en');

/** A node as the preset names it (A, B…) or by its index. */
function namer(st: State): (i: number) => string {
  const byIndex = new Map<number, string>();
  for (const name in st.names) byIndex.set(st.names[name], name);
  return (i) => (i < 0 ? 'an unknown node' : (byIndex.get(i) ?? `#${i}`));
}

/** Compare the state after the last step with a preset's expected outcome, one expectation in words each. */
export function checkOutcome(st: State, x: Expected): CheckResult {
  const out = outcome();
  const name = namer(st);
  const path = (xs: readonly number[]) => (xs.length ? xs.map(name).join(' → ') : 'nowhere');
  const set = (xs: readonly number[]) => names(xs.map(name));
  if (x.nodes !== undefined) out.add(`the network has ${count(x.nodes)} nodes`, `it has ${count(st.n)}`, st.n === x.nodes);
  if (x.alive !== undefined) {
    let alive = 0;
    for (let i = 0; i < st.n; i++) alive += st.alive[i];
    out.add(`${count(x.alive)} nodes are up`, `${count(alive)} are up`, alive === x.alive);
  }
  const l = st.lastLookup;
  if (x.lastLookup) {
    const e = x.lastLookup;
    if (!l) out.add('a lookup has run', 'no lookup has run', false);
    else {
      const found = (f: boolean) => `the last lookup ${f ? 'finds' : 'misses'} its target`;
      if (e.found !== undefined) out.add(found(e.found), found(l.found), l.found === e.found);
      if (e.path) {
        const want = e.path.map((r) => nodeIndex(st, r));
        out.add(`the lookup goes ${path(want)}`, `it goes ${path(l.path)}`, want.join() === l.path.join());
      }
      if (e.maxHops !== undefined) out.add(`the last lookup takes at most ${e.maxHops} hops`, `it took ${l.hops}`, l.hops <= e.maxHops);
      if (e.distancesShrink) {
        const t = fromHex(l.target, st.cfg.bits)!;
        const farther: number[] = [];
        for (let i = 1; i < l.path.length; i++) if (compareDistance(st.ids, st.words, l.path[i], l.path[i - 1], t, 0) >= 0) farther.push(i);
        out.add(
          'every hop gets closer to the target by XOR distance',
          farther.length ? `hop ${names(farther)} did not` : 'each one did',
          farther.length === 0,
        );
      }
    }
  }
  if (x.deliveries) {
    const got = st.deliveries.slice(-x.deliveries.length);
    const want = x.deliveries.map((d) => ({ ...d, from: nodeIndex(st, d.from), to: nodeIndex(st, d.to) }));
    const say = (ds: readonly Delivery[]) =>
      ds.length
        ? ds
            .map(
              (d) =>
                `${name(d.from)} → ${name(d.to)} "${d.text}" ${d.delivered ? 'delivered' : 'not delivered'}${d.direct ? ' (a known contact)' : ' (after a lookup)'}`,
            )
            .join('; ')
        : 'no message';
    out.add(`the message${want.length > 1 ? 's' : ''} ${say(want)}`, say(got), JSON.stringify(got) === JSON.stringify(want));
  }
  for (const b of x.buckets ?? []) {
    const node = nodeIndex(st, b.node);
    if (node < 0) {
      out.add(`node ${b.node} exists`, `there is no node ${b.node}`, false);
      continue;
    }
    const t = st.table;
    const s = slabOf(t, node, keyOf(t, node, b.bucket));
    const got = s < 0 ? [] : Array.from(t.contact.subarray(s * t.k, s * t.k + t.count[s]));
    const want = b.contacts.map((r) => nodeIndex(st, r));
    out.add(`bucket ${b.bucket} of ${b.node} holds ${set(want)}, oldest first`, `it holds ${set(got)}`, got.join() === want.join());
    if (b.replacements) {
      const cache = s < 0 ? [] : Array.from(t.repl.subarray(s * t.r, s * t.r + t.rcount[s]));
      const wantCache = b.replacements.map((r) => nodeIndex(st, r));
      out.add(`its replacement cache holds ${set(wantCache)}`, `it holds ${set(cache)}`, cache.join() === wantCache.join());
    }
    const misplaced = want.filter(
      (c) => c >= 0 && bucketOf(st, node, c) !== b.bucket && keyOf(t, node, bucketOf(st, node, c)) !== keyOf(t, node, b.bucket),
    );
    if (misplaced.length) out.add(`${set(misplaced)} belong in bucket ${b.bucket}`, 'they do not', false);
  }
  if (x.lookups) {
    const s = st.stats;
    const rate = s.lookups === 0 ? 0 : s.found / s.lookups;
    const mean = s.lookups === 0 ? 0 : s.hops.reduce((sum, h, i) => sum + h * i, 0) / s.lookups;
    const { atLeast, minSuccessRate, maxMeanHops } = x.lookups;
    if (atLeast !== undefined) out.add(`at least ${count(atLeast)} lookups run`, `${count(s.lookups)} ran`, s.lookups >= atLeast);
    if (minSuccessRate !== undefined)
      out.add(
        minSuccessRate === 1
          ? 'every lookup finds its target'
          : `at least ${Math.round(minSuccessRate * 100)}% of the lookups find their target`,
        `${count(s.found)} of ${count(s.lookups)} did (${(rate * 100).toFixed(1)}%)`,
        rate >= minSuccessRate,
      );
    if (maxMeanHops !== undefined)
      out.add(`lookups take at most ${maxMeanHops} hops on average`, `they took ${mean.toFixed(2)}`, mean <= maxMeanHops);
  }
  if (x.value) {
    const v = st.lastValue;
    const say = (w: { key: string; value: string | null }) =>
      `FIND_VALUE for "${w.key}" returns ${w.value === null ? 'nothing' : `"${w.value}"`}`;
    out.add(say(x.value), v ? say(v) : 'no FIND_VALUE has run', !!v && v.key === x.value.key && v.value === x.value.value);
  }
  if (x.measure) {
    const m = st.measures[st.measures.length - 1];
    const sym = x.measure.symmetric;
    if (sym) {
      const [a, b] = sym.map((r) => nodeIndex(st, r));
      const ok = m?.kind === 'pair' && m.a === a && m.b === b && m.ab === m.ba;
      out.add(
        `d(${sym[0]}, ${sym[1]}) = d(${sym[1]}, ${sym[0]}): XOR distance is symmetric`,
        ok ? 'the two are equal' : 'the last measurement does not show it',
        ok,
      );
    }
    const from = x.measure.distinctFrom;
    if (from !== undefined) {
      const ok = m?.kind === 'all' && m.from === nodeIndex(st, from) && m.distinct;
      out.add(
        `every node is at a different distance from ${from}`,
        ok ? 'every distance differs' : 'the last measurement does not show it',
        ok,
      );
    }
  }
  if (x.survey) {
    const clean = st.survey.filter((p) => p.failed === 0);
    const sizes = x.survey.sizes ?? [];
    if (sizes.length) {
      const missing = sizes.filter((n) => !clean.some((p) => p.nodes === n));
      out.add(
        `networks of ${names(sizes.map(count))} nodes are surveyed`,
        missing.length ? `no survey of ${names(missing.map(count))} nodes with every node up` : 'all of them were',
        missing.length === 0,
      );
    }
    if (x.survey.hopsBelowLog2) {
      const over = clean.filter((p) => p.meanHops >= Math.log2(p.nodes));
      const say = (ps: typeof clean) => ps.map((p) => `${p.meanHops.toFixed(1)} hops at ${count(p.nodes)} nodes`).join(', ');
      out.add('mean hops stay below log2(N) at every size', over.length ? `not at ${say(over)}` : say(clean), over.length === 0);
    }
    for (const m of x.survey.minSuccess ?? []) {
      const at = st.survey.filter((p) => p.failed === m.failed && (m.k === undefined || p.k === m.k));
      const which = `${Math.round(m.failed * 100)}% of the nodes down${m.k === undefined ? '' : ` and k = ${m.k}`}`;
      const rates = at.map((p) => p.found / Math.max(1, p.lookups));
      out.add(
        `with ${which}, at least ${(m.rate * 100).toFixed(0)}% of the lookups succeed`,
        at.length ? `${rates.map((r) => `${(r * 100).toFixed(1)}%`).join(', ')} did` : `no survey with ${which}`,
        at.length > 0 && rates.every((r) => r >= m.rate),
      );
    }
  }
  return out.result();
}
