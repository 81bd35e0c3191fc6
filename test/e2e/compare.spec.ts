import { expect, test } from '@playwright/test';
import { expectStep, watchErrors } from './helpers';

const RC_RR = '#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read';

test.describe('When a comparison preset is opened from the gallery', () => {
  test('both sides step together, the first differing step is marked, and the link round-trips', async ({ page, browser }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('./');
    await page.getByRole('button', { name: /^Lost update: Read Committed vs Repeatable Read/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Compare: Lost update under Read Committed' })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${RC_RR.replace(/[?&=]/g, '\\$&')}$`));
    const [a, b] = [page.locator('[data-side="A"]'), page.locator('[data-side="B"]')];
    await expect(a.getByRole('heading', { name: 'Side A: Read Committed' })).toBeVisible();
    await expect(b.getByRole('heading', { name: 'Side B: Repeatable Read' })).toBeVisible();

    // The first differing step, marked on the timeline's comparison track.
    await expect(page.locator('.diff-status')).toContainText('they differ from step 3 (s1: SELECT x FROM counter WHERE id = 1)');
    await expect(page.locator('.diff-bar')).toHaveAttribute('data-differs-from', '3');
    await expect(page.locator('.diff-cell.first')).toHaveCount(1);
    expect(await page.locator('.diff-cell').evaluateAll((cells) => cells.findIndex((c) => c.classList.contains('first')))).toBe(2);

    // One timeline drives both sides.
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 2);
    await expect(a.locator('.compare-differs')).toHaveCount(0);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 3);
    await expect(a.locator('.narration-action')).toHaveText('s1: SELECT x FROM counter WHERE id = 1');
    await expect(b.locator('.narration-action')).toHaveText('s1: SELECT x FROM counter WHERE id = 1');
    await expect(a.locator('.compare-differs')).toBeVisible();
    await page.keyboard.press('End');
    await expectStep(page, 8);
    await expect(b.locator('.narration-action')).toContainText('s2: COMMIT');
    await expect(b.locator('.narration-text')).toContainText('s2 rolls back');
    await expect(page.locator('[data-side="B"] .txn-grid')).toContainText('could not serialize access due to concurrent update');
    await expect(a.locator('.compare-outcome')).toContainText('expected outcome holds');
    await page.keyboard.press('ArrowLeft');
    await expectStep(page, 7);
    await expect(page).toHaveURL(/&step=7$/);

    // The link opens the same comparison at the same step in a fresh page.
    const fresh = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const freshErrors = watchErrors(fresh);
    await fresh.goto(page.url());
    await expectStep(fresh, 7);
    await expect(fresh.locator('[data-side="B"] .narration-text')).toHaveText((await b.locator('.narration-text').textContent()) ?? '');
    await expect(fresh.locator('.diff-bar')).toHaveAttribute('data-differs-from', '3');

    // Back returns to the gallery it came from.
    await page.getByRole('button', { name: '← Back' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' })).toBeVisible();
    expect([...errors, ...freshErrors]).toEqual([]);
  });
});

test.describe('When a comparison is started from a lab', () => {
  test('Compare offers the lab’s options and opens at the current step; Back returns to the lab', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=pg-async-commit&step=3');
    await expectStep(page, 3);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare with one setting changed' });
    await expect(dialog.getByRole('combobox', { name: 'Setting' }).locator('option')).toHaveText([
      'synchronous_commit',
      'full_page_writes',
      'checkpoint_timeout',
      'max_wal_size',
    ]);
    await expect(dialog.getByRole('combobox', { name: 'Side A' })).toHaveValue('1');
    await dialog.getByRole('button', { name: 'Compare' }).click();
    await expect(page).toHaveURL(/#compare=pg-async-commit&opt=synchronous_commit&a=off&b=on&step=3$/);
    await expectStep(page, 3);
    await expect(page.locator('.diff-status')).toContainText('they differ from step 4 (T1: COMMIT)');
    await page.goBack();
    await expect(
      page.getByRole('heading', { level: 1, name: 'synchronous_commit = off loses the last commits, never consistency' }),
    ).toBeVisible();
    await expectStep(page, 3);
    expect(errors).toEqual([]);
  });
});

test.describe('When a comparison link is bad', () => {
  test('an unknown option or value says what is wrong over the gallery', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#compare=txn-lost-update-rc&opt=k&a=4&b=20');
    await expect(page.getByRole('alert')).toContainText('This comparison could not be opened');
    await expect(page.getByRole('alert')).toContainText('The transactions lab has no option "k" to compare. It offers: isolation.');
    await page.goto('./#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=snapshot');
    await expect(page.getByRole('alert')).toContainText('"snapshot" is not a value of isolation');
    await expect(page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test.describe('On a phone', () => {
  test('one side at a time, a switcher to the other, and no sideways scroll', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`./${RC_RR}&step=7`);
    await expectStep(page, 7);
    await expect(page.locator('[data-side="A"]')).toBeVisible();
    await expect(page.locator('[data-side="B"]')).toBeHidden();
    await page.getByRole('button', { name: 'B: Repeatable Read', exact: true }).click();
    await expect(page.locator('[data-side="B"]')).toBeVisible();
    await expect(page.locator('[data-side="A"]')).toBeHidden();
    await expect(page.locator('[data-side="B"] .narration-text')).toContainText('could not serialize access');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test('a lab opened after a comparison still works', async ({ page }) => {
  await page.goto(`./${RC_RR}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Compare:/ })).toBeVisible();
  await page.getByRole('button', { name: '← Back' }).click();
  await page.getByRole('button', { name: /^Lost update under Read Committed/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lost update under Read Committed' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expectStep(page, 1);
});
