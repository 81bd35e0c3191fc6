/**
 * Default costs of the Connection pooling lab, measured on a real PostgreSQL by
 * `npm run calibrate:pool` (scripts/calibrate-pool.ts) on 2026-11-24: PostgreSQL 15.18
 * (Debian 15.18-0+deb12u1), 2-core Intel Xeon virtual machine, client and server on the
 * same machine, `pgbench -S -c 1 -T 5` (scale 1) with and without `-C`:
 *
 * | transport         | query on a held connection | new connection per query | difference |
 * | ----------------- | -------------------------- | ------------------------ | ---------- |
 * | TCP 127.0.0.1     | 0.084 ms (11,947 tps)      | 1.906 ms (525 tps)       | 1.822 ms   |
 * | Unix socket       | 0.082 ms (12,223 tps)      | 1.928 ms (519 tps)       | 1.846 ms   |
 *
 * The difference is what a connection costs to set up and tear down. pgbench cannot
 * split it, so the lab splits it by the protocol: one round trip for the TCP handshake,
 * one for the startup packet and AuthenticationOk (trust; SCRAM adds two more), and the
 * rest is the postmaster forking a backend and the backend initialising (InitPostgres:
 * catalog caches, the PGPROC slot). The round trip on the loopback is taken as 40 µs and
 * the primary-key SELECT's execution as the rest of the 84 µs.
 */
export const CALIBRATION = {
  measuredAt: '2026-11-24',
  machine: '2 cores (Intel Xeon, virtual), PostgreSQL 15.18, client and server on one machine, TCP 127.0.0.1',
  /** pgbench -S, one client, a held connection: average latency per transaction (ms). */
  heldConnectionQueryMs: 0.084,
  /** pgbench -S -C, one client, a new connection per transaction (ms). */
  newConnectionQueryMs: 1.906,
} as const;

/** Round trip between the application and the server, in µs (loopback). */
export const DEFAULT_RTT_US = 40;
/** Round trips of startup and authentication after the TCP handshake (trust: 1; SCRAM-SHA-256: 3). */
export const DEFAULT_AUTH_ROUND_TRIPS = 1;
/** Fork of the backend by the postmaster and backend initialisation, in µs: 1,822 − 2 × 40. */
export const DEFAULT_BACKEND_START_US = 1742;
/** Execution of the primary-key SELECT on the server, in µs: 84 − 40. */
export const DEFAULT_SERVICE_US = 44;
