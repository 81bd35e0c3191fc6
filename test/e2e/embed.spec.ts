import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

/*
 * The host is a page on another origin: a file (file:// is an opaque origin of its own). A page
 * served by page.route under a made-up name would do too, but Chromium counts a routed response as
 * public, and a public page may not frame the loopback preview (local network access checks).
 */

/** A blog post with the player's snippet in it, and a log of what the player says. */
const hostPage = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A blog post about write-ahead logs</title>
<style>body { font: 17px/1.6 Georgia, serif; max-width: 820px; margin: 2rem auto; padding: 0 1rem; color: #222; }
iframe { display: block; margin: 1.5rem 0; }</style></head>
<body>
<h1>What a crash after COMMIT keeps</h1>
<p>A database promises that a committed transaction survives a crash. Here is how the write-ahead log keeps that promise,
step by step: press play, or use the arrow keys inside the player.</p>
${snippet}
<p id="log">The player has not spoken yet.</p>
<p>After the crash, recovery reads the log from the last checkpoint and redoes what committed.</p>
<script>
  window.notices = [];
  addEventListener('message', (e) => {
    if (!e.data || e.data.type !== 'walkthrough:frame') return;
    window.notices.push({ ...e.data, origin: e.origin });
    document.getElementById('log').textContent = 'The player is at step ' + e.data.step + ' of ' + e.data.total + '.';
  });
  window.send = (m) => document.querySelector('iframe').contentWindow.postMessage(m, '*');
</script>
</body></html>`;

/** Write the host page, with `snippet` in it, as a file, and open it. */
const openHost = async (page: Page, snippet: string) => {
  const file = test.info().outputPath('post.html');
  await writeFile(file, hostPage(snippet));
  await page.goto(pathToFileURL(file).href);
};

const notices = (page: Page) => page.evaluate(() => (window as unknown as { notices: { step: number }[] }).notices.map((n) => n.step));
const send = (page: Page, message: unknown) => page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), message);

test.describe('When a page on another origin embeds the player', () => {
  test('the snippet from "Embed" shows steps a..b, answers seek, play and pause, and tells the host each step', async ({
    page,
    baseURL,
  }) => {
    const errors = watchErrors(page);
    // The snippet, as a user copies it from the lab view: from the current step (2) to step 4.
    await page.goto('./#preset=recipe-crash-after-commit&step=2');
    await page.getByRole('button', { name: 'Embed' }).click();
    await page.getByRole('spinbutton', { name: 'To step' }).fill('4');
    const snippet = await page.getByRole('textbox', { name: 'HTML to paste' }).inputValue();
    expect(snippet).toContain(`src="${baseURL}embed.html#preset=recipe-crash-after-commit&amp;from=2&amp;to=4"`);
    expect(snippet).toContain('sandbox="allow-scripts allow-same-origin');

    await openHost(page, snippet);
    const player = page.frameLocator('iframe');
    await expect(player.getByRole('heading', { level: 2, name: 'Step 2 of 7' })).toBeVisible({ timeout: 30_000 });
    await expect(player.locator('.lab-panels-root .panel').first()).toBeVisible();
    await expect(player.getByRole('button', { name: /gallery/i })).toHaveCount(0);
    await expect(player.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
    await expect(page.locator('#log')).toHaveText('The player is at step 2 of 7.');
    // The frame messages come from the player's origin; the host cannot reach into the player.
    expect(await page.evaluate(() => (window as unknown as { notices: { origin: string }[] }).notices[0]?.origin)).toBe(
      new URL(baseURL ?? '').origin,
    );
    expect(await page.evaluate(() => document.querySelector('iframe')?.contentDocument ?? null)).toBeNull();

    const position = player.locator('.timeline-position strong');
    await send(page, { type: 'walkthrough:seek', step: 3 });
    await expect(position).toHaveText('3');
    await expect(page.locator('#log')).toHaveText('The player is at step 3 of 7.');

    // The range holds: past its end is clamped (and said), and the player's own controls stop there.
    await send(page, { type: 'walkthrough:seek', step: 7 });
    await expect(player.locator('.embed-note')).toContainText('Step 7 is outside this player’s steps 2–4, so it shows step 4.');
    await expect(position).toHaveText('4');
    await expect(player.getByRole('button', { name: 'Step forward' })).toBeDisabled();
    await send(page, { type: 'walkthrough:seek', step: 2.5 });
    await expect(player.locator('.embed-note')).toContainText('step 2.5, which is not a step number');
    await send(page, { type: 'something-else', step: 2 });
    await send(page, 'walkthrough:seek');

    // Play from the start of the range runs to its end and stops; pause stops it on the way.
    await send(page, { type: 'walkthrough:seek', step: 2 });
    await expect(position).toHaveText('2');
    await send(page, { type: 'walkthrough:play' });
    await expect(player.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(position).toHaveText('3');
    await send(page, { type: 'walkthrough:pause' });
    await expect(player.getByRole('button', { name: 'Play' })).toBeVisible();
    await send(page, { type: 'walkthrough:play' });
    await expect(position).toHaveText('4');
    await expect(player.getByRole('button', { name: 'Play' })).toBeVisible();

    const steps = await notices(page);
    expect(steps).toEqual([2, 3, 4, 2, 3, 4]);
    expect(errors).toEqual([]);
  });

  test('a broken link says what is wrong inside the player', async ({ page, baseURL }) => {
    const errors = watchErrors(page);
    const src = `${baseURL}embed.html#preset=recipe-crash-after-commit&from=5&to=2`;
    await openHost(
      page,
      `<iframe src="${src}" title="Player" width="800" height="500" sandbox="allow-scripts allow-same-origin"></iframe>`,
    );
    const alert = page.frameLocator('iframe').getByRole('alert');
    await expect(alert).toContainText('This player’s link could not be opened');
    await expect(alert).toContainText('The step range is backwards: from (5) is after to (2).');
    expect(await notices(page)).toEqual([]);
    for (const [hash, words] of [
      ['#preset=no-such-thing', 'There is no preset "no-such-thing"'],
      ['#preset=recipe-crash-after-commit&to=99', 'has steps 0 to 7'],
      ['#s=1.N4IgDiBcIE4KYGMCWY4FoCGAbLaD2&from=0', 'truncated or corrupted'],
    ]) {
      await page.goto(`./embed.html${hash}`);
      await expect(page.getByRole('alert')).toContainText(words);
    }
    expect(errors).toEqual([]);
  });
});

test.describe('When the network goes away after the first visit', () => {
  test('the player still opens, from the service worker', async ({ page, context }) => {
    await page.goto('./');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await context.setOffline(true);
    await page.goto('./embed.html#preset=recipe-crash-after-commit&from=1&to=3');
    await expect(page.getByRole('heading', { level: 2, name: 'Step 1 of 7' })).toBeVisible();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect(page.locator('.timeline-position strong')).toHaveText('2');
    await context.setOffline(false);
  });
});
