import { expect, type Page, test } from '@playwright/test';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

const lane = (page: Page, node: string) => page.locator(`.tpc-lane[data-node="${node}"]`);
const forward = async (page: Page, from: number, to: number) => {
  for (let n = from + 1; n <= to; n++) {
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, n);
  }
};

test.describe('When a visitor steps through the coordinator crash from the gallery', () => {
  test('the banks are in doubt holding their locks, a later transaction waits, and the restart rolls tx1 back', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'The coordinator crashes after PREPARE: participants are stuck in doubt, holding locks');
    await expect(page.getByRole('heading', { name: 'Messages between nodes' })).toBeVisible();

    // Up to the crash: both banks prepared, the votes on the wire.
    await forward(page, 0, 5);
    await expect(lane(page, 'coordinator')).toHaveAttribute('data-up', 'false');
    // The state is written in the lane's heading line.
    await expect(page.locator('section.tpc-node').filter({ has: lane(page, 'coordinator') })).toContainText('down: crashed');
    await expect(page.getByRole('list', { name: 'Messages in flight' }).getByRole('listitem')).toHaveCount(2);

    // The votes are lost; both banks stay prepared, in doubt, with their row locks.
    await forward(page, 5, 8);
    for (const [bank, key] of [
      ['bank_a', 'alice'],
      ['bank_b', 'bob'],
    ] as const) {
      await expect(lane(page, bank).locator('.tpc-piece[data-gid="tx1"] .tpc-badge')).toHaveText('prepared, in doubt');
      await expect(lane(page, bank).getByRole('list', { name: `${bank} row locks` })).toContainText(`${key} held by xid`);
      await expect(lane(page, bank).getByRole('table', { name: `${bank} pg_prepared_xacts` })).toContainText('tx1');
    }
    await expect(lane(page, 'bank_a').locator('.tpc-piece[data-gid="tx2"]')).toContainText('blocked by xid 750 (tx1)');

    // The coordinator comes back: no COMMIT record, so tx1 is rolled back and tx2 runs.
    await forward(page, 8, 11);
    await expect(lane(page, 'coordinator')).toHaveAttribute('data-up', 'true');
    await expect(page.locator('tr[data-gid="tx1"] .tpc-outcome')).toHaveText('rolled back everywhere');
    await expect(page.locator('tr[data-gid="tx2"] .tpc-outcome')).toHaveText('committed everywhere');
    await expect(lane(page, 'bank_a').locator('.tpc-row[data-key="alice"]')).toContainText('95');
    await expect(lane(page, 'bank_a').getByText('None held.')).toBeVisible();
    await expect(page.locator('.outcome')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a participant that crashed after voting yes is back in pg_prepared_xacts after its restart, and commits', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=2pc-participant-recovers&step=9');
    await expectStep(page, 9);
    await expect(lane(page, 'bank_b')).toContainText('On disk, tx1 is prepared');
    await forward(page, 9, 10);
    await expect(lane(page, 'bank_b').getByRole('table', { name: 'bank_b pg_prepared_xacts' })).toContainText('tx1');
    await expect(lane(page, 'bank_b').locator('.tpc-piece[data-gid="tx1"]')).toContainText('restored from the WAL');
    await forward(page, 10, 11);
    await expect(page.locator('tr[data-gid="tx1"] .tpc-outcome')).toHaveText('committed everywhere');
    await expect(lane(page, 'bank_b').locator('.tpc-row[data-key="bob"]')).toContainText('80');
  });
});

test.describe('When a visitor crashes a node of their own choosing', () => {
  test('Fork from here → Crash bank_a after it prepared, then Restart bank_a: the prepared transaction comes back from the WAL', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=2pc-everyone-votes-yes&step=3');
    await expectStep(page, 3);
    await expect(lane(page, 'bank_a').locator('.tpc-piece[data-gid="tx1"] .tpc-badge')).toHaveText('prepared');
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Crash bank_a' }).click();
    await expectStep(page, 4);
    await expect(lane(page, 'bank_a')).toHaveAttribute('data-up', 'false');
    await expect(lane(page, 'bank_a')).toContainText('On disk, tx1 is prepared');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Restart bank_a' }).click();
    await expectStep(page, 5);
    await expect(lane(page, 'bank_a').locator('.tpc-piece[data-gid="tx1"]')).toContainText('restored from the WAL');
    await expect(lane(page, 'bank_a').getByRole('list', { name: 'bank_a row locks' })).toContainText('alice held by xid 750 (tx1)');
    expect(errors).toEqual([]);
  });
});

test.describe('When the Two-phase commit lab is checked for accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`messages in flight, a crashed node and in-doubt participants have no serious or critical axe violations (${scheme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto('./#preset=2pc-everyone-votes-yes&step=6');
      await expectStep(page, 6);
      await expect(page.getByRole('list', { name: 'Messages in flight' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=2pc-coordinator-crash-in-doubt&step=8');
      await expectStep(page, 8);
      await expect(lane(page, 'coordinator')).toHaveAttribute('data-up', 'false');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
