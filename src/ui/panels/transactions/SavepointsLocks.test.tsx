// @vitest-environment jsdom
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../../engine/sql/pg';
import { step, txnLab } from '../../../../test/support/transactions';
import { SnapshotsLocksPanel } from './SnapshotsLocksPanel';
import { TuplesPanel } from './TuplesPanel';

beforeAll(() => loadSqlParser());

const SETUP = 'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0)';

describe('When s1 writes inside a savepoint and s2 waits for a table lock', () => {
  const frame = () => {
    const lab = txnLab(SETUP, ['s1', 's2']);
    lab.run(
      step('s1', 'BEGIN'),
      step('s1', 'UPDATE t SET v = 1 WHERE id = 1'),
      step('s1', 'SAVEPOINT a'),
      step('s1', 'UPDATE t SET v = 1 WHERE id = 2'),
      step('s1', 'LOCK TABLE t IN SHARE MODE'),
      step('s2', 'UPDATE t SET v = 5 WHERE id = 1'),
    );
    return lab.view();
  };

  it("names the savepoint with its subtransaction's xid, and s2's wait for the table lock with its holder", () => {
    const { container } = render(<SnapshotsLocksPanel view={frame()} />);
    const badges = [...container.querySelectorAll('.txn-badge')].map((b) => b.textContent ?? '');
    expect(badges[0]).toContain('xid 4');
    expect(badges[0]).toContain('savepoint a (subxact xid 5)');
    expect(badges[1]).toContain('waiting for RowExclusiveLock on t');
    const rows = [...container.querySelectorAll('table.txn-locks tbody tr')].map((tr) => tr.textContent ?? '');
    expect(rows).toContain('s14t ShareLock● held');
    expect(rows).toContain('s2—t RowExclusiveLock‖ waits for s1 (xid 4)');
  });

  it("calls the subtransaction's xid s1's own in the tuple versions", async () => {
    const { container, getByRole } = render(<TuplesPanel view={frame()} />);
    await userEvent.setup().click(getByRole('button', { name: 's1 (xid 4)' }));
    const cells = [...container.querySelectorAll('table.txn-heap tbody tr')].map((tr) => tr.children[1]?.textContent ?? '');
    expect(cells.some((c) => c.includes("its own savepoint's xid"))).toBe(true);
  });
});
