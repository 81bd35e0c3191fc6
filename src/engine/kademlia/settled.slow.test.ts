import { describe, expect, it } from 'vitest';
import { LabDriver } from '../core/driver';
import { applyAction } from '../core/lab';
import { kademliaLab } from './engine';
import { own, type Table } from './table';
import type { Action, Options, State } from './types';

/** Settled tables always derived on demand, and always stored (today's representation). */
const derivedLab = kademliaLab(0);
const storedLab = kademliaLab(Number.MAX_SAFE_INTEGER);

/** Every bucket of every node: key, contacts with last-seen times and misses, replacement cache. */
function tables(st: State): string {
  const t: Table = st.table;
  const out: string[] = [];
  for (let x = 0; x < st.n; x++) {
    own(t, x);
    const row: string[] = [`${x}@${t.depth[x]}`];
    for (let s = t.head[x]; s >= 0; s = t.next[s]) {
      const slots: string[] = [];
      for (let j = 0; j < t.count[s]; j++) slots.push(`${t.contact[s * t.k + j]}:${t.seen[s * t.k + j]}:${t.fails[s * t.k + j]}`);
      row.push(`${t.key[s]}[${slots.join(' ')}|${Array.from(t.repl.subarray(s * t.r, s * t.r + t.rcount[s])).join(' ')}]`);
    }
    out.push(row.join(' '));
  }
  return out.join('\n');
}

const pendingCount = (st: State) => st.table.pending?.reduce((a, b) => a + b, 0) ?? 0;

/** A story touching lookups, churn, joins, values, the eviction rule, refresh and a survey. */
const story = (n: number): Action[] => [
  { type: 'build', nodes: n },
  { type: 'lookup', from: 0, target: n - 1 },
  { type: 'lookups', count: 40 },
  { type: 'add-contact', node: 3, contact: 7 },
  { type: 'add-contact', node: 7, contact: 3 },
  { type: 'ping', from: 5, to: 9 },
  { type: 'store', from: 2, key: 'k', value: 'v' },
  { type: 'fail', fraction: 0.3 },
  { type: 'lookups', count: 40 },
  { type: 'find-value', from: 11, key: 'k' },
  { type: 'churn', fail: 0.1, join: 3 },
  { type: 'refresh', node: 12 },
  { type: 'send-message', from: 13, to: n - 2, text: 'hi' },
  { type: 'revive', nodes: [0, 1, 2, 3, 4, 5] },
  { type: 'lookups', count: 40 },
  { type: 'survey', sizes: [40, 300], lookups: 30, failed: [0, 0.5] },
];

const configs: { name: string; options: Options; nodes: number }[] = [
  { name: 'the paper (160-bit, k = 20, lru)', options: {}, nodes: 600 },
  {
    name: 'small buckets with loss (k = 4, 10% loss, stale after 2)',
    options: { k: 4, loss: 0.1, staleAfter: 2, replacements: 3 },
    nodes: 400,
  },
  {
    name: "the article's rules (16-bit, k = 2, oldest-seen, sequential)",
    options: { bits: 16, k: 2, eviction: 'oldest-seen', lookup: 'sequential' },
    nodes: 300,
  },
  { name: 'the tree table (32-bit, k = 5)', options: { bits: 32, k: 5, table: 'tree' }, nodes: 300 },
  { name: 'a crowded 8-bit space (k = 3)', options: { bits: 8, k: 3 }, nodes: 200 },
];

describe('When settled routing tables are derived on demand instead of stored', () => {
  for (const c of configs)
    for (let seed = 1; seed <= 6; seed++)
      it(`runs exactly as the stored tables: ${c.name} (seed ${seed})`, () => {
        const derived = new LabDriver(derivedLab, c.options, seed);
        const stored = new LabDriver(storedLab, c.options, seed);
        story(c.nodes).forEach((action, i) => {
          const a = derived.try(action);
          const b = stored.try(action);
          expect(JSON.stringify(a), `events of step ${i + 1} (${action.type})`).toBe(JSON.stringify(b));
          if (i === 0) {
            // Nothing is written at the build (the view, listing every node's contacts, then writes them all).
            expect(pendingCount(derived.state)).toBe(c.nodes);
            expect(stored.state.table.settled).toBeNull();
          }
          expect(derived.view(), `view after step ${i + 1}`).toEqual(stored.view());
        });
        expect(derived.state.stats).toEqual(stored.state.stats);
        expect(derived.state.now).toBe(stored.state.now);
        expect(tables(derived.state)).toBe(tables(stored.state));
      });

  it('leaves every untouched table unwritten, and a snapshot copy writes its own', () => {
    const d = new LabDriver(derivedLab, {}, 3).run({ type: 'build', nodes: 5000 });
    expect(pendingCount(d.state)).toBe(5000);
    const copy = derivedLab.clone!(d.state);
    const sent = structuredClone(d.state);
    d.run({ type: 'lookup', from: 1, target: 2 });
    applyAction(derivedLab, sent, { type: 'lookup', from: 1, target: 2 });
    expect(derivedLab.view(sent)).toEqual(d.view());
    const touched = 5000 - pendingCount(d.state);
    expect(touched).toBeGreaterThan(3);
    expect(touched).toBeLessThan(100);
    expect(pendingCount(copy)).toBe(5000);
    expect(copy.table.settled).toBe(d.state.table.settled);
    const s = new LabDriver(storedLab, {}, 3).run({ type: 'build', nodes: 5000 }, { type: 'lookup', from: 1, target: 2 });
    expect(tables(d.state)).toBe(tables(s.state));
    expect(tables(copy)).toBe(tables(new LabDriver(storedLab, {}, 3).run({ type: 'build', nodes: 5000 }).state));
  });
});
