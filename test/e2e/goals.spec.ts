import { expect, test } from '@playwright/test';
import { expectStep, openPreset, watchErrors } from './helpers';

test.describe('When a visitor opens the torn-page preset', () => {
  test('step 0 says what it shows, the goal stays one click away, and the end lists each expectation and why the failure is the lesson', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'Torn page without full_page_writes');
    await expectStep(page, 0);
    const goal = page.getByRole('note', { name: 'What this shows' });
    await expect(goal).toBeVisible();
    await expect(goal).toContainText('without full_page_writes nothing can repair it');

    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 1);
    await expect(goal).toHaveCount(0);
    const recall = page.locator('details.goal-recall');
    await recall.locator('summary').click();
    await expect(recall).toContainText('without full_page_writes nothing can repair it');

    await page.keyboard.press('End');
    await expectStep(page, 8);
    const lines = page.getByRole('list', { name: 'What was expected, and what happened' }).getByRole('listitem');
    await expect(lines).toHaveCount(2);
    await expect(lines.first()).toContainText('✓');
    await expect(lines.first()).toContainText('recovery fails and the server stays down');
    await expect(lines.first()).toContainText(
      'Recovery failed, as this lesson expects: a torn page without a full-page image cannot be repaired',
    );
    await expect(lines.first()).toBeInViewport();
    expect(errors).toEqual([]);
  });
});

test.describe('When the narration is a strip that scrolls in itself (a phone)', () => {
  test('the last step shows the outcome in the strip, and going back to step 0 shows the goal again', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=2pc-coordinator-crash-in-doubt&step=11');
    await expectStep(page, 11);
    await expect(page.getByText('Expected outcome reached: the failure is the lesson')).toBeInViewport();
    await page.keyboard.press('Home');
    await expectStep(page, 0);
    await expect(page.getByRole('note', { name: 'What this shows' })).toBeInViewport({ ratio: 1 });
  });
});
