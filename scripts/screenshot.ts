// Take screenshots of the built app:
// `npx tsx scripts/screenshot.ts URL OUT.png [--dark] [--click=SELECTOR...] [--key=KEY...] [--width=1400] [--height=900]`
import { launchChromium } from '../bench/browser';

const [url, out, ...rest] = process.argv.slice(2);
const option = (name: string, fallback: number): number => Number(rest.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const dark = rest.includes('--dark');
const browser = await launchChromium();
const page = await browser.newPage({
  viewport: { width: option('width', 1400), height: option('height', 900) },
  colorScheme: dark ? 'dark' : 'light',
});
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(url);
// A lab's panels are a lazy chunk and its engine runs in a worker: wait until the network is quiet.
await page.waitForLoadState('networkidle');
for (const a of rest) {
  if (a.startsWith('--click=')) await page.click(a.slice(8));
  if (a.startsWith('--key=')) await page.keyboard.press(a.slice(6));
  await page.waitForTimeout(250);
}
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
