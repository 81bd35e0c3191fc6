import { expect, type Page, test } from '@playwright/test';
import { expectStep, watchErrors } from './helpers';

/** The question card before step `n`. */
const card = (page: Page, n: number) => page.getByRole('form', { name: `Question before step ${n}` });

test.describe('When a preset asks before a step (predict, then reveal)', () => {
  test('a click answers, the step runs, the reveal says right and why, and the end shows the score', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=two-cooks-one-crash&step=7');
    await expectStep(page, 7);
    await expect(card(page, 8)).toContainText('Which transactions does it keep?');
    await page.getByRole('radio', { name: 'T2', exact: true }).check();
    await page.getByRole('button', { name: 'Answer and run' }).click();
    await expectStep(page, 8);
    await expect(page.locator('.question-reveal')).toContainText('✓ Right: the answer is T2.');
    await expect(page.locator('.question-reveal')).toContainText('COMMIT record');
    await expect(page.getByText('Your predictions: 1 of 1 right')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the keyboard answers (a number picks, Enter answers), Skip skips, and playing pauses at a question', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=repl-async-stale-read&step=2');
    await expectStep(page, 2);
    await page.getByLabel('Speed').selectOption('4');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(card(page, 4)).toBeVisible();
    await expectStep(page, 3);
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

    await page.keyboard.press('1');
    await expect(page.getByRole('radio', { name: '90', exact: true })).toBeChecked();
    await page.keyboard.press('Enter');
    await expectStep(page, 4);
    await expect(page.locator('.question-reveal')).toContainText('✓ Right: the answer is 90.');

    await card(page, 5).getByRole('button', { name: 'Skip' }).click();
    await expectStep(page, 5);
    await expect(page.locator('.question-reveal')).toContainText('Skipped: the answer is 100.');
    await expect(page.locator('.question-reveal')).toContainText('while the primary says 90');

    await page.keyboard.press('End');
    await expectStep(page, 7);
    await expect(page.locator('.question-score')).toContainText('Your predictions: 1 of 2 right (1 skipped)');
    expect(errors).toEqual([]);
  });

  test('"Share my answers" gives a link that carries them; the address bar never does', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=repl-async-stale-read&step=3');
    await expectStep(page, 3);
    await card(page, 4).getByRole('radio', { name: '100', exact: true }).check();
    await page.keyboard.press('Enter');
    await expectStep(page, 4);
    await card(page, 5).getByRole('radio', { name: '100', exact: true }).check();
    await card(page, 5).getByRole('button', { name: 'Answer and run' }).click();
    await expectStep(page, 5);
    await page.keyboard.press('End');
    await expectStep(page, 7);
    expect(page.url()).not.toContain('answers');
    await page.getByRole('button', { name: 'Share my answers' }).click();
    const link = await page.getByRole('textbox', { name: 'Link with my answers' }).inputValue();
    expect(link).toMatch(/#preset=repl-async-stale-read&answers=4\.2,5\.2$/);

    // Whoever opens it steps through with the shared picks selected.
    await page.goto(link);
    await expectStep(page, 0);
    for (let n = 1; n <= 3; n++) {
      await page.keyboard.press('ArrowRight');
      await expectStep(page, n);
    }
    await expect(card(page, 4).getByRole('radio', { name: '100', exact: true })).toBeChecked();
    await expect(card(page, 4)).toContainText("the shared attempt's answer");
    expect(page.url()).not.toContain('answers');
    expect(errors).toEqual([]);
  });

  test('a malformed answers part is named in words and the preset still opens', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=repl-async-stale-read&step=3&answers=4.x');
    await expectStep(page, 3);
    await expect(page.getByText('The shared answer "4.x" is not of the form step.choice')).toBeVisible();
    await expect(card(page, 4)).toBeVisible();
    expect(errors).toEqual([]);
  });
});
