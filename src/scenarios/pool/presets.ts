import type { Action, Expected, Options } from '../../engine/pool/schema';
import type { Scenario } from '../../engine/scenario/schema';

/** A Connection pooling scenario (the `pool` variant of the scenario schema). */
export interface PoolScenario {
  v: 1;
  lab: 'pool';
  title: string;
  seed: number;
  preset: string;
  /** What the preset shows and what to watch (step 0 shows it). */
  goal: string;
  options: Options;
  steps: { do: Action; say: string; ask?: { q: string; about: string } }[];
  expect: Expected;
}

const advance = (ms: number, say: string) => ({ do: { type: 'advance', ms } as Action, say });
/** A step that asks the viewer first; `about` names the probe that grades it (engine/questions). */
const asking = (st: { do: Action; say: string }, q: string, about: string) => ({ ...st, ask: { q, about } });

/** The same traffic for "a new connection per request" and "a pool of 10": 400 requests/s of about 2 ms. */
const steadyTraffic = (pooled: boolean): PoolScenario['steps'] => [
  {
    do: { type: 'rate', perSecond: 400, serviceMs: 2, distribution: 'exponential' },
    say: pooled
      ? 'The same 400 requests per second, but through a pool of at most 10 clients. The first requests find the pool empty, so each of them opens a connection, once.'
      : 'Application clients send 400 requests per second, each a query of about 2 ms. Without a pool, every request opens its own connection: TCP handshake, startup and authentication, the postmaster forks a backend. On the machine this lab was calibrated on, that costs 2 ms, some 80 times a small query.',
  },
  advance(
    20,
    pooled
      ? 'A few clients were opened while the first requests overlapped. From now on a request that arrives takes an idle client from the pool (the most recently released one) and pays no connection cost at all.'
      : 'Every swimlane is one connection: connecting (hatched), busy with its one query, then closed. None lives longer than its request.',
  ),
  advance(
    200,
    pooled
      ? 'The pool holds a handful of clients, most of them idle between requests. The server sees the same few backends all along.'
      : 'Each request paid the connection set-up before its query could start: the latency is the query plus 2 ms. The server forks and tears down 400 backends per second.',
  ),
  advance(
    300,
    pooled
      ? 'Half a second in: hundreds of requests served on a few connections. Compare the latency percentiles with the run without a pool beside it: the same arrivals, the connection cost added to every request.'
      : 'Half a second in. The connection count on the server goes up and down with the traffic, and every request carries the set-up cost in its latency.',
  ),
  advance(
    500,
    pooled
      ? 'One second of traffic. The count of connections opened stays at what the overlapping requests needed, far below the number of requests, and the clients stay open for the next ones (idleTimeoutMillis is 10 s by default).'
      : 'One second: one connection opened per request, about 400 of them, and nothing stays open: the next request will pay the full connection cost again.',
  ),
];

const perRequest: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'A new connection per request',
  seed: 7,
  preset: 'pool-no-pool',
  goal: 'Without a pool, every request pays for a new connection, which here costs as much as the query itself. Watch one connection opened per request and the latency it adds.',
  options: { pooled: false, windowMs: 40, bucketMs: 50 },
  steps: steadyTraffic(false),
  expect: { arrived: { min: 380, max: 440 }, opened: { min: 380, max: 440 }, refused: 0, p50Ms: { min: 3, max: 4.5 } },
};

const poolOf10: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'A pool of 10',
  seed: 7,
  preset: 'pool-of-10',
  goal: 'A pool reuses a few connections for many requests. Watch the count of connections opened stay small beside the same traffic without a pool, and the latency drop.',
  options: { pool: { max: 10 }, compare: true, windowMs: 40, bucketMs: 50 },
  steps: steadyTraffic(true),
  expect: {
    arrived: { min: 380, max: 440 },
    opened: { max: 10 },
    p50Ms: { max: 2 },
    clients: { min: 1, max: 10 },
    withoutPool: { opened: { min: 380 }, p50Ms: { min: 3 } },
  },
};

const tooSmall: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'Pool too small: requests queue',
  seed: 3,
  preset: 'pool-too-small',
  goal: 'A pool too small for its traffic makes requests queue, and those that wait past connectionTimeoutMillis fail. Watch the queue grow and the timeouts appear: they are the lesson.',
  options: { pool: { max: 2, connectionTimeoutMillis: 200 }, windowMs: 100, bucketMs: 50 },
  steps: [
    {
      do: { type: 'rate', perSecond: 800, serviceMs: 3 },
      say: 'A pool of 2 for 800 requests per second of 3 ms each: the two clients can serve at most 2 / 3 ms ≈ 667 per second. connectionTimeoutMillis is 200 ms.',
    },
    advance(
      50,
      'Both clients are always busy. A request that finds no idle client and no room for a new one joins the FIFO queue of waiting requests.',
    ),
    advance(
      250,
      'The queue grows by about 130 requests per second: every release hands the client straight to the oldest waiter, so the waiting time keeps growing.',
    ),
    advance(
      300,
      'The oldest waiter has waited about 100 ms (connectionTimeoutMillis is 200 ms): every request now spends far longer waiting for a client than running its query.',
    ),
    advance(
      700,
      'Waiting times have passed connectionTimeoutMillis: the oldest waiters are rejected with "timeout exceeded when trying to connect", even though the server has room for 98 more connections. The queue stops growing once as many requests time out as the pool cannot serve.',
    ),
    { do: { type: 'rate', perSecond: 0, serviceMs: 3 }, say: 'The traffic stops.' },
    advance(
      400,
      'The pool works through the queue; waiters whose turn comes too late still time out. A bigger pool (the server allows 100 connections) would have served this traffic without a queue.',
    ),
  ],
  expect: { peakWaiting: { min: 60 }, timedOut: { min: 20 }, opened: 2, peakBackends: 2, waiting: 0, p99Ms: { min: 150 } },
};

const tooLarge: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'Pool too large: the server runs out of connections',
  seed: 4,
  preset: 'pool-too-large',
  goal: "A pool sized above the server's max_connections: does it add capacity? Watch the pool's clients beside the server's backends, and predict how many connections the server accepts.",
  options: { pool: { max: 150 }, server: { max_connections: 100 }, windowMs: 200, bucketMs: 20, lanes: 24 },
  steps: [
    {
      do: { type: 'burst', count: 200, serviceMs: 50, overMs: 20 },
      say: 'The pool allows 150 clients, "to be safe", but the server\'s max_connections is 100. 200 report queries of 50 ms arrive within 20 ms.',
    },
    advance(5, 'The pool is not full, so each request starts a new client: every one of them is a connection attempt on the server.'),
    asking(
      advance(
        20,
        'From the 101st connection on, the new backend finds no free slot and the server answers "sorry, too many clients already" (SQLSTATE 53300). node-postgres drops the client and rejects that acquire with the server\'s error: no pool event, no retry. The pool never fills up (a refused client leaves it at once), so no request waits: each of the last 100 tries its own connection and gets the error.',
      ),
      'The pool allows 150 clients. How many connections will the server have?',
      'serverConnections',
    ),
    advance(
      100,
      'The first 100 requests finish and their clients go idle. Half of the report failed while the pool thought it had room to spare: a pool of at most 100 (or less, leaving room for other applications and maintenance) would have queued those requests instead.',
    ),
  ],
  expect: { refused: 100, peakBackends: 100, completed: 100, opened: 100, peakWaiting: 0 },
};

const leak: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'A forgotten release drains the pool and requests time out',
  seed: 5,
  preset: 'pool-leak',
  goal: "A code path that never releases its client drains the pool until every request times out. Watch the leaked clients pile up while the server's backends sit idle.",
  options: { pool: { max: 5, connectionTimeoutMillis: 300 }, windowMs: 400, bucketMs: 50 },
  steps: [
    {
      do: { type: 'rate', perSecond: 100, serviceMs: 5 },
      say: 'A pool of 5 serves 100 requests per second of 5 ms: one or two clients are enough.',
    },
    advance(200, 'All is well: requests acquire a client, run their query, release it.'),
    {
      do: { type: 'request', serviceMs: 5, leak: true },
      say: 'One code path forgets client.release() (an early return on an error branch, say). Its query succeeds, but the client is never given back.',
    },
    advance(200, 'That client is checked out forever: the pool counts it, nobody uses it.'),
    {
      do: { type: 'script', arrivals: [0, 50, 100, 150].map((atMs) => ({ atMs, serviceMs: 5, leak: true })) },
      say: 'The same code path runs four more times.',
    },
    asking(
      advance(300, 'All 5 clients are leaked. The pool is full, nothing will ever be released, so every new request waits in the queue.'),
      'Four more requests leaked their client. How many clients does the pool hold now?',
      'poolClients',
    ),
    advance(
      400,
      'After connectionTimeoutMillis (300 ms) each waiter is rejected with "timeout exceeded when trying to connect". The server is idle: 5 backends doing nothing. Only a restart, or finding the missing release(), brings the service back.',
    ),
  ],
  expect: { leaked: 5, clients: 5, timedOut: { min: 15 }, waiting: { min: 20 }, completed: { min: 20 } },
};

const idle: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'Idle clients are closed after idleTimeoutMillis',
  seed: 6,
  preset: 'pool-idle-timeout',
  goal: "After a burst, a pool closes clients idle for longer than idleTimeoutMillis and shrinks back. Watch the remove events, and the server's backends exit with them.",
  options: { pool: { max: 10, idleTimeoutMillis: 1000 }, windowMs: 2500, bucketMs: 100 },
  steps: [
    {
      do: { type: 'burst', count: 10, serviceMs: 50 },
      say: 'A burst of 10 slow queries opens 10 clients at once (idleTimeoutMillis is 1,000 ms here; node-postgres defaults to 10,000).',
    },
    advance(100, 'The queries are done and the 10 clients are idle. Each idle client starts its idle timer when it is released.'),
    { do: { type: 'rate', perSecond: 20, serviceMs: 5 }, say: 'Light traffic now: 20 requests per second.' },
    advance(
      500,
      'The idle list is a stack: a request takes the most recently released client, so the same one or two clients do all the work and their idle timers keep restarting.',
    ),
    advance(300, 'The other eight clients have not been used since the burst; their idle timers are about to fire.'),
    asking(
      advance(
        1000,
        'Each of them has been idle for a full second: the pool closes them ("remove" events) and their backends exit on the server. One of the two busy clients goes too, a second after its last query. The pool has shrunk to what the traffic needs; it grows again on the next burst, paying the connection cost once per new client.',
      ),
      'Another second of light traffic (idleTimeoutMillis = 1,000 ms). How many clients will the pool hold?',
      'poolClients',
    ),
  ],
  expect: { removed: { min: 7 }, clients: { max: 3 }, opened: 10, backends: { max: 3 } },
};

const spike: PoolScenario = {
  v: 1,
  lab: 'pool',
  title: 'A traffic spike',
  seed: 8,
  preset: 'pool-spike',
  goal: 'In a traffic spike a pool turns the excess into waiting, while without a pool the server refuses it. Watch the queue grow and drain beside the refusals of the run without a pool.',
  options: { pool: { max: 20, connectionTimeoutMillis: 2000 }, compare: true, windowMs: 200, bucketMs: 50, lanes: 20 },
  steps: [
    {
      do: { type: 'rate', perSecond: 300, serviceMs: 10 },
      say: 'A steady 300 requests per second of 10 ms, through a pool of 20; beside it, the same arrivals without a pool.',
    },
    advance(300, 'Calm: a few clients busy, no queue. Without a pool, each request pays the connection cost but the server keeps up.'),
    {
      do: { type: 'burst', count: 3000, serviceMs: 10, overMs: 300 },
      say: '3,000 extra requests in 300 ms: 10,000 per second on top of the steady traffic.',
    },
    advance(
      100,
      'The pool opens its 20 clients and queues the rest. Without a pool, every request asks the server for a backend of its own, and past 100 at once the server refuses.',
    ),
    advance(
      200,
      'The burst is over: some 2,500 requests wait in the pool\'s queue, while without a pool about 125 were refused with "sorry, too many clients already". The pool never asked for more than 20 connections; its queue absorbed the spike.',
    ),
    advance(500, 'The pool works through its queue 20 queries at a time; requests wait, but none has failed.'),
    advance(
      1200,
      'The queue has drained and latency is back to normal. The pool turned the spike into waiting; without it, part of the spike became errors.',
    ),
  ],
  expect: { refused: 0, timedOut: 0, peakWaiting: { min: 1000 }, waiting: 0, peakBackends: 20, withoutPool: { refused: { min: 100 } } },
};

const ALL: PoolScenario[] = [perRequest, poolOf10, tooSmall, tooLarge, leak, idle, spike];

/** The Connection pooling lab's presets, in gallery order. */
export const poolPresets: (Scenario & { lab: 'pool'; preset: string })[] = ALL;

/** Gallery card text per preset id. */
export const poolCards: Record<string, { teaser: string; tags: readonly string[] }> = {
  'pool-no-pool': {
    teaser: '400 requests a second, 400 connections a second: 2 ms of set-up before every 2 ms query.',
    tags: ['connection cost', 'backend fork', 'latency'],
  },
  'pool-of-10': {
    teaser: 'The same traffic on a few reused connections, side by side with no pool.',
    tags: ['node-postgres Pool', 'reuse', 'side by side'],
  },
  'pool-too-small': {
    teaser: 'Two clients for 800 requests a second: the queue grows until requests time out.',
    tags: ['waiting queue', 'connectionTimeoutMillis', 'FIFO'],
  },
  'pool-too-large': {
    teaser: 'max 150 against max_connections 100: the server answers 53300.',
    tags: ['max_connections', '53300', 'sizing'],
  },
  'pool-leak': {
    teaser: 'A code path that never calls release(): five leaks and the service stops.',
    tags: ['leak', 'release()', 'timeouts'],
  },
  'pool-idle-timeout': {
    teaser: 'After a burst the pool shrinks back: idle clients are closed one by one.',
    tags: ['idleTimeoutMillis', 'remove', 'LIFO'],
  },
  'pool-spike': {
    teaser: '3,000 extra requests in 300 ms: the pool queues them, without it the server refuses.',
    tags: ['spike', 'queue', '53300'],
  },
};
