import { distinct, type Probe, type Seen } from './types';

type S = Seen<'pool'>;
const ascending = (xs: number[]) => distinct([...new Set(xs)].sort((a, b) => a - b).map(String));

/** `serverConnections`: the server's backends after the step. Choices: the counts and limits in view. */
const serverConnections: Probe<'pool'> = {
  choices(before: S) {
    const m = before.view.main;
    return ascending([m.backends, m.clients, m.max, m.maxConnections]);
  },
  answer(after: S) {
    const m = after.view.main;
    const why =
      m.backends >= m.maxConnections
        ? `The server has max_connections = ${m.maxConnections}: it refuses every connection beyond that (${m.counters.refused} refused so far), whatever the pool's max (${m.max}).`
        : `Each pool client holds one server connection: ${m.clients} clients, ${m.backends} backends (pool max ${m.max}, max_connections ${m.maxConnections}).`;
    return { value: String(m.backends), why };
  },
};

/** `poolClients`: how many clients the pool holds after the step. Choices: from none up to its max. */
const poolClients: Probe<'pool'> = {
  choices(before: S) {
    const m = before.view.main;
    return ascending([0, 1, 2, 3, Math.floor(m.max / 2), m.clients, m.max]);
  },
  answer(after: S) {
    const m = after.view.main;
    return {
      value: String(m.clients),
      why: `${m.clients} clients: ${m.busy} busy, ${m.idle} idle, ${m.leaked} leaked (pool max ${m.max}, idleTimeoutMillis ${after.view.idleTimeoutMillis} ms; ${m.counters.removed} closed when idle).`,
    };
  },
};

export const poolProbes = { serverConnections, poolClients } as const;
