/** Gallery cards for the transactions presets (teaser and tags by preset id), for src/scenarios/index.ts. */
export const transactionsCards: Record<string, { readonly teaser: string; readonly tags: readonly string[] }> = {
  'txn-dirty-read-textbook': {
    teaser: 'Textbook READ UNCOMMITTED: s2 acts on a value that is rolled back (G1a). Not PostgreSQL.',
    tags: ['dirty read', 'read uncommitted', 'G1a'],
  },
  'txn-no-dirty-read': {
    teaser: 'The same steps in PostgreSQL: the snapshot hides the in-progress xid.',
    tags: ['MVCC', 'snapshot', 'xmin'],
  },
  'txn-lost-update-rc': {
    teaser: 'Both read 0, both write 1: one increment vanishes under Read Committed.',
    tags: ['lost update', 'read committed', 'G-single'],
  },
  'txn-nonrepeatable-read-rr': {
    teaser: 'One snapshot for the whole transaction: the second read still says 100.',
    tags: ['repeatable read', 'snapshot', 'non-repeatable read'],
  },
  'txn-phantom-rr': {
    teaser: 'John (35) is inserted and committed, yet the second "age > 30" query does not see him.',
    tags: ['phantom', 'repeatable read', 'xip'],
  },
  'txn-coupon-serializable': {
    teaser: 'Two redemptions of a single-use coupon: SSI rolls one back.',
    tags: ['serializable', 'SSI', 'rw-antidependency'],
  },
  'txn-check-oversell': {
    teaser: 'The last paella pan, sold twice: CHECK (stock >= 0) stops the second sale.',
    tags: ['CHECK', 'row lock', 'EvalPlanQual'],
  },
  'txn-cascade': {
    teaser: 'A user and her orders disappear in one transaction, or not at all.',
    tags: ['foreign key', 'ON DELETE CASCADE', 'atomicity'],
  },
  'txn-recipe-for-update': {
    teaser: 'Lock the recipe row first and the ingredient count stays right.',
    tags: ['SELECT FOR UPDATE', 'row lock', 'waits'],
  },
  'txn-write-skew': {
    teaser: 'Two doctors each check the other is on call, and both leave (G2-item).',
    tags: ['write skew', 'repeatable read', 'G2-item'],
  },
  'txn-deadlock': {
    teaser: 'Two transfers lock rows in opposite order; the detector cancels one.',
    tags: ['deadlock', 'row lock', '40P01'],
  },
  'txn-unique-race': {
    teaser: 'Two sign-ups, one email: the second insert waits, then hits the unique key.',
    tags: ['unique index', 'waits', '23505'],
  },
};
