import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

/** The timeline is at step `n`; opening a lab on a busy machine may take a while. */
const expectStep = (page: Page, n: number) => expect(page.locator('.timeline-position strong')).toHaveText(String(n), { timeout: 30_000 });

// The worker's script is served by the test's route below, never by a service worker's cache.
test.use({ serviceWorkers: 'block' });

const failure = (page: Page) => page.getByRole('alert', { name: 'The engine stopped' });
const status = (page: Page) => page.getByRole('status', { name: 'Engine progress' });

/** Opening a gallery card works: the engine recovered. */
async function cardOpens(page: Page) {
  await page.locator('button.card[data-preset="pg-bank-transfer-survives"]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'The bank transfer survives the crash' })).toBeVisible({ timeout: 30_000 });
  await expectStep(page, 0);
}

test.describe('When a link takes longer than the engine may', () => {
  test('the gallery shows progress, then names the timeout with the ways out; the worker is terminated and the next card opens', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    // The page's clock runs as usual until the test moves it on past the engine's timeout.
    await page.clock.install();
    const worker = page.waitForEvent('worker');
    await page.goto('./#preset=kademlia-100k&step=1');
    const closed = new Promise<void>((done) => void worker.then((w) => w.on('close', () => done())));
    await expect(status(page)).toHaveText('Working… opening “100,000 nodes” at step 1');
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
    await page.clock.fastForward('01:05');
    await expect(failure(page)).toContainText('“100,000 nodes” could not be opened at step 1. The engine gave no answer within');
    await expect(failure(page).getByRole('button', { name: 'Try again' })).toBeVisible();
    await closed;
    await expect(status(page)).toHaveText('');
    await failure(page).getByRole('button', { name: 'Pick another scenario' }).click();
    await expect(failure(page)).toHaveCount(0);
    await cardOpens(page);
    expect(errors).toEqual([]);
  });

  test('Stop gives the gallery back at once, and a card opens', async ({ page }) => {
    await page.goto('./#preset=kademlia-100k&step=1');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(status(page)).toHaveText('');
    await cardOpens(page);
  });
});

test.describe('When the engine crashes', () => {
  test('while a link opens: the gallery names the crash, and Try again opens the link on a new engine', async ({ page }) => {
    // The engine's script fails as it starts, as a worker that cannot run would.
    await page.route('**/engine.worker-*.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("simulated engine crash");' }),
    );
    await page.goto('./#preset=pool-of-10&step=2');
    await expect(failure(page)).toContainText('“A pool of 10” could not be opened at step 2. The engine crashed', { timeout: 30_000 });
    await page.unrouteAll();
    await failure(page).getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'A pool of 10' })).toBeVisible({ timeout: 30_000 });
    await expectStep(page, 2);
    await expect(failure(page)).toHaveCount(0);
  });

  test('while a lab is open: the lab names it, Restart returns to the same step, and after Back to the gallery a card opens', async ({
    page,
  }) => {
    const worker = page.waitForEvent('worker');
    await page.goto('./#preset=pool-of-10&step=2');
    await expectStep(page, 2);
    // An error thrown in the worker outside any call, as an engine bug or running out of memory would.
    await (
      await worker
    ).evaluate(() =>
      setTimeout(() => {
        throw new Error('simulated engine crash');
      }),
    );
    await expect(failure(page)).toContainText('The engine crashed');
    await failure(page).getByRole('button', { name: 'Restart from this scenario' }).click();
    await expect(failure(page)).toHaveCount(0);
    await expectStep(page, 2);
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 3);

    // The restart's engine is the one worker left (the crashed one was terminated).
    await expect.poll(() => page.workers().length).toBe(1);
    await page.workers()[0]?.evaluate(() =>
      setTimeout(() => {
        throw new Error('simulated engine crash');
      }),
    );
    await expect(failure(page)).toBeVisible();
    await failure(page).getByRole('button', { name: 'Back to the gallery' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' })).toBeVisible();
    await cardOpens(page);
  });
});
