import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const screenshotDir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The size the UI is designed for, and the smallest laptop screen it must hold at. */
export const DESIGN_VIEWPORT = { width: 1280, height: 800 };
export const SMALL_VIEWPORT = { width: 1024, height: 700 };

export type Viewport = typeof DESIGN_VIEWPORT;

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far; a test ends by asserting there were none. */
  consoleErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A page in a fresh context (no cookies, no storage), at the size the UI is designed for unless told. */
export async function openAppPage(browser: Browser, url: string, viewport: Viewport = DESIGN_VIEWPORT): Promise<AppPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return {
    page,
    consoleErrors,
    screenshot: async (name) => {
      await mkdir(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
    },
    close: () => context.close(),
  };
}
