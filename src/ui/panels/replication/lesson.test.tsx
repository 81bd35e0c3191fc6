// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkNarration, type Claim, stepsShowingNoChange } from '../../../../test/support/lesson-steps';
import ReplicationPanels from './ReplicationPanels';

type Frame = Parameters<Claim<'replication'>['check']>[1];
const readOf = (f: Frame) => f.events.find((e) => e.type === 'row.read');
const txn = (f: Frame, name: string) => f.view.txns.find((t) => t.name === name);

/** What replication narration states, and how the frame must agree. */
const CLAIMS: Claim<'replication'>[] = [
  {
    // The step's read: "reads alice: 90", "returns 100", "answers bob = 50", "shows bob = 60", "answers 90 too".
    pattern: /\b(?:reads|returns|answers|(?<!still )shows|has caught up:) (?:(alice|bob)(?: = |: ))?(\d+)/,
    check: ([, key, value], f) => {
      const read = readOf(f);
      if (read?.type === 'row.read') {
        if (key && read.result.key !== key) return `the step reads ${read.result.key}`;
        return read.result.value === Number(value) ? null : `the read returned ${String(read.result.value)}`;
      }
      const k = key ?? f.view.keys[0];
      const seen = f.view.nodes.filter((n) => n.up).map((n) => n.rows[k]?.value);
      return seen.includes(Number(value)) ? null : `no node shows ${k} = ${value} (${seen.join(', ')})`;
    },
  },
  {
    // "while the primary still shows 100 to its sessions": what the primary's new session reads.
    pattern: /the primary still shows (\d+)/,
    check: ([, value], f) => {
      const read = readOf(f);
      if (read?.type !== 'row.read') return 'the step reads nothing';
      return read.result.primaryValue === Number(value) ? null : `the primary's sessions read ${String(read.result.primaryValue)}`;
    },
  },
  {
    pattern: /Now every node answers (\d+)/,
    check: ([, value], f) => {
      const read = readOf(f);
      const key = read?.type === 'row.read' ? read.result.key : f.view.keys[0];
      const off = f.view.nodes.filter((n) => n.up && n.rows[key]?.value !== Number(value));
      return off.length === 0 ? null : `${off.map((n) => n.name).join(', ')} shows ${key} differently`;
    },
  },
  {
    pattern: /(T\d) is still waiting|(T\d)’s wait ends|(T\d) commits: flushed on the primary, acknowledged/,
    check: (m, f) => {
      const [name, want] = m[1] ? [m[1], 'waiting'] : [m[2] ?? m[3], 'committed'];
      const t = txn(f, name);
      return t?.status === want ? null : `${name} is ${t?.status ?? 'not listed'}`;
    },
  },
  {
    pattern: /(T\d) is not there: an acknowledged commit is lost/,
    check: ([, name], f) => (f.view.lost.some((l) => l.tx === name) && txn(f, name)?.lost ? null : `${name} is not shown lost`),
  },
  {
    pattern: /(pg\d|standby\d|primary), the primary, dies|The network (?:between|is back)/,
    check: (m, f) => {
      if (m[1]) return f.view.nodes.find((n) => n.name === m[1])?.up === false ? null : `${m[1]} is drawn up`;
      const cut = f.view.links.some((l) => l.cut);
      return m[0].includes('is back') === !cut ? null : `the link is drawn ${cut ? 'cut' : 'up'}`;
    },
  },
  {
    pattern: /starts timeline (\d)|on timeline (\d)/,
    check: (m, f) => {
      const tli = Number(m[1] ?? m[2]);
      return f.view.nodes.some((n) => n.up && n.tli === tli) ? null : `no node is on timeline ${tli}`;
    },
  },
  {
    // VACUUM VERBOSE's lines, quoted: the report the panel prints.
    pattern: /tuples: (\d+) removed, (\d+) remain, (\d+) are dead but not yet removable/,
    check: ([, removed, remain, held], f) => {
      const v = f.view.vacuums.at(-1);
      const got = v ? [v.removed, v.remain, v.deadNotRemovable].join('/') : 'no VACUUM';
      return got === [removed, remain, held].join('/') ? null : `the report says ${got}`;
    },
  },
  {
    pattern: /removable cutoff: (\d+), which was (\d+) XIDs old/,
    check: ([, cutoff, age], f) => {
      const v = f.view.vacuums.at(-1);
      return v?.cutoff === Number(cutoff) && v.age === Number(age) ? null : `cutoff ${v?.cutoff} and age ${v?.age}`;
    },
  },
  {
    pattern: /(\d+) dead versions? (?:of \w+ )?on the primary/,
    check: ([, n], f) => {
      const got = f.view.nodes.find((x) => x.name === f.view.primary)?.deadVersions;
      return got === Number(n) ? null : `the primary has ${got} dead versions`;
    },
  },
  {
    pattern: /held by slot (\w+)|horizon is now held by slot (\w+)/,
    check: (m, f) =>
      f.view.horizon?.heldBy === `slot ${m[1] ?? m[2]}` ? null : `the horizon is held by ${f.view.horizon?.heldBy ?? 'nobody'}`,
  },
  {
    pattern: /snapshot xmin (\d+)|snapshot \(xmin (\d+)\)/,
    check: (m, f) => (f.view.queries.some((q) => q.xmin === Number(m[1] ?? m[2])) ? null : 'no query has that snapshot xmin'),
  },
  {
    pattern: /pg_replication_slots\.xmin = (\d+)/,
    check: ([, x], f) =>
      f.view.slots.some((s) => s.xmin === Number(x)) ? null : `slot xmins: ${f.view.slots.map((s) => s.xmin).join(', ')}`,
  },
  {
    pattern: /cancels (R\d)/,
    check: ([, name], f) =>
      f.view.queries.find((q) => q.session === name)?.status === 'cancelled' ? null : `${name} is not shown cancelled`,
  },
  {
    pattern: /the startup process refuses to follow/,
    check: (_m, f) => (f.view.nodes.some((n) => n.refused) ? null : 'no node is shown refusing'),
  },
];

describe('When every replication preset is stepped through', () => {
  it('each step marks a panel of the essentials view that draws what it changed', () => {
    expect(stepsShowingNoChange('replication', ReplicationPanels)).toEqual([]);
  });

  it('what the narration states (values read, waits, lost commits, timelines, cut links) is what the panels show', () => {
    const { checked, problems } = checkNarration('replication', CLAIMS);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(32);
  });
});
