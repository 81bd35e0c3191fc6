import { expect, test } from '@playwright/test';
import { expectStep, watchErrors } from './helpers';

const RC_RR = '#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read';

const LADDER_TAIL = '&opt=isolation&a=read-committed&b=repeatable-read&c=serializable';

test.describe('When the three-sided comparison is opened from the gallery', () => {
  test('three columns step together, the sides that differ are named, and the link round-trips', async ({ page, browser }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('./');
    await page.getByRole('button', { name: /^Read Committed vs Repeatable Read vs Serializable/ }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Compare: Doctors on call: one interleaving, three isolation levels' }),
    ).toBeVisible();
    await expect(page).toHaveURL(/#compare=1\.[^&]+&opt=isolation&a=read-committed&b=repeatable-read&c=serializable$/);
    const [a, b, c] = ['A', 'B', 'C'].map((n) => page.locator(`[data-side="${n}"]`));
    await expect(a!.getByRole('heading', { name: 'Side A: Read Committed' })).toBeVisible();
    await expect(b!.getByRole('heading', { name: 'Side B: Repeatable Read' })).toBeVisible();
    await expect(c!.getByRole('heading', { name: 'Side C: Serializable' })).toBeVisible();
    // Three columns side by side at 1440 px, no switcher.
    const boxes = await Promise.all([a, b, c].map((side) => side!.boundingBox()));
    expect(boxes.every((box, i) => i === 0 || (box && boxes[i - 1] && box.x > boxes[i - 1]!.x + boxes[i - 1]!.width - 1))).toBe(true);
    await expect(page.getByRole('group', { name: 'Side shown' })).toBeHidden();

    await expect(page.locator('.diff-status')).toContainText(
      'all three differ from step 3 (alice: SELECT count(*) FROM doctors WHERE on_call)',
    );
    await expect(page.locator('.diff-bar')).toHaveAttribute('data-differs-from', '3');
    await page.getByText('What differs at step 3').click();
    await expect(page.locator('.diff-pair-head')).toHaveText(['A and B', 'A and C', 'B and C']);

    // One timeline drives all three: Alice's second count (step 7) is 1 under Read Committed only.
    await page.keyboard.press('End');
    await expectStep(page, 9);
    await expect(c!.locator('.txn-grid')).toContainText('could not serialize access due to read/write dependencies');
    await expect(a!.locator('.txn-grid')).not.toContainText('could not serialize access');
    await expect(b!.locator('.txn-grid')).not.toContainText('could not serialize access');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
    await expectStep(page, 7);
    for (const side of [a, b, c])
      await expect(side!.locator('.narration-action')).toHaveText('alice: SELECT count(*) FROM doctors WHERE on_call');
    await page.keyboard.press('End');
    await expectStep(page, 9);
    await expect(page).toHaveURL(/&c=serializable&step=9$/);

    // The link opens the same comparison at the same step in a fresh page.
    const fresh = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const freshErrors = watchErrors(fresh);
    await fresh.goto(page.url());
    await expectStep(fresh, 9);
    await expect(fresh.locator('[data-side="C"] .narration-text')).toHaveText((await c!.locator('.narration-text').textContent()) ?? '');
    await expect(fresh.locator('.diff-bar')).toHaveAttribute('data-differs-from', '3');
    expect([...errors, ...freshErrors]).toEqual([]);
  });

  test('a side with the value of another, or not a level, says what is wrong', async ({ page }) => {
    await page.goto(`./#compare=txn-write-skew${LADDER_TAIL.replace('c=serializable', 'c=repeatable-read')}`);
    await expect(page.getByRole('alert')).toContainText('Sides B and C both have Repeatable Read: choose a different value for each side.');
    await page.goto(`./#compare=txn-write-skew${LADDER_TAIL.replace('c=serializable', 'c=snapshot')}`);
    await expect(page.getByRole('alert')).toContainText('"snapshot" is not a value of isolation');
  });

  test('below 1440 px and on a phone, one side at a time with a switcher of three', async ({ page }) => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto('about:blank');
      await page.goto(`./#compare=txn-write-skew${LADDER_TAIL}&step=8`);
      await expectStep(page, 8);
      await expect(page.locator('[data-side="A"]')).toBeVisible();
      await expect(page.locator('[data-side="C"]')).toBeHidden();
      await page.getByRole('button', { name: 'C: Serializable', exact: true }).click();
      await expect(page.locator('[data-side="C"]')).toBeVisible();
      await expect(page.locator('[data-side="A"]')).toBeHidden();
      await expect(page.locator('[data-side="B"]')).toBeHidden();
      await expect(page.locator('[data-side="C"] .narration-text')).toContainText('could not serialize access');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });
});

test.describe('When a two-sided comparison link is opened', () => {
  test('both sides step together, the first differing step is marked, and Back returns to the gallery', async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('./');
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, RC_RR);
    await expect(page.getByRole('heading', { level: 1, name: 'Compare: Lost update under Read Committed' })).toBeVisible();
    const [a, b] = [page.locator('[data-side="A"]'), page.locator('[data-side="B"]')];
    await expect(a.getByRole('heading', { name: 'Side A: Read Committed' })).toBeVisible();
    await expect(b.getByRole('heading', { name: 'Side B: Repeatable Read' })).toBeVisible();
    await expect(page.locator('[data-side="C"]')).toHaveCount(0);
    await expect(page.locator('.diff-status')).toContainText('they differ from step 3 (s1: SELECT x FROM counter WHERE id = 1)');
    await expect(page.locator('.diff-cell.first')).toHaveCount(1);
    expect(await page.locator('.diff-cell').evaluateAll((cells) => cells.findIndex((c) => c.classList.contains('first')))).toBe(2);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 3);
    await expect(a.locator('.compare-differs')).toBeVisible();
    await page.keyboard.press('End');
    await expectStep(page, 8);
    await expect(b.locator('.txn-grid')).toContainText('could not serialize access due to concurrent update');
    await expect(a.locator('.compare-outcome')).toContainText('expected outcome holds');
    await page.keyboard.press('ArrowLeft');
    await expectStep(page, 7);
    await expect(page).toHaveURL(new RegExp(`${RC_RR.replace(/[?&=]/g, '\\$&')}&step=7$`));
    await page.getByRole('button', { name: '← Back' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' })).toBeVisible();
    expect(errors).toEqual([]);
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
