import { expect, test } from '@playwright/test';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

const ORDER = 'a1 b1 a2 b2 a3 b3 a4 b4';

test.describe('When every interleaving of the lost update is explored', () => {
  test('Read Committed shows G-single and Serializable none; a cell opens that run, which plays to the outcome shown', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await openPreset(page, 'Lost update under Read Committed');
    await page.getByRole('button', { name: 'Explore all interleavings' }).click();

    const summary = page.getByRole('table', { name: /Outcomes per isolation level \(70 orders each, 210 runs\)/ });
    await expect(summary).toBeVisible();
    const anomalies = summary.getByRole('row', { name: /Anomalies found/ }).getByRole('cell');
    await expect(anomalies.nth(0)).toHaveText(/^G-single ×\d+$/);
    await expect(anomalies.nth(1)).toHaveText('none');
    await expect(anomalies.nth(2)).toHaveText('none');

    // The scenario's own order under Read Committed: the lost update itself.
    await page
      .getByRole('button', { name: `${ORDER} at Read Committed: G-single anomaly in the committed transactions, after a lock wait` })
      .click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Lost update under Read Committed · ${ORDER} at Read Committed` }),
    ).toBeVisible();
    await expectStep(page, 8);
    await expect(page.locator('.txn-verdict')).toContainText('G-single');
    await expect(page.locator('table.txn-schedule .end-committed')).toHaveCount(2);
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=.*&step=8$/);

    // The same order under Serializable: s2's update waits for s1, then fails with 40001.
    await page.getByRole('button', { name: 'Back to the matrix' }).click();
    await page.getByRole('button', { name: new RegExp(`^${ORDER} at Serializable: serialization failure`) }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Lost update under Read Committed · ${ORDER} at Serializable` }),
    ).toBeVisible();
    await expectStep(page, 8);
    await expect(page.locator('table.txn-schedule .err')).toContainText('ERROR 40001: could not serialize access due to concurrent update');
    await expect(page.locator('.txn-badge').first()).toContainText('SERIALIZABLE');

    // Going back through the run shows s2 waiting at step 6, as the timeline had it.
    await page.getByRole('button', { name: 'Step back' }).click();
    await page.getByRole('button', { name: 'Step back' }).click();
    await expectStep(page, 6);
    await expect(page.locator('table.txn-schedule .wait-note')).toHaveText(/waiting: waits for s1 \(xid 4\)/);
    expect(errors).toEqual([]);
  });

  test('the filter keeps only orders whose outcome differs between levels, and cells are reachable by keyboard', async ({ page }) => {
    await page.goto('./#preset=txn-write-skew');
    await page.getByRole('button', { name: 'Explore all interleavings' }).click();
    await expect(page.locator('.xp-count')).toHaveText('70 of 70 orders');
    await page.getByRole('checkbox', { name: 'Only orders whose outcome differs between levels' }).check();
    await expect(page.locator('.xp-count')).toHaveText('60 of 70 orders');
    const first = page.locator('.xp-matrix tbody button.xp-cell').first();
    await first.focus();
    await expect(first).toHaveAccessibleName(/^(a\d |b\d ){7}[ab]\d at Read Committed: G2-item anomaly/);
    const order = ((await first.getAttribute('aria-label')) ?? '').split(' at ')[0];
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { level: 1, name: `Write skew: two doctors go off call · ${order} at Read Committed` }),
    ).toBeVisible();
    await expect(page.locator('.txn-verdict')).toContainText('G2-item');
  });
});

test.describe('When the explorer is opened on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the summary fits the screen, a wider table scrolls in its own box, and the page never scrolls sideways', async ({ page }) => {
    await page.goto('./#preset=txn-lost-update-rc&step=4');
    await page.getByRole('button', { name: 'Explore all interleavings' }).click();
    const summary = page.getByRole('table', { name: /Outcomes per isolation level/ });
    await expect(summary).toBeVisible();
    await expect(page.locator('.xp-groups tbody tr')).toHaveCount(3);
    const right = await summary.getByRole('columnheader', { name: 'Serializable' }).evaluate((el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    for (const name of ['Outcomes per isolation level (scrolls sideways)', 'Outcome patterns (scrolls sideways)']) {
      await expect(page.getByRole('region', { name })).toBeVisible();
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`When the interleaving explorer is shown in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    test('axe finds no serious or critical violation in the summary, the patterns and the matrix', async ({ page }) => {
      await page.goto('./#preset=txn-deadlock');
      await page.getByRole('button', { name: 'Explore all interleavings' }).click();
      await expect(page.locator('.xp-matrix tbody tr')).toHaveCount(70);
      await expect(page.locator('.xp-matrix button.k-deadlock').first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
