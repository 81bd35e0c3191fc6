import type { Meter } from '../core/budget';
import type { RngState } from '../core/rng';
import type { EventHeap } from './heap';
import type { IdleTimers } from './idle';
import type { History } from './stats';

/** A connection's state on its swimlane, as a small integer in the hot loop. */
export const ConnState = { connecting: 0, busy: 1, idle: 2, closed: 3, leaked: 4 } as const;
export type ConnStateCode = (typeof ConnState)[keyof typeof ConnState];
export const CONN_STATE_NAMES = ['connecting', 'busy', 'idle', 'closed', 'leaked'] as const;
export type ConnStateName = (typeof CONN_STATE_NAMES)[number];

/** Where a request is. */
export const ReqState = { waiting: 0, connecting: 1, running: 2, done: 3, failed: 4 } as const;

/** Settings of one simulation, in µs. */
export interface SimConfig {
  /** With node-postgres' Pool (true) or a new Client per request (false). */
  readonly pooled: boolean;
  readonly max: number;
  /** 0: idle clients are never closed. */
  readonly idleTimeoutUs: number;
  /** 0: no timeout (node-postgres' default). */
  readonly connectionTimeoutUs: number;
  readonly maxConnections: number;
  readonly rttUs: number;
  readonly authRoundTrips: number;
  readonly backendStartUs: number;
  /** Connections kept for the swimlanes, and the time they show. */
  readonly lanes: number;
  readonly windowUs: number;
}

export interface Req {
  id: number;
  slot: number;
  arrival: number;
  serviceUs: number;
  leak: boolean;
  state: number;
  /** Connection slot while it holds one, else -1. */
  conn: number;
  /** Closed-loop client index, or -1 for open arrivals. */
  client: number;
  /** Went through the pool's queue (its connectionTimeoutMillis timer is armed). */
  queued: boolean;
  /** Its acquire was rejected by that timer while a client was still connecting for it. */
  timedOut: boolean;
}

export interface Conn {
  id: number;
  slot: number;
  state: ConnStateCode;
  /** Request slot it serves, or -1. */
  req: number;
  /** Request id it serves (for the lanes), or 0. */
  reqId: number;
  /** Generation of its idle timer; -1 when none runs. */
  idleGen: number;
  /** Its idle timer's due time (µs) and sequence number in the event queue, while idle (idle.ts). */
  idleDue: number;
  idleOrder: number;
  /** Holds a server backend (a PGPROC slot counted against max_connections). */
  backend: boolean;
  openedAt: number;
  /** Swimlane: [state, fromUs, state, fromUs, ...], the newest last, trimmed. */
  segs: number[];
}

/** An event of the simulation, as the UI and the tests read it: node-postgres' Pool events ('connect', 'acquire', 'release', 'remove', 'error') in the past tense, a pg.Client's connect and end without a pool, failed requests. Times in ms. */
export type PoolEvent =
  | { type: 'pool.connected'; t: number; conn: number; req: number }
  | { type: 'pool.acquired'; t: number; conn: number; req: number }
  | { type: 'pool.released'; t: number; conn: number; req: number; error?: string }
  | { type: 'pool.removed'; t: number; conn: number; reason: 'idle' | 'error' }
  | { type: 'pool.errored'; t: number; conn: number; code: string; message: string }
  | { type: 'client.connected'; t: number; conn: number; req: number }
  | { type: 'client.ended'; t: number; conn: number; req: number }
  | { type: 'request.failed'; t: number; req: number; code: string; message: string }
  | { type: 'events.dropped'; count: number; byType: Record<string, number> }
  /** The traffic the scenario sends changed: steady arrivals per second (0 stops them). */
  | { type: 'rate.changed'; t: number; perSecond: number; serviceMs: number }
  /** A closed loop of application clients started, changed or stopped (count 0). */
  | { type: 'clients.changed'; t: number; count: number; thinkMs: number; serviceMs: number }
  /** One-off requests scheduled by this step (a burst, a script, one request): one event for all of them. */
  | { type: 'arrivals.scheduled'; t: number; count: number; lastAtMs: number; leaky: number };

/** One simulation: the pool (or none), the server and the traffic, on a µs clock. */
export interface Sim {
  cfg: SimConfig;
  /** Simulated events run and arrivals scheduled so far, against the lab's work budget (budget.ts). */
  work: Meter;
  now: number;
  heap: EventHeap;
  /** pg-pool's idle timers: one event in the heap for the oldest idle client, and the meter's count. */
  idleTimers: IdleTimers;
  rng: RngState;
  gen: number;
  reqs: (Req | null)[];
  freeReqs: number[];
  /** Records of requests that are over, for the next ones (pool.ts). */
  spareReqs: Req[];
  nextReqId: number;
  conns: (Conn | null)[];
  freeConns: number[];
  nextConnId: number;
  /** Closed connections, newest last, for the swimlanes. */
  closedLanes: Conn[];
  /** node-postgres' _clients.length: connecting, checked out and idle clients. */
  clients: number;
  /** node-postgres' _idle as a stack of connection slots (pop takes the newest). */
  idle: number[];
  /** node-postgres' _pendingQueue: (request slot, request id) pairs, FIFO; timed-out ones are skipped lazily. */
  pending: number[];
  pendingHead: number;
  waiting: number;
  /** Server backends holding a slot against max_connections. */
  backends: number;
  rate: { perSecond: number; serviceUs: number; exponential: boolean; gen: number };
  loop: { count: number; thinkUs: number; serviceUs: number; exponential: boolean; gen: number };
  counters: Counters;
  latency: Uint32Array;
  history: History;
  /** Events of the current step (capped), and how many were left out. */
  log: PoolEvent[];
  dropped: number;
  /** The dropped ones by type ('request.failed <code>' for failures). */
  droppedTypes: Record<string, number>;
  /** Emit per-request events (off in benchmarks). */
  trace: boolean;
}

export interface Counters {
  arrived: number;
  completed: number;
  timedOut: number;
  refused: number;
  /** Requests failed by a terminated backend. */
  failed: number;
  /** Connections that reached ReadyForQuery. */
  opened: number;
  /** Connections attempted (including refused and timed out). */
  attempts: number;
  removed: number;
  poolErrors: number;
  leaked: number;
  peakBackends: number;
  peakWaiting: number;
  peakClients: number;
  /** Sum of latencies (µs) of completed requests. */
  latencySumUs: number;
  /** Sum of time spent waiting in the pool's queue (µs) by requests that got a client. */
  waitSumUs: number;
}
