import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';
import { poolLab } from '../../src/engine/pool/engine';
import type { Action, Options } from '../../src/engine/pool/schema';
import type { PoolEvent } from '../../src/engine/pool/types';

/*
 * The Connection pooling lab against the real thing: the same arrival script runs through
 * node-postgres' Pool (or a Client per request) on a throwaway PostgreSQL 15 and on the
 * engine, and the sequences of pool events and request failures must be identical.
 *
 * Times are scaled: 1 engine ms is SCALE real ms, queries are pg_sleep() of their scaled
 * service time, and the script keeps every two causally unrelated events at least ~0.7
 * engine ms (175 real ms) apart, so scheduling noise on a busy machine cannot reorder them. A real connection
 * takes a few real ms, so the engine models it as 0.1 ms (rtt 0, backend start 0.1 ms).
 * The server runs with max_connections = 4 and superuser_reserved_connections = 0 (the
 * test connects as the superuser postgres, which may otherwise use the reserved slots).
 */
const SCALE = 250;
const MAX_CONNECTIONS = 4;

/** An event in the form both sides can produce: what happened, to which client, for which request. */
interface Seen {
  readonly type: string;
  readonly conn?: number;
  readonly req?: number;
  readonly code?: string;
  readonly message?: string;
}

interface Case {
  readonly name: string;
  readonly pooled: boolean;
  readonly pool?: { max: number; connectionTimeoutMillis: number; idleTimeoutMillis: number };
  /** Slots held by other connections during the case (the engine sees max_connections minus these). */
  readonly occupied: number;
  readonly arrivals: readonly { atMs: number; serviceMs: number; leak?: boolean }[];
  readonly terminate?: { atMs: number; conn: number };
  readonly endMs: number;
  /** Extra time every connection takes (a slow network), engine ms; the engine's backend start. */
  readonly connectMs?: number;
}

const CASES: readonly Case[] = [
  {
    name: 'pool of 3: a leak, a queue timeout, FIFO hand-over, LIFO reuse, an idle client terminated, idle removal',
    pooled: true,
    pool: { max: 3, connectionTimeoutMillis: 5, idleTimeoutMillis: 15 },
    occupied: 1,
    arrivals: [
      { atMs: 0, serviceMs: 10 },
      { atMs: 1, serviceMs: 10 },
      { atMs: 2, serviceMs: 4, leak: true },
      { atMs: 3, serviceMs: 3 },
      { atMs: 7, serviceMs: 2 },
      { atMs: 14, serviceMs: 2 },
      { atMs: 33, serviceMs: 2 },
    ],
    terminate: { atMs: 18, conn: 2 },
    endMs: 38,
  },
  {
    name: 'pool of 3 with 2 free server slots: the third client is refused with 53300 and the pool emits no event',
    pooled: true,
    pool: { max: 3, connectionTimeoutMillis: 0, idleTimeoutMillis: 1000 },
    occupied: 2,
    arrivals: [
      { atMs: 0, serviceMs: 10 },
      { atMs: 1, serviceMs: 10 },
      { atMs: 2, serviceMs: 3 },
      { atMs: 12, serviceMs: 2 },
    ],
    endMs: 16,
  },
  {
    name: "slow connections: a waiter's queue timer fires while a new client connects for it, and the client still joins the pool",
    pooled: true,
    pool: { max: 1, connectionTimeoutMillis: 3, idleTimeoutMillis: 1000 },
    occupied: 1,
    connectMs: 2,
    arrivals: [
      { atMs: 0, serviceMs: 10 },
      { atMs: 3, serviceMs: 1 },
    ],
    terminate: { atMs: 4.5, conn: 1 },
    endMs: 10,
  },
  {
    name: 'no pool: six overlapping requests, four backends, two refused with 53300, then room again',
    pooled: false,
    occupied: 0,
    arrivals: [0, 1, 2, 3, 4, 5].map((atMs) => ({ atMs, serviceMs: 10 })).concat([{ atMs: 18, serviceMs: 2 }]),
    endMs: 22,
  },
];

// ------------------------------------------------------------------ engine

function runEngine(c: Case): Seen[] {
  const options: Options = {
    pooled: c.pooled,
    pool: c.pool,
    server: { max_connections: MAX_CONNECTIONS - c.occupied },
    costs: { rttMs: 0, backendStartMs: 0.1 + (c.connectMs ?? 0), authRoundTrips: 0 },
  };
  const { state } = poolLab.init(options, 1);
  const actions: Action[] = [{ type: 'script', arrivals: c.arrivals.map((a) => ({ ...a })) }];
  if (c.terminate)
    actions.push(
      { type: 'advance', ms: c.terminate.atMs },
      { type: 'terminate', conn: c.terminate.conn },
      { type: 'advance', ms: c.endMs - c.terminate.atMs },
    );
  else actions.push({ type: 'advance', ms: c.endMs });
  const events: PoolEvent[] = actions.flatMap((a) => poolLab.step(state, a));
  // A request whose acquire already rejected never sees the client that was connecting for it:
  // pg-pool hands that client to nobody and releases it itself, so the real run cannot name a request.
  const gaveUp = new Set<number>();
  return events.flatMap((e): Seen[] => {
    switch (e.type) {
      case 'pool.connected':
      case 'pool.acquired':
      case 'pool.released':
      case 'client.connected':
      case 'client.ended':
        return [gaveUp.has(e.req) ? { type: e.type, conn: e.conn } : { type: e.type, conn: e.conn, req: e.req }];
      case 'pool.removed':
      case 'pool.errored':
        return [{ type: e.type, conn: e.conn }];
      case 'request.failed':
        if (e.code === 'timeout') gaveUp.add(e.req);
        return [{ type: e.type, req: e.req, code: e.code, message: e.message }];
      case 'arrivals.scheduled':
        return [];
      default:
        throw new Error(`unexpected engine event ${JSON.stringify(e)}`);
    }
  });
}

// ------------------------------------------------------------------ PostgreSQL

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runReal(cluster: Cluster, c: Case): Promise<Seen[]> {
  const conf = { host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' };
  const seen: Seen[] = [];
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  /** node-postgres' Client, numbered in creation order as the engine numbers its connections. */
  const delay = (c.connectMs ?? 0) * SCALE;
  class NumberedClient extends pg.Client {
    constructor(o?: string | pg.ClientConfig) {
      super(o);
      ids.set(this, nextId++);
    }
    /** A slow network: the connection starts `delay` ms late (the pool calls connect with a callback). */
    // biome-ignore lint: overloads of pg.Client.connect
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override connect(cb?: any): any {
      if (delay === 0) return super.connect(cb);
      if (cb) {
        setTimeout(() => super.connect(cb), delay);
        return undefined;
      }
      return sleep(delay).then(() => super.connect());
    }
  }
  const idOf = (client: object) => ids.get(client) as number;
  const occupiers: pg.Client[] = [];
  for (let i = 0; i < c.occupied; i++) {
    const o = new pg.Client(conf);
    await o.connect();
    occupiers.push(o);
  }
  const admin = occupiers[0];
  const scaled = c.pool && {
    max: c.pool.max,
    connectionTimeoutMillis: c.pool.connectionTimeoutMillis * SCALE,
    idleTimeoutMillis: c.pool.idleTimeoutMillis * SCALE,
  };
  const pool = c.pooled ? new pg.Pool({ ...conf, ...scaled, Client: NumberedClient }) : null;
  let releasing = 0;
  if (pool) {
    pool.on('connect', (client) => seen.push({ type: 'pool.connected', conn: idOf(client) }));
    pool.on('acquire', (client) => seen.push({ type: 'pool.acquired', conn: idOf(client) }));
    pool.on('release', (_err, client) =>
      seen.push(releasing ? { type: 'pool.released', conn: idOf(client), req: releasing } : { type: 'pool.released', conn: idOf(client) }),
    );
    pool.on('remove', (client) => seen.push({ type: 'pool.removed', conn: idOf(client) }));
    pool.on('error', (_err, client) => seen.push({ type: 'pool.errored', conn: idOf(client) }));
  }
  const clientsById = new Map<number, pg.Client>();
  const failed = (req: number, err: unknown) => {
    const e = err as { code?: string; message: string };
    const code = e.code ?? (/timeout/.test(e.message) ? 'timeout' : e.message);
    seen.push({ type: 'request.failed', req, code, message: e.message });
  };
  const request = async (req: number, serviceMs: number, leak: boolean) => {
    let client: pg.PoolClient | pg.Client;
    try {
      if (pool) {
        client = await pool.connect();
        // 'connect' and 'acquire' fired just before this promise settled: name their request.
        for (let i = seen.length - 1; i >= 0 && seen[i].req === undefined && seen[i].conn === idOf(client); i--)
          seen[i] = { ...seen[i], req };
      } else {
        client = new NumberedClient({ ...conf, connectionTimeoutMillis: 0 });
        await client.connect();
        seen.push({ type: 'client.connected', conn: idOf(client), req });
      }
    } catch (err) {
      failed(req, err);
      return;
    }
    clientsById.set(idOf(client), client);
    try {
      await client.query('select pg_sleep($1)', [(serviceMs * SCALE) / 1000]);
    } catch (err) {
      // The backend was terminated under the query: give the client back with the error.
      if (pool) {
        releasing = req;
        (client as pg.PoolClient).release(err as Error);
        releasing = 0;
      }
      failed(req, err);
      return;
    }
    if (leak) return;
    if (pool) {
      releasing = req;
      (client as pg.PoolClient).release();
      releasing = 0;
    } else {
      seen.push({ type: 'client.ended', conn: idOf(client), req });
      await client.end();
    }
  };
  const t0 = performance.now();
  const at = (ms: number) => sleep(Math.max(0, t0 + ms * SCALE - performance.now()));
  const work: Promise<void>[] = c.arrivals.map((a, i) => at(a.atMs).then(() => request(i + 1, a.serviceMs, a.leak === true)));
  if (c.terminate) {
    const { atMs, conn } = c.terminate;
    work.push(
      at(atMs).then(async () => {
        const target = clientsById.get(conn) as pg.Client & { processID: number };
        await admin.query('select pg_terminate_backend($1)', [target.processID]);
      }),
    );
  }
  await Promise.all(work);
  await at(c.endMs);
  const result = seen.slice();
  // Tear down without recording: leaked clients are released here only so the pool can end.
  for (const client of clientsById.values()) {
    const pc = client as pg.PoolClient & { _ending?: boolean };
    if (pool && !pc._ending) {
      try {
        pc.release(true);
      } catch {
        /* released already */
      }
    }
  }
  if (pool) await pool.end().catch(() => undefined);
  else for (const client of clientsById.values()) await client.end().catch(() => undefined);
  for (const o of occupiers) await o.end();
  return result;
}

let cluster: Cluster | null = null;
const real = new Map<string, Seen[]>();

beforeAll(async () => {
  cluster = await startCluster({ max_connections: String(MAX_CONNECTIONS), superuser_reserved_connections: '0', max_wal_senders: '0' });
  for (const c of CASES) real.set(c.name, await runReal(cluster, c));
}, 60_000);

afterAll(() => cluster?.stop());

describe('When the same arrival script runs through node-postgres on PostgreSQL 15 and on the engine', () => {
  for (const c of CASES) {
    it(`${c.name}: the same pool events, in the same order, and the same failed requests`, () => {
      const engine = runEngine(c);
      const postgres = real.get(c.name);
      expect(postgres, 'the real run happened').toBeDefined();
      const line = (s: Seen[]) =>
        s.map((e) => `${e.type} c${e.conn ?? '-'} r${e.req ?? '-'}${e.code ? ` ${e.code}: ${e.message}` : ''}`).join('\n');
      expect(line(engine)).toEqual(line(postgres ?? []));
    });
  }

  it('the scripts exercise what they claim: queue timeouts (one while a client connects), 53300 in each mode, an error event, a terminated query, idle removal', () => {
    const all = CASES.flatMap((c) => runEngine(c));
    expect(all.filter((e) => e.type === 'request.failed' && e.code === 'timeout')).toHaveLength(2);
    expect(all.filter((e) => e.type === 'request.failed' && e.code === '57P01')).toHaveLength(1);
    // The waiter that gave up is followed by its client connecting for nobody.
    const slow = runEngine(CASES[2]).map((e) => `${e.type} c${e.conn ?? '-'} r${e.req ?? '-'}`);
    expect(slow.slice(-4)).toEqual(['request.failed c- r2', 'pool.connected c2 r-', 'pool.acquired c2 r-', 'pool.released c2 r-']);
    expect(all.filter((e) => e.type === 'request.failed' && e.code === '53300')).toHaveLength(3);
    expect(all.filter((e) => e.type === 'pool.errored')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'pool.removed').length).toBeGreaterThanOrEqual(2);
  });
});
