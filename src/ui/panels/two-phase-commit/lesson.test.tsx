// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkNarration, type Claim, stepsShowingNoChange } from '../../../../test/support/lesson-steps';
import TwoPhaseCommitPanels from './TwoPhaseCommitPanels';

type Frame = Parameters<Claim<'two-phase-commit'>['check']>[1];
const participants = (f: Frame) => f.view.nodes.filter((n) => n.role === 'participant');
const node = (f: Frame, name: string) =>
  f.view.nodes.find((n) => n.name === (name === 'The coordinator' || name === 'the coordinator' ? 'coordinator' : name));

/** What two-phase commit narration states, and how the frame must agree. */
const CLAIMS: Claim<'two-phase-commit'>[] = [
  {
    // "alice has 70", "bob has 80": a balance, on the node that holds the row.
    pattern: /\b(alice|bob|carol) has (\d+)/,
    check: ([, key, value], f) => {
      const row = f.view.nodes.flatMap((n) => n.rows).find((r) => r.key === key);
      return row?.value === Number(value) ? null : `the accounts show ${key} ${row?.value ?? 'nowhere'}`;
    },
  },
  {
    pattern: /(\w+) shows up in their pg_prepared_xacts|pg_prepared_xacts still lists (\w+) on both banks/,
    check: (m, f) => {
      const gid = m[1] ?? m[2];
      const missing = participants(f).filter((n) => !n.preparedXacts.some((x) => x.gid === gid));
      return missing.length === 0 ? null : `pg_prepared_xacts on ${missing.map((n) => n.name).join(', ')} lacks ${gid}`;
    },
  },
  {
    pattern: /Both banks are (?:now )?prepared( and in doubt)?/,
    check: ([, doubt], f) => {
      const want = doubt ? ['in doubt'] : ['prepared', 'in doubt'];
      const off = participants(f).filter((n) => !n.pieces.some((p) => want.includes(p.badge)));
      return off.length === 0 ? null : `${off.map((n) => n.name).join(', ')} shows no ${want[0]} transaction`;
    },
  },
  {
    pattern: /(The coordinator|bank_\w+) (?:crashes|loses power)/,
    check: ([, who], f) => (node(f, who)?.up === false ? null : `${who} is drawn up`),
  },
  {
    pattern: /(The coordinator|bank_\w+) restarts/,
    check: ([, who], f) => (node(f, who)?.up === true ? null : `${who} is drawn down`),
  },
  {
    // "tx2 commits on bank_a", "bank_b commits tx1"
    pattern: /(tx\d) commits on (bank_\w+)|(bank_\w+) commits (tx\d)/,
    check: (m, f) => {
      const [gid, bank] = m[1] ? [m[1], m[2]] : [m[4], m[3]];
      const g = f.view.gtx.find((x) => x.gid === gid);
      return g?.pieces[bank] === 'committed' ? null : `${gid} on ${bank} is ${g?.pieces[bank] ?? 'not shown'}`;
    },
  },
  {
    pattern: /(?:Its|The coordinator’s) log has no COMMIT for (tx\d)|reads its log: COMMIT for (tx\d)/,
    check: (m, f) => {
      const gid = m[1] ?? m[2];
      const has = node(f, 'coordinator')?.wal.records.some((r) => r.text.startsWith('COMMIT') && r.text.includes(gid));
      return Boolean(has) === Boolean(m[2]) ? null : `the decision log ${has ? 'has' : 'has no'} COMMIT for ${gid}`;
    },
  },
  {
    pattern: /(tx\d) (?:moved nothing|rolls back everywhere)|Neither bank kept anything/,
    check: ([, gid], f) => {
      const g = gid ? f.view.gtx.find((x) => x.gid === gid) : f.view.gtx[0];
      return g?.outcome === 'aborted' ? null : `its outcome is ${g?.outcome ?? 'not shown'}`;
    },
  },
];

describe('When every two-phase commit preset is stepped through', () => {
  it('each step marks a panel of the essentials view that draws what it changed', () => {
    expect(stepsShowingNoChange('two-phase-commit', TwoPhaseCommitPanels)).toEqual([]);
  });

  it('what the narration states (balances, prepared transactions, crashes, decisions, outcomes) is what the panels show', () => {
    const { checked, problems } = checkNarration('two-phase-commit', CLAIMS);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});
