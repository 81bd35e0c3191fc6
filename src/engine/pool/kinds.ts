/** Event kinds in the simulation's heap, the per-step log's cap, and node-postgres' and PostgreSQL's messages. */

/** Event kinds in the heap. */
export const K = {
  rateArrival: 1,
  oneArrival: 2,
  loopArrival: 3,
  backendStarted: 4,
  ready: 5,
  connectTimeout: 6,
  queryDone: 7,
  pendingTimeout: 8,
  idleTimeout: 9,
  backendExit: 10,
  refused: 11,
  removed: 12,
} as const;

/** Events kept per step (and as many failures, errors and removals past it); the rest are counted in an `events.dropped` event. */
export const LOG_CAP = 300;
/** Swimlane entries kept per connection (two per segment). */
export const SEGS_KEPT = 400;

export const MSG = {
  queueTimeout: 'timeout exceeded when trying to connect',
  connectTimeout: 'Connection terminated due to connection timeout',
  /** pg.Client's own connectionTimeoutMillis timer, without a pool. */
  clientTimeout: 'timeout expired',
  tooMany: 'sorry, too many clients already',
  terminated: 'terminating connection due to administrator command',
} as const;
