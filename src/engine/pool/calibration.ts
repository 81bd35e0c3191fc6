/**
 * Default costs of the Connection pooling lab, measured on a real PostgreSQL by
 * `npm run calibrate:pool -- --seconds 3 --rounds 5` (scripts/calibrate-pool.ts) on
 * 2026-11-24: PostgreSQL 15.18 (Debian 15.18-0+deb12u1), 2-core Intel Xeon virtual machine
 * shared with other work, client and server on the same machine, `pgbench -S -c 1` (scale 1)
 * with and without `-C`, median of 5 rounds of 3 s (the rounds' spread in brackets):
 *
 * | transport         | query on a held connection  | new connection per query   | difference |
 * | ----------------- | --------------------------- | -------------------------- | ---------- |
 * | TCP 127.0.0.1     | 0.024 ms (0.018–0.085)      | 2.016 ms (1.864–3.637)     | 1.992 ms   |
 * | Unix socket       | 0.016 ms (0.015–0.040)      | 3.155 ms (1.950–3.229)     | 3.139 ms   |
 *
 * node-postgres on the same cluster (TCP): a new Client, connect, query, end: 4.165 ms
 * (3.046–6.609); pool.query() on a warm pool: 0.052 ms (0.046–0.058).
 *
 * The difference is what a connection costs to set up and tear down. pgbench cannot split
 * it, so the lab splits it by the protocol: one round trip for the TCP handshake, one for
 * the startup packet and AuthenticationOk (trust; SCRAM adds two more), and the rest is the
 * postmaster forking a backend and the backend initialising (InitPostgres: catalog caches,
 * the PGPROC slot). The loopback round trip is taken as half the held-connection query
 * (12 µs), the primary-key SELECT's execution as the other half.
 */

/** Round trip between the application and the server, in µs (loopback). */
export const DEFAULT_RTT_US = 12;
/** Round trips of startup and authentication after the TCP handshake (trust: 1; SCRAM-SHA-256: 3). */
export const DEFAULT_AUTH_ROUND_TRIPS = 1;
/** Fork of the backend by the postmaster and backend initialisation, in µs: 1,992 − 2 × 12. */
export const DEFAULT_BACKEND_START_US = 1968;
