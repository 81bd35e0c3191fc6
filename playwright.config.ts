import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright cannot download browsers on this kind of machine. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The preview server's port; set E2E_PORT to run beside another preview. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The build the preview serves; set E2E_DIST to test a build made elsewhere (`vite build --outDir`). */
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A test's time limit, not its pace: waits end as soon as their condition holds. The
  // accessibility scans of a large lab take 10-15 s on a busy 2-core machine.
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
