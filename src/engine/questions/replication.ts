import type { View } from '../replication/view';
import { byNumber, distinct, type Problem, type Probe, type Seen } from './types';

type S = Seen<'replication'>;
const NO_ROW = 'no row';

/** `node.key` of `readValue(node.key)`. */
function target(view: View, arg: string | null): { node: string; key: string } | Problem {
  const dot = arg?.lastIndexOf('.') ?? -1;
  const node = arg?.slice(0, dot) ?? '';
  const key = arg?.slice(dot + 1) ?? '';
  if (dot < 0) return { problem: 'the question names no node.key to read' };
  if (!view.nodes.some((n) => n.name === node)) return { problem: `there is no node ${node}` };
  if (!view.keys.includes(key)) return { problem: `there is no key ${key}` };
  return { node, key };
}

/** `readValue(node.key)`: the value a read of `key` on `node` returns. Choices: that key's value on every node. */
const readValue: Probe<'replication'> = {
  choices(before: S, arg) {
    const t = target(before.view, arg);
    if ('problem' in t) return t;
    const values = before.view.nodes.map((n) => {
      const row = n.rows[t.key];
      return row ? String(row.value) : NO_ROW;
    });
    return distinct(values).sort(byNumber);
  },
  answer(after: S, _before, arg) {
    const t = target(after.view, arg);
    if ('problem' in t) return t;
    const read = after.view.reads.findLast((r) => r.node === t.node && r.key === t.key);
    if (!read) return { problem: `this step reads nothing on ${t.node}` };
    const value = read.value === null ? NO_ROW : String(read.value);
    const lost = after.view.lost.filter((l) => l.writes.some((w) => w.key === t.key)).map((l) => l.tx);
    const why = read.stale
      ? `${t.node} has not replayed the newest commit yet: it answers ${value} while the primary says ${String(read.primaryValue)}.`
      : lost.length > 0
        ? `${lost.join(', ')} never reached ${t.node}: lost in the failover, so ${t.node} answers ${value}.`
        : `${t.node} has replayed every commit of ${t.key}: it answers ${value}.`;
    return { value, why };
  },
};

export const replicationProbes = { readValue } as const;
