import { expect, type Page, test } from '@playwright/test';
import { expectStep, seriousViolations, watchErrors } from './helpers';

const galleryTitle = (page: Page) => page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' });
const labTitle = (page: Page, name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 30_000 });
const bar = (page: Page) => page.getByRole('navigation', { name: 'Course: Atomicity' });

/** Step forward with the keyboard from step `from` to step `to`, one press at a time. */
async function stepTo(page: Page, from: number, to: number) {
  for (let n = from + 1; n <= to; n++) {
    await page.keyboard.press('ArrowRight');
    await expectStep(page, n);
  }
}

test.describe('When a visitor takes a course', () => {
  test('starts it from the gallery, finishes a chapter by stepping to its end, goes on with Next chapter, resumes after a reload, and Back returns', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    const startHere = page.getByRole('region', { name: /^Start here/ });
    // "Start here" opens the gallery, above the full catalogue.
    await expect(startHere.getByRole('link')).toHaveCount(6);
    const firstCatalogueCard = page.locator('button.card').first();
    expect((await startHere.boundingBox())!.y).toBeLessThan((await firstCatalogueCard.boundingBox())!.y);

    await startHere.getByRole('link', { name: /^Atomicity/ }).click();
    await expect(page).toHaveURL(/#course=atomicity$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Atomicity' })).toBeVisible();
    await page.getByRole('link', { name: /^Start: chapter 1/ }).click();
    await labTitle(page, 'Recipe platform: all three writes or none');
    await expect(bar(page)).toContainText('Chapter 1 of 4: A crash halfway through');

    await stepTo(page, 0, 5);
    await expect(page).toHaveURL(/#course=atomicity&ch=1&step=5$/);
    await expect(bar(page).getByRole('link', { name: 'Chapter 1: A crash halfway through, finished' })).toHaveText('✓');
    await page
      .getByRole('link', { name: /^Next chapter: The COMMIT record decides/ })
      .first()
      .click();
    await labTitle(page, 'Crash after commit: all three survive');
    await expect(bar(page)).toContainText('Chapter 2 of 4');
    await stepTo(page, 0, 2);
    await expect(page).toHaveURL(/#course=atomicity&ch=2&step=2$/);

    await page.reload();
    await expectStep(page, 2);
    await expect(bar(page)).toContainText('Chapter 2 of 4');
    await expect(bar(page).getByRole('link', { name: 'Chapter 1: A crash halfway through, finished' })).toBeVisible();

    // Back: chapter 1 at its end, the course page (continue where the visitor left), the gallery.
    await page.goBack();
    await labTitle(page, 'Recipe platform: all three writes or none');
    await expectStep(page, 5);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Atomicity' })).toBeVisible();
    await expect(page.getByRole('link', { name: /^Continue: chapter 2, step 2/ })).toHaveAttribute('href', '#course=atomicity&ch=2&step=2');
    await page.goBack();
    await expect(galleryTitle(page)).toBeVisible();
    await expect(startHere.getByRole('link', { name: /^Atomicity/ })).toContainText('1 of 4 chapters finished');
    expect(await seriousViolations(page)).toEqual([]);

    // A new visit resumes from the course page.
    const again = await page.context().newPage();
    await again.goto('./#course=atomicity');
    await again.getByRole('link', { name: /^Continue: chapter 2, step 2/ }).click();
    await labTitle(again, 'Crash after commit: all three survive');
    await expectStep(again, 2);
    expect(errors).toEqual([]);
  });

  test('a bad course link says what is wrong: an unknown course over the gallery, an unknown chapter over its course', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#course=atomicty');
    await expect(page.getByRole('alert')).toContainText('There is no course "atomicty". The courses are: Atomicity,');
    await expect(galleryTitle(page)).toBeVisible();
    await page.goto('./#course=durability&ch=12');
    await expect(page.getByRole('alert')).toContainText('“Durability” has chapters 1 to 7; there is no chapter "12".');
    await expect(page.getByRole('heading', { level: 1, name: 'Durability' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
