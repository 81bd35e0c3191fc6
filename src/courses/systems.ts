import type { Course } from './types';

export const kademlia: Course = {
  id: 'kademlia',
  title: 'Peer-to-peer messaging with Kademlia',
  summary:
    'How peers find each other without a server: XOR distance, k-buckets, lookups that close in on a target, stored values, and what happens when nodes fail.',
  chapters: [
    {
      preset: 'kademlia-why-xor',
      title: 'Why XOR?',
      intro:
        'Kademlia measures the distance between two IDs as their XOR, read as a number. With eight 8-bit IDs you can read every bit: the distance is symmetric, a longer common prefix means a smaller distance, and from any node no two others are at the same distance.',
    },
    {
      preset: 'kademlia-five-peers',
      title: 'A message from B to E',
      intro:
        "The article's five peers on localhost, with 16-bit IDs from SHA-1 and buckets of k = 2. B does not know E, so it looks E up one peer at a time: C points to D and D points to E, each closer by XOR. Then B delivers the message straight to E.",
    },
    {
      preset: 'kademlia-full-bucket',
      title: 'A full k-bucket',
      intro:
        'A bucket holds at most k contacts, least recently seen first. When a newcomer meets a full bucket, B pings its oldest contact: one that answers stays and the newcomer goes to the replacement cache; one that stays silent is evicted.',
    },
    {
      preset: 'kademlia-lookup-1000',
      title: 'A lookup among 1,000 nodes',
      intro:
        'At scale: 160-bit IDs, buckets of k = 20 and α = 3 queries in parallel. One lookup reaches its target in 2 hops; then 1,000 random lookups all succeed in under 2 hops on average, far below log2(1000) ≈ 10.',
    },
    {
      preset: 'kademlia-store-find',
      title: 'Store a value, find it from elsewhere',
      intro:
        'STORE hashes the key with SHA-1 and puts the value on the 20 nodes closest to that ID. A FIND_VALUE from another node heads for the same place and stops at the first node that returns the value.',
    },
    {
      preset: 'kademlia-churn',
      title: 'Churn: 30% of the nodes fail',
      intro:
        '300 of 1,000 nodes go down without telling anyone. With 20 contacts per bucket, every lookup between live nodes still succeeds; dead contacts cost only timeouts, a few more RPCs per lookup.',
    },
    {
      preset: 'kademlia-hops-log2n',
      title: 'Hops grow like log2(N)',
      intro:
        'Networks from 64 to 16,384 nodes, 300 lookups in each. Mean hops climb by a constant step each time the network quadruples, and stay far below log2(N) because each hop fixes several bits of the target at once.',
    },
  ],
  tryNext:
    'Fork a chapter at scale: take 30% of the nodes down, let a new node join or store a value, then run the lookups again. The churn sweep compares buckets of k = 20 with k = 4.',
  alsoTry: ['kademlia-churn-sweep', 'kademlia-100k'],
};

export const pooling: Course = {
  id: 'pooling',
  title: 'Connection pooling',
  summary:
    'Why applications pool their database connections, and the three ways a pool goes wrong: too small, too large, and a client never released.',
  chapters: [
    {
      preset: 'pool-no-pool',
      title: 'A new connection per request',
      intro:
        '400 requests per second, each a query of about 2 ms, and no pool: every request opens its own connection, with a TCP handshake, authentication and a forked backend. Watch each connection live for one request, and the set-up cost added to every latency.',
    },
    {
      preset: 'pool-of-10',
      title: 'A pool of 10',
      intro:
        'The same traffic through a pool of at most 10 clients. The first requests open a few connections; after that a request takes an idle client and pays no set-up cost. Compare the latency with the run without a pool drawn beside it.',
    },
    {
      preset: 'pool-spike',
      title: 'A traffic spike',
      intro:
        '3,000 extra requests in 300 ms reach a pool of 20. The pool queues them and works through the queue; the same arrivals without a pool each ask the server for a backend, and past 100 at once it refuses them. Waiting instead of errors.',
    },
    {
      preset: 'pool-too-small',
      title: 'A pool too small',
      intro:
        'Two clients can serve about 667 requests per second and 800 arrive. The excess waits in a FIFO queue, and waiters past connectionTimeoutMillis (200 ms) fail, while the server still has room for 98 more connections.',
    },
    {
      preset: 'pool-too-large',
      title: 'A pool too large',
      intro:
        'A pool of 150 in front of a server whose max_connections is 100. 200 report queries arrive at once: the first 100 connect, the rest are refused with 53300, and the pool, never full, queues none of them.',
    },
    {
      preset: 'pool-leak',
      title: 'A forgotten release',
      intro:
        'One code path never calls client.release(). Each time it runs, a client stays checked out for good; after five runs the pool of 5 has none left, and every request waits and times out while the server’s backends sit idle.',
    },
    {
      preset: 'pool-idle-timeout',
      title: 'Idle clients are closed',
      intro:
        'A burst of 10 slow queries leaves 10 idle clients. Light traffic keeps reusing the most recently released ones; the others pass idleTimeoutMillis (1,000 ms here) and are closed, and their backends exit on the server.',
    },
  ],
  tryNext:
    'Fork a pooling chapter at any step: add a burst of 20 requests, a request that is never released, or pg_terminate_backend on an idle connection, and watch the pool react.',
  alsoTry: [],
};
