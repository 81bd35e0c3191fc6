import type { CheckResult } from '../core/lab';
import { nodeIndex } from './actions';
import { compareDistance, fromHex } from './id';
import { keyOf, slabOf } from './table';
import type { Expected, State } from './types';
import { bucketOf } from './view';

const list = (xs: readonly (number | string)[]) => `[${xs.join(', ')}]`;

/** Compare the state after the last step with a preset's expected outcome. */
export function checkOutcome(st: State, x: Expected): CheckResult {
  const f: string[] = [];
  if (x.nodes !== undefined && st.n !== x.nodes) f.push(`the network has ${st.n} nodes, expected ${x.nodes}`);
  if (x.alive !== undefined) {
    let alive = 0;
    for (let i = 0; i < st.n; i++) alive += st.alive[i];
    if (alive !== x.alive) f.push(`${alive} nodes are up, expected ${x.alive}`);
  }
  const l = st.lastLookup;
  if (x.lastLookup) {
    if (!l) f.push('no lookup has run');
    else {
      const e = x.lastLookup;
      if (e.found !== undefined && l.found !== e.found) f.push(`the last lookup ${l.found ? 'found' : 'missed'} its target`);
      if (e.path) {
        const want = e.path.map((r) => nodeIndex(st, r));
        if (list(want) !== list(l.path)) f.push(`the lookup path is ${list(l.path)}, expected ${list(want)}`);
      }
      if (e.maxHops !== undefined && l.hops > e.maxHops) f.push(`the last lookup took ${l.hops} hops, expected at most ${e.maxHops}`);
      if (e.distancesShrink) {
        const t = fromHex(l.target, st.cfg.bits)!;
        for (let i = 1; i < l.path.length; i++)
          if (compareDistance(st.ids, st.words, l.path[i], l.path[i - 1], t, 0) >= 0)
            f.push(`hop ${i} of the path does not get closer to the target`);
      }
    }
  }
  if (x.deliveries) {
    const got = st.deliveries.slice(-x.deliveries.length);
    const want = x.deliveries.map((d) => ({ ...d, from: nodeIndex(st, d.from), to: nodeIndex(st, d.to) }));
    if (JSON.stringify(got) !== JSON.stringify(want)) f.push(`deliveries are ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  for (const b of x.buckets ?? []) {
    const node = nodeIndex(st, b.node);
    if (node < 0) {
      f.push(`no node ${b.node}`);
      continue;
    }
    const t = st.table;
    const s = slabOf(t, node, keyOf(t, node, b.bucket));
    const got = s < 0 ? [] : Array.from(t.contact.subarray(s * t.k, s * t.k + t.count[s]));
    const want = b.contacts.map((r) => nodeIndex(st, r));
    if (list(got) !== list(want)) f.push(`bucket ${b.bucket} of ${b.node} holds ${list(got)}, expected ${list(want)}`);
    if (b.replacements) {
      const cache = s < 0 ? [] : Array.from(t.repl.subarray(s * t.r, s * t.r + t.rcount[s]));
      const wantCache = b.replacements.map((r) => nodeIndex(st, r));
      if (list(cache) !== list(wantCache))
        f.push(`the replacement cache of bucket ${b.bucket} of ${b.node} is ${list(cache)}, expected ${list(wantCache)}`);
    }
    for (const c of want)
      if (c >= 0 && bucketOf(st, node, c) !== b.bucket && keyOf(t, node, bucketOf(st, node, c)) !== keyOf(t, node, b.bucket))
        f.push(`#${c} does not belong in bucket ${b.bucket}`);
  }
  if (x.lookups) {
    const s = st.stats;
    const rate = s.lookups === 0 ? 0 : s.found / s.lookups;
    const mean = s.lookups === 0 ? 0 : s.hops.reduce((sum, h, i) => sum + h * i, 0) / s.lookups;
    if (x.lookups.atLeast !== undefined && s.lookups < x.lookups.atLeast)
      f.push(`${s.lookups} lookups ran, expected at least ${x.lookups.atLeast}`);
    if (x.lookups.minSuccessRate !== undefined && rate < x.lookups.minSuccessRate)
      f.push(`success rate ${rate.toFixed(3)}, expected at least ${x.lookups.minSuccessRate}`);
    if (x.lookups.maxMeanHops !== undefined && mean > x.lookups.maxMeanHops)
      f.push(`mean hops ${mean.toFixed(2)}, expected at most ${x.lookups.maxMeanHops}`);
  }
  if (x.value) {
    const v = st.lastValue;
    if (!v || v.key !== x.value.key || v.value !== x.value.value)
      f.push(`the last FIND_VALUE gave ${JSON.stringify(v)}, expected ${JSON.stringify(x.value)}`);
  }
  if (x.measure) {
    const m = st.measures[st.measures.length - 1];
    const sym = x.measure.symmetric;
    if (sym) {
      const [a, b] = sym.map((r) => nodeIndex(st, r));
      if (m?.kind !== 'pair' || m.a !== a || m.b !== b || m.ab !== m.ba)
        f.push(`the last measurement is not d(${sym[0]}, ${sym[1]}) = d(${sym[1]}, ${sym[0]})`);
    }
    const from = x.measure.distinctFrom;
    if (from !== undefined && (m?.kind !== 'all' || m.from !== nodeIndex(st, from) || !m.distinct))
      f.push(`the last measurement is not "all distances from ${from} differ"`);
  }
  if (x.survey) {
    const clean = st.survey.filter((p) => p.failed === 0);
    for (const n of x.survey.sizes ?? []) if (!clean.some((p) => p.nodes === n)) f.push(`no survey of ${n} nodes with every node up`);
    if (x.survey.hopsBelowLog2)
      for (const p of clean)
        if (p.meanHops >= Math.log2(p.nodes))
          f.push(`${p.nodes} nodes: mean hops ${p.meanHops.toFixed(2)}, not below log2(N) = ${Math.log2(p.nodes).toFixed(2)}`);
    for (const m of x.survey.minSuccess ?? []) {
      const at = st.survey.filter((p) => p.failed === m.failed && (m.k === undefined || p.k === m.k));
      const which = `${m.failed * 100}% of the nodes down${m.k === undefined ? '' : ` and k = ${m.k}`}`;
      if (at.length === 0) f.push(`no survey with ${which}`);
      for (const p of at)
        if (p.found / Math.max(1, p.lookups) < m.rate)
          f.push(`${p.nodes} nodes, ${which}: success ${(p.found / Math.max(1, p.lookups)).toFixed(3)}, expected at least ${m.rate}`);
    }
  }
  return { ok: f.length === 0, failures: f };
}
