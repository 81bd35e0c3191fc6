import type { ScenarioOf } from '../../engine/scenario/schema';
import type { Action, Expected, Options } from '../../engine/two-phase-commit/types';

/** A preset: a Two-phase commit scenario with an id, words for every step and an expected outcome. */
type TwopcPreset = ScenarioOf<'two-phase-commit'> & { preset: string; steps: { do: Action; say: string }[]; expect: Expected };

/** Two banks: alice's account at bank_a, bob's at bank_b, a balance that may not go below zero. */
const BANKS: Options = {
  participants: [
    { name: 'bank_a', rows: { alice: 100 }, min: 0 },
    { name: 'bank_b', rows: { bob: 50 }, min: 0 },
  ],
  latency: { min: 5, max: 20 },
  timeout: 200,
};

const say = (action: Action, text: string) => ({ do: action, say: text });
const deliverTo = (to: string, text: string) => say({ type: 'deliver', to }, text);
const deliverFrom = (from: string, text: string) => say({ type: 'deliver', from }, text);
/** A step that asks the viewer first; `about` names the probe that grades it (engine/questions). */
const asking = <St extends { do: Action; say: string }>(st: St, q: string, about: string) => ({ ...st, ask: { q, about } });

/** 30 from alice (bank_a) to bob (bank_b): one global transaction, a local transaction on each bank. */
const transfer = say(
  {
    type: 'begin',
    gid: 'tx1',
    writes: [
      { node: 'bank_a', key: 'alice', add: -30 },
      { node: 'bank_b', key: 'bob', add: 30 },
    ],
  },
  'The application moves 30 from alice at bank_a to bob at bank_b. Each bank runs its half as an ordinary local transaction with its own xid; each UPDATE writes a WAL record (not flushed yet) and locks its row.',
);
const commit = say(
  { type: 'commit', gid: 'tx1' },
  "The application asks the coordinator to commit tx1. Phase one: it sends PREPARE TRANSACTION 'tx1' to both banks and waits for their votes.",
);
const prepareA = deliverTo(
  'bank_a',
  'PREPARE reaches bank_a. It writes a PREPARE record holding the transaction’s state and its lock on alice, flushes the WAL, and only then votes yes: from now on it can commit even after a crash.',
);
const prepareB = deliverTo(
  'bank_b',
  'PREPARE reaches bank_b: the same there. Both banks are now prepared, and tx1 shows up in their pg_prepared_xacts.',
);

const yesVotes = [
  prepareA,
  prepareB,
  deliverFrom('bank_a', 'bank_a’s yes reaches the coordinator. One vote is missing.'),
  deliverFrom(
    'bank_b',
    'The last yes arrives. The coordinator writes COMMIT for tx1 to its own log and forces it to disk before telling anyone: that record is the decision.',
  ),
];

export const twopcPresets: TwopcPreset[] = [
  {
    v: 1,
    lab: 'two-phase-commit',
    title: 'Everyone votes yes',
    seed: 11,
    preset: '2pc-everyone-votes-yes',
    goal: 'Two-phase commit makes a transfer between two databases all or nothing: both prepare, then the coordinator logs COMMIT and tells them. Watch the yes votes, the forced COMMIT record, then COMMIT PREPARED on each bank.',
    options: BANKS,
    steps: [
      transfer,
      commit,
      ...yesVotes,
      deliverTo(
        'bank_a',
        "COMMIT PREPARED 'tx1' reaches bank_a: a COMMIT_PREPARED record, flushed; alice’s new balance becomes visible and her row lock is released.",
      ),
      deliverTo('bank_b', 'bank_b commits too. Both banks answered “done” to the coordinator.'),
      say(
        { type: 'run' },
        'The answers arrive; the coordinator writes END for tx1, lazily: nothing depends on it reaching the disk. 30 moved, all or nothing, across two databases.',
      ),
    ],
    expect: {
      outcomes: { tx1: 'committed' },
      rows: { bank_a: { alice: 70 }, bank_b: { bob: 80 } },
      locked: { bank_a: [], bank_b: [] },
      decisions: { tx1: 'commit' },
      ended: ['tx1'],
      inFlight: 0,
    },
  },
  {
    v: 1,
    lab: 'two-phase-commit',
    title: 'One participant votes no: everyone rolls back',
    seed: 12,
    preset: '2pc-one-votes-no',
    goal: "Two-phase commit across two banks, where bank_b's UPDATE breaks its CHECK before PREPARE. Watch each participant's vote reach the coordinator, and predict what it decides for tx1.",
    options: BANKS,
    steps: [
      say(
        {
          type: 'begin',
          gid: 'tx1',
          writes: [
            { node: 'bank_a', key: 'alice', add: 80 },
            { node: 'bank_b', key: 'bob', add: -80 },
          ],
        },
        'This time 80 goes from bob at bank_b to alice at bank_a. bank_a’s half runs fine; bank_b’s UPDATE fails: bob has only 50 and CHECK (balance >= 0) refuses -30 (SQLSTATE 23514). bank_b’s transaction is now in the aborted state.',
      ),
      say(
        { type: 'commit', gid: 'tx1' },
        "The application asks the coordinator to commit anyway: PREPARE TRANSACTION 'tx1' goes to both banks.",
      ),
      deliverTo('bank_a', 'bank_a prepares: PREPARE record flushed, lock on alice kept, vote yes.'),
      deliverTo(
        'bank_b',
        'At bank_b, PREPARE TRANSACTION after an error does what ROLLBACK does: the transaction rolls back and the vote is no.',
      ),
      asking(
        deliverFrom(
          'bank_b',
          'The no vote reaches the coordinator: one no is enough. It decides ABORT and sends ROLLBACK PREPARED to bank_a. Presumed abort: the ABORT record is not even forced, since “no record” already means abort.',
        ),
        'bank_b’s vote reaches the coordinator. What does it decide for tx1?',
        'decision(tx1)',
      ),
      deliverFrom('bank_a', 'bank_a’s yes arrives late and changes nothing: the decision is made.'),
      deliverTo(
        'bank_a',
        "ROLLBACK PREPARED 'tx1' reaches bank_a: an ABORT_PREPARED record, flushed, and alice’s lock is released. Her balance never changed.",
      ),
      say({ type: 'run' }, 'bank_a’s answer arrives and the coordinator writes END. Neither bank kept anything: all or nothing.'),
    ],
    expect: {
      outcomes: { tx1: 'aborted' },
      rows: { bank_a: { alice: 100 }, bank_b: { bob: 50 } },
      locked: { bank_a: [], bank_b: [] },
      decisions: { tx1: 'abort' },
      ended: ['tx1'],
      inFlight: 0,
    },
  },
  {
    v: 1,
    lab: 'two-phase-commit',
    title: 'The coordinator crashes after PREPARE: participants are stuck in doubt, holding locks',
    seed: 13,
    preset: '2pc-coordinator-crash-in-doubt',
    goal: "If the coordinator crashes after PREPARE but before logging a decision, prepared participants are stuck in doubt, holding their locks. Watch tx2 wait behind tx1's locks until the coordinator restarts and rolls tx1 back.",
    options: BANKS,
    steps: [
      transfer,
      commit,
      prepareA,
      prepareB,
      say(
        { type: 'crash', node: 'coordinator' },
        'The coordinator crashes with both yes votes still on the wire. It had written nothing to its log: there was no decision yet.',
      ),
      say(
        { type: 'run' },
        'The votes reach a dead coordinator and are lost. Both banks are prepared and in doubt: they promised to commit if asked, so they may not roll back on their own, and they may not commit either. Their locks stay.',
      ),
      say(
        { type: 'tick', ms: 2000 },
        'Two seconds pass. Nothing happens: PostgreSQL never resolves a prepared transaction by itself. pg_prepared_xacts still lists tx1 on both banks.',
      ),
      say(
        { type: 'begin', gid: 'tx2', local: true, writes: [{ node: 'bank_a', key: 'alice', add: -5 }] },
        'Meanwhile alice pays 5 at bank_a, in an ordinary local transaction tx2. Its UPDATE needs her row, locked by the prepared transaction: it waits, and would wait forever.',
      ),
      say(
        { type: 'recover', node: 'coordinator' },
        'The coordinator restarts. Its log has no COMMIT for tx1, so tx1 is presumed aborted. It asks every bank for its pg_prepared_xacts.',
      ),
      say(
        { type: 'run' },
        "Each bank lists tx1; the coordinator answers ROLLBACK PREPARED 'tx1'. The locks go, and tx2’s UPDATE finally runs.",
      ),
      say(
        { type: 'commit', gid: 'tx2' },
        'tx2 commits on bank_a. tx1 moved nothing; the only cost of the crash was the time everyone waited behind its locks.',
      ),
    ],
    expect: {
      outcomes: { tx1: 'aborted', tx2: 'committed' },
      rows: { bank_a: { alice: 95 }, bank_b: { bob: 50 } },
      locked: { bank_a: [], bank_b: [] },
      decisions: { tx1: 'none' },
    },
  },
  {
    v: 1,
    lab: 'two-phase-commit',
    title: 'A participant crashes after voting yes and recovers its prepared transaction from the WAL',
    seed: 14,
    preset: '2pc-participant-recovers',
    goal: 'A participant that voted yes keeps its promise across a crash: its WAL brings back the prepared transaction, locks included. Watch bank_b restart with tx1 prepared and commit it when COMMIT PREPARED is resent.',
    options: BANKS,
    steps: [
      transfer,
      commit,
      prepareA,
      prepareB,
      say(
        { type: 'crash', node: 'bank_b' },
        'bank_b loses power right after sending its yes. Its memory is gone: sessions, row locks, WAL buffers. Its PREPARE record was flushed before the vote, so it is on disk.',
      ),
      deliverFrom('bank_a', 'bank_a’s yes reaches the coordinator.'),
      deliverFrom(
        'bank_b',
        'bank_b’s yes was already on the wire and arrives too. Every vote is yes: the coordinator forces COMMIT to its log and sends COMMIT PREPARED to both.',
      ),
      deliverTo('bank_a', 'bank_a commits: alice has 70.'),
      deliverTo('bank_b', 'COMMIT PREPARED reaches bank_b, which is down: lost. The coordinator will try again after its timeout.'),
      say(
        { type: 'recover', node: 'bank_b' },
        'bank_b restarts and replays its WAL. The PREPARE record brings tx1 back as a prepared transaction, lock on bob included: it is in pg_prepared_xacts again, in doubt, exactly as before the crash.',
      ),
      say(
        { type: 'run' },
        'The coordinator’s timeout fires and it resends COMMIT PREPARED. bank_b commits tx1: bob has 80. The commit survived a crash in the middle of it.',
      ),
    ],
    expect: {
      outcomes: { tx1: 'committed' },
      rows: { bank_a: { alice: 70 }, bank_b: { bob: 80 } },
      locked: { bank_a: [], bank_b: [] },
      decisions: { tx1: 'commit' },
      ended: ['tx1'],
      inFlight: 0,
    },
  },
  {
    v: 1,
    lab: 'two-phase-commit',
    title: 'The coordinator crashes after logging COMMIT: recovery finishes the job',
    seed: 15,
    preset: '2pc-coordinator-commit-logged',
    goal: "Once the coordinator's COMMIT record is on disk, the transaction will commit, crash or not. Watch the coordinator restart, find COMMIT in its log and resend it to both banks.",
    options: BANKS,
    steps: [
      transfer,
      say(
        { type: 'crash', node: 'coordinator', at: 'decision-logged' },
        'A crash is armed in the coordinator: it will die right after forcing its decision to disk, before sending it to anyone.',
      ),
      commit,
      ...yesVotes,
      say(
        { type: 'tick', ms: 1000 },
        'The coordinator crashed with COMMIT on disk and nothing sent. Both banks are prepared and in doubt, holding their locks; nobody knows the decision but the coordinator’s log.',
      ),
      say(
        { type: 'recover', node: 'coordinator' },
        'The coordinator restarts and reads its log: COMMIT for tx1 and no END. The decision stands, so it sends COMMIT PREPARED to both banks again.',
      ),
      say(
        { type: 'run' },
        'Both banks commit and answer; the coordinator writes END. Once COMMIT is on the coordinator’s disk, recovery always finishes the job.',
      ),
    ],
    expect: {
      outcomes: { tx1: 'committed' },
      rows: { bank_a: { alice: 70 }, bank_b: { bob: 80 } },
      locked: { bank_a: [], bank_b: [] },
      decisions: { tx1: 'commit' },
      ended: ['tx1'],
      inFlight: 0,
    },
  },
];

/** Gallery card text per preset id. */
export const twopcCards: Record<string, { teaser: string; tags: readonly string[] }> = {
  '2pc-everyone-votes-yes': {
    teaser: 'PREPARE, two yes votes, a forced COMMIT record, COMMIT PREPARED: 30 moves between two databases.',
    tags: ['PREPARE TRANSACTION', 'COMMIT PREPARED', 'decision log'],
  },
  '2pc-one-votes-no': {
    teaser: 'A CHECK constraint fails at one bank: its PREPARE rolls back, and so does everyone.',
    tags: ['vote no', 'ROLLBACK PREPARED', 'presumed abort'],
  },
  '2pc-coordinator-crash-in-doubt': {
    teaser: 'No decision was logged: prepared banks wait in doubt, holding locks that block others.',
    tags: ['in doubt', 'blocking', 'pg_prepared_xacts'],
  },
  '2pc-participant-recovers': {
    teaser: 'A bank dies after voting yes; its WAL brings the prepared transaction back, locks and all.',
    tags: ['crash recovery', 'PREPARE record', 'retry'],
  },
  '2pc-coordinator-commit-logged': {
    teaser: 'COMMIT hit the coordinator’s disk, then it died: its restart resends the decision.',
    tags: ['decision log', 'coordinator recovery', 'COMMIT PREPARED'],
  },
};
