import { beforeAll, describe, expect, it } from 'vitest';
import { timelineFor } from '../labs';
import { parseScenario, type ScenarioOf } from '../scenario/schema';
import { loadSqlParser } from '../sql/pg';
import { answerAt, choicesAt } from '.';

beforeAll(async () => {
  await loadSqlParser();
});

/** The question of `about` at step `n` of a scenario: its choices (before) and the engine's answer (after). */
function ask(input: unknown, n: number, about: string) {
  const scenario = parseScenario(input);
  const timeline = timelineFor(scenario as ScenarioOf<typeof scenario.lab>);
  const before = { lab: scenario.lab, ...timeline.seek(n - 1) };
  const after = { lab: scenario.lab, ...timeline.seek(n) };
  return { choices: choicesAt(before as never, about), answer: answerAt(after as never, before as never, about) };
}
const base = { v: 1, title: 't', seed: 1 };

describe('When a transactions question is graded', () => {
  const sql = (session: string, text: string) => ({ do: { type: 'step', session, sql: text } });
  const rr = {
    ...base,
    lab: 'transactions',
    options: { sessions: ['s1', 's2'], setup: ['CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);'] },
    steps: [
      sql('s1', 'BEGIN ISOLATION LEVEL REPEATABLE READ'),
      sql('s1', 'SELECT v FROM t WHERE id = 1'),
      sql('s2', 'UPDATE t SET v = 20 WHERE id = 1'),
      sql('s1', 'SELECT v FROM t WHERE id = 1'),
      sql('s1', 'UPDATE t SET v = 30 WHERE id = 1'),
    ],
  };
  it('readValue(s) is what the session reads, offered among the values updates left in the table', () => {
    const { choices, answer } = ask(rr, 4, 'readValue(s1)');
    expect(choices).toEqual(['10', '20']);
    expect(answer).toEqual({ value: '10', why: expect.stringMatching(/^s1's snapshot sees the version \(0,1\)/) });
    expect(ask(rr, 4, 'readValue(s9)').choices).toEqual({ problem: 'there is no session s9' });
  });
  it('failedSession names the session the step gives an error, with its SQLSTATE, or none', () => {
    expect(ask(rr, 5, 'failedSession')).toEqual({
      choices: ['s1', 's2', 'none'],
      answer: { value: 's1', why: expect.stringMatching(/^s1 gets ERROR 40001: could not serialize access/) },
    });
    expect(ask(rr, 3, 'failedSession').answer).toMatchObject({ value: 'none' });
  });
});

describe('When a durability question is graded', () => {
  const input = {
    ...base,
    lab: 'durability',
    options: { tables: { accounts: [{ key: 'alice', values: { balance: 100 } }] } },
    steps: [
      { do: { type: 'begin', tx: 'T1' } },
      { do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 5 } } },
      { do: { type: 'commit', tx: 'T1' } },
      { do: { type: 'checkpoint' } },
      { do: { type: 'crash' } },
      { do: { type: 'recover' } },
    ],
  };
  it("redoStartLsn is the last checkpoint's REDO point, offered beside the WAL's start and end", () => {
    const { choices, answer } = ask(input, 6, 'redoStartLsn');
    if (!('value' in answer)) throw new Error(answer.problem);
    expect(choices).toContain(answer.value);
    expect(Array.isArray(choices) && choices.indexOf(answer.value)).toBeGreaterThan(0);
    expect(answer.why).toContain(`REDO point is ${answer.value}`);
    expect(ask(input, 5, 'redoStartLsn').answer).toEqual({ problem: 'this step does not start recovery' });
  });
});

describe('When an intent-log question is graded', () => {
  it('recoveryKeeps names the transactions with a COMMIT record', () => {
    const input = {
      ...base,
      lab: 'intent-log',
      options: { tables: { users: [{ key: 'ana', values: { n: 1 } }] } },
      steps: [
        { do: { type: 'begin', tx: 'T1' } },
        { do: { type: 'begin', tx: 'T2' } },
        { do: { type: 'update', tx: 'T1', table: 'users', key: 'ana', set: { n: 2 } } },
        { do: { type: 'commit', tx: 'T1' } },
        { do: { type: 'crash' } },
        { do: { type: 'recover' } },
      ],
    };
    const { choices, answer } = ask(input, 6, 'recoveryKeeps');
    expect(choices).toEqual(['T1', 'T2', 'T1 and T2', 'none']);
    expect(answer).toEqual({ value: 'T1', why: expect.stringMatching(/COMMIT record is in the log: T1 has one; T2 had none/) });
  });
});

describe('When a Kademlia question is graded', () => {
  it('nextPeerAsked(node) is the known peer closest to the target', () => {
    const input = {
      ...base,
      lab: 'kademlia',
      options: { bits: 16, k: 2, idMode: 'sha1', host: 'localhost', basePort: 8000, lookup: 'sequential' },
      steps: [
        { do: { type: 'build', nodes: 5, fill: 'empty', names: ['A', 'B', 'C', 'D', 'E'] } },
        { do: { type: 'add-contact', node: 'B', contact: 'A' } },
        { do: { type: 'add-contact', node: 'B', contact: 'C' } },
        { do: { type: 'add-contact', node: 'C', contact: 'D' } },
        { do: { type: 'focus', node: 'B' } },
        { do: { type: 'send-message', from: 'B', to: 'D', text: 'hi' } },
      ],
    };
    const { choices, answer } = ask(input, 6, 'nextPeerAsked(B)');
    expect(choices).toEqual(['A', 'C']);
    expect(answer).toMatchObject({ value: 'A', why: expect.stringContaining('A is the closest to the target by XOR (distance 0655)') });
    expect(ask(input, 6, 'nextPeerAsked(C)').answer).toEqual({ problem: "this step's lookup starts at B, not C" });
  });
});

describe('When a pool question is graded', () => {
  const input = {
    ...base,
    lab: 'pool',
    options: { pool: { max: 150 }, server: { max_connections: 100 }, windowMs: 200, bucketMs: 20 },
    steps: [{ do: { type: 'burst', count: 200, serviceMs: 50, overMs: 20 } }, { do: { type: 'advance', ms: 30 } }],
  };
  it("serverConnections stops at max_connections; poolClients counts the pool's clients", () => {
    expect(ask(input, 2, 'serverConnections')).toMatchObject({
      choices: expect.arrayContaining(['100', '150']),
      answer: { value: '100', why: expect.stringContaining('max_connections = 100') },
    });
    expect(ask(input, 2, 'poolClients').answer).toMatchObject({ value: '100' });
  });
  it('counts backends, not clients still connecting', () => {
    const early = { ...input, steps: [input.steps[0], { do: { type: 'advance', ms: 3 } }] };
    expect(ask(early, 2, 'serverConnections').answer).toMatchObject({
      value: '11',
      why: expect.stringContaining('31 clients, 11 backends'),
    });
    expect(ask(early, 2, 'poolClients').answer).toMatchObject({ value: '31' });
  });
});

describe('When a two-phase commit question is graded', () => {
  it('decision(gid) follows the votes: one no aborts', () => {
    const input = {
      ...base,
      lab: 'two-phase-commit',
      options: {
        participants: [
          { name: 'a', rows: { x: 100 }, min: 0 },
          { name: 'b', rows: { y: 50 }, min: 0 },
        ],
        latency: { min: 5, max: 20 },
        timeout: 200,
      },
      steps: [
        {
          do: {
            type: 'begin',
            gid: 'g',
            writes: [
              { node: 'a', key: 'x', add: 80 },
              { node: 'b', key: 'y', add: -80 },
            ],
          },
        },
        { do: { type: 'commit', gid: 'g' } },
        { do: { type: 'deliver', to: 'b' } },
        { do: { type: 'deliver', from: 'b' } },
      ],
    };
    expect(ask(input, 3, 'decision(g)').answer).toMatchObject({ value: 'no decision yet' });
    expect(ask(input, 4, 'decision(g)')).toEqual({
      choices: ['commit', 'abort', 'no decision yet'],
      answer: { value: 'abort', why: 'Votes heard: b no. One no is enough: the coordinator aborts g everywhere.' },
    });
    expect(ask(input, 4, 'decision(h)').answer).toEqual({ problem: 'there is no global transaction h' });
  });
});

describe('When a replication question is graded', () => {
  it('readValue(node.key) is what the node answers, stale or not, among the values the nodes hold', () => {
    const input = {
      ...base,
      lab: 'replication',
      options: { standbys: ['s1'], latency: { min: 40 }, rows: { k: 1 } },
      steps: [
        { do: { type: 'write', tx: 'T1', key: 'k', value: 2 } },
        { do: { type: 'commit', tx: 'T1' } },
        { do: { type: 'read', node: 's1', key: 'k' } },
        { do: { type: 'advance', ms: 100 } },
        { do: { type: 'read', node: 's1', key: 'k' } },
      ],
    };
    expect(ask(input, 3, 'readValue(s1.k)')).toEqual({
      choices: ['1', '2'],
      answer: { value: '1', why: 's1 has not replayed the newest commit yet: it answers 1 while the primary says 2.' },
    });
    expect(ask(input, 3, 'readValue(s2.k)').choices).toEqual({ problem: 'there is no node s2' });
    expect(ask(input, 5, 'readValue(s1.k)').answer).toEqual({ value: '2', why: 's1 has replayed every commit of k: it answers 2.' });
  });
});
