import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startAssay, type AssayOptions, type RunningAssay } from './assay-server.js';
import { launchChromium, openAppPage, type AppPage } from './browser.js';
import { openExample, type ExampleOptions, type ExampleSession } from './open-example.js';
import { buildRenderer } from './renderer-build.js';

export interface ExampleSuite {
  /** A fresh example repository, browser mode serving it, and the app opened on it. */
  open(options?: ExampleOptions): Promise<ExampleSession>;
  /** Browser mode and the app on its project picker, with no project opened. */
  start(options?: AssayOptions): Promise<{ assay: RunningAssay; app: AppPage }>;
  /** The file's Chromium, for pages outside the app (a published folder). */
  browser(): Browser;
}

/**
 * The lifecycle the end-to-end files share: one renderer build and one Chromium per file, and
 * whatever a test starts (the server, the app, the example) closed after it. Call inside `describe`.
 */
export function useExampleSuite(): ExampleSuite {
  let rendererDir = '';
  let browser: Browser | undefined;
  const closers: (() => Promise<void>)[] = [];
  const started = () => {
    if (!browser) throw new Error('the browser did not start');
    return browser;
  };

  beforeAll(async () => {
    [rendererDir, browser] = await Promise.all([buildRenderer(), launchChromium()]);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    async open(options = {}) {
      const session = await openExample(started(), rendererDir, options);
      closers.push(session.close);
      return session;
    },
    async start(options = {}) {
      const assay = await startAssay(rendererDir, options);
      closers.push(() => assay.stop());
      const app = await openAppPage(started(), assay.url);
      closers.push(() => app.close());
      return { assay, app };
    },
    browser: started,
  };
}
