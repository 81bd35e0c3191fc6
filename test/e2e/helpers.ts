import AxeBuilder from '@axe-core/playwright';
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

/**
 * Wait until the timeline shows step `n`. Some steps take seconds (a 100,000-node network
 * is built in one), more on a busy machine: the wait ends as soon as the step shows.
 */
export async function expectStep(page: Page, n: number): Promise<void> {
  await expect(page.locator('.timeline-position strong')).toHaveText(String(n), { timeout: 60_000 });
}

/** Open a preset from the gallery by its title. */
export async function openPreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** axe's serious and critical WCAG 2.1 A/AA violations, after entrance animations have finished. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A record caught at half opacity is not what a reader sees.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}
