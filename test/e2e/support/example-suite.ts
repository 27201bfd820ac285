import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { openExample, type ExampleOptions, type ExampleSession } from './open-example.js';
import { buildRenderer } from './renderer-build.js';

/**
 * The lifecycle most end-to-end files share: one renderer build and one Chromium per file, and a
 * fresh example repository per test, closed after it. Call inside `describe`.
 */
export function useExampleSuite(): { open(options?: ExampleOptions): Promise<ExampleSession> } {
  let rendererDir = '';
  let browser: Browser | undefined;
  let session: ExampleSession | undefined;

  beforeAll(async () => {
    [rendererDir, browser] = await Promise.all([buildRenderer(), launchChromium()]);
  });

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    async open(options = {}) {
      if (!browser) throw new Error('the browser did not start');
      session = await openExample(browser, rendererDir, options);
      return session;
    },
  };
}
