import { expect, type Page } from '@playwright/test';

/** Fail the test on any console error or uncaught exception in the page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The step counter under the timeline, as a number. */
export async function currentStep(page: Page): Promise<number> {
  const text = await page.locator('.timeline-position strong').textContent();
  return Number(text);
}

export async function expectStep(page: Page, n: number): Promise<void> {
  await expect(page.locator('.timeline-position strong')).toHaveText(String(n));
}

/** Open a preset from the gallery by its title. */
export async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
