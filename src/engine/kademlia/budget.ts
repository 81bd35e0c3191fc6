/**
 * The Kademlia lab's work budgets (core/budget.ts), over the whole scenario, survey networks
 * included: nodes built (each with its routing table), and simulated operations, one per RPC
 * (PING, FIND_NODE, FIND_VALUE, STORE) plus LOOKUP_COST per lookup. Checked before an action from
 * its size and the network's, and counted as the simulation runs. Figures in src/engine/README.md.
 */
import { ensure, spend } from '../core/budget';
import type { Action, State } from './types';

/** The most nodes a scenario may build: the 1,000,000-node preset, or the survey up to 1,000,000 nodes, and some room. */
const NODE_LIMIT = 1_500_000;
/** The most simulated operations a scenario may run: twice the busiest preset's (the churn sweep's). */
const OPS_LIMIT = 600_000;
const NODES = 'nodes built';
const OPS = 'simulated Kademlia operations (RPCs and lookups)';
/** A lookup's own work (candidate lists, the trace) beyond its RPCs: it dominates when most nodes are down. */
export const LOOKUP_COST = 20;

/** Count RPCs and lookups as they run. */
export function spendOps(st: State, n: number): void {
  spend(st.work, n, OPS, OPS_LIMIT);
}

/** Count a node as it is built. */
export function spendNode(st: State): void {
  spend(st.built, 1, NODES, NODE_LIMIT);
}

/** Operations of one lookup in a network of n nodes, at least (measured: about 21 RPCs at 1,000 nodes, 27 at 100,000). */
const lookupCost = (n: number): number => LOOKUP_COST + 2 * Math.log2(Math.max(2, n));
/** Lookups of a join: its own ID, then a refresh of each bucket farther than its nearest neighbour (about log2 n). */
const joinLookups = (n: number): number => 1 + Math.log2(Math.max(2, n));

/** The nodes and operations this action asks for, estimated from the action and the network's size. */
function estimate(st: State, a: Action): { nodes: number; ops: number } {
  switch (a.type) {
    case 'build':
      return { nodes: a.nodes, ops: a.fill === 'joins' ? a.nodes * lookupCost(a.nodes) * joinLookups(a.nodes) : 0 };
    case 'lookups':
      return { nodes: 0, ops: a.count * lookupCost(st.n) };
    case 'churn':
      return { nodes: a.join ?? 0, ops: (a.join ?? 0) * lookupCost(st.n) * joinLookups(st.n) };
    case 'refresh':
      return { nodes: 0, ops: joinLookups(st.n) * lookupCost(st.n) };
    case 'survey': {
      const fractions = a.failed?.length ?? 1;
      const nodes = a.sizes.reduce((sum, n) => sum + n, 0);
      return { nodes, ops: a.sizes.reduce((sum, n) => sum + fractions * a.lookups * lookupCost(n), 0) };
    }
    default:
      return { nodes: 0, ops: lookupCost(st.n) };
  }
}

/** Stop an action whose estimated nodes or operations, added to those already run, pass a limit: before it runs. */
export function ensureBudget(st: State, a: Action): void {
  const e = estimate(st, a);
  ensure(st.built, e.nodes, NODES, NODE_LIMIT);
  ensure(st.work, e.ops, OPS, OPS_LIMIT);
}
