import { expect, test } from '@playwright/test';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

test.describe('When two sessions increment one counter under Read Committed', () => {
  test('s2 waits for s1 at step 6, then the lost update plays to its expected outcome', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await openPreset(page, 'Lost update under Read Committed');
    await expect(page.getByRole('heading', { name: 'Interleaving (isolation tester schedule)' })).toBeVisible();
    for (let i = 1; i <= 6; i++) {
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expectStep(page, i);
    }
    const schedule = page.locator('table.txn-schedule');
    await expect(schedule.locator('.wait-note')).toHaveText(/waiting: waits for s1 \(xid 4\)/);
    await expect(page.locator('table.txn-locks')).toContainText('waits for s1 (xid 4)');
    // Which versions s2's snapshot sees: the committed one, not s1's in-progress update.
    await page.locator('.txn-session-pick').getByRole('button', { name: 's2' }).click();
    await expect(page.locator('table.txn-heap tbody tr').first()).toContainText('✓ visible');
    await expect(page.locator('table.txn-heap tbody tr').nth(1)).toContainText('✗ invisible');

    await page.locator('label.speed select').selectOption('Infinity');
    await page.getByRole('button', { name: 'Play' }).click();
    await expectStep(page, 8);
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    await expect(schedule.locator('.end-committed')).toHaveCount(2);
    await expect(page.locator('.txn-verdict')).toContainText('G-single');
    expect(errors).toEqual([]);
  });
});

test.describe('When two transfers deadlock', () => {
  test("the victim shows 40P01 and PostgreSQL's message", async ({ page }) => {
    await page.goto('./#preset=txn-deadlock&step=6');
    await expectStep(page, 6);
    await expect(page.locator('table.txn-schedule .err')).toContainText('ERROR 40P01: deadlock detected');
    await expect(page.locator('table.txn-schedule .end-aborted')).toContainText('aborted');
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`When the transactions lab is shown in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    test('axe finds no serious or critical violation with a session selected and a wait on screen', async ({ page }) => {
      await page.goto('./#preset=txn-lost-update-rc&step=6');
      await expectStep(page, 6);
      await page.locator('.txn-session-pick').getByRole('button', { name: 's2' }).click();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=txn-write-skew&step=8');
      await expectStep(page, 8);
      await expect(page.locator('svg.txn-dsg')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
