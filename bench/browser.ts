/** Debian's Chromium, launched the way this machine allows (no Playwright browser downloads). */
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';

// One list of Chromium flags for the tests and the benchmarks (see playwright.config.ts).
export const CHROMIUM_PATH = CHROMIUM;
export const CHROMIUM_FLAGS = ['--headless', ...CHROMIUM_ARGS] as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS], headless: true });
}
