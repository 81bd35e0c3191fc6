// Take screenshots of the built app: `node scripts/screenshot.mjs URL OUT.png [--dark] [--click=SELECTOR...] [--key=KEY...] [--width=1400]`
import { chromium } from '@playwright/test';

const [url, out, ...rest] = process.argv.slice(2);
const dark = rest.includes('--dark');
const width = Number(rest.find((a) => a.startsWith('--width='))?.slice(8) ?? 1400);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: dark ? 'dark' : 'light' });
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(600);
for (const a of rest) {
  if (a.startsWith('--click=')) await page.click(a.slice(8));
  if (a.startsWith('--key=')) await page.keyboard.press(a.slice(6));
  await page.waitForTimeout(250);
}
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
