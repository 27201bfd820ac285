import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Viewport } from './browser.js';

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Console messages of level error or warning, and uncaught exceptions. */
  console: string[];
}

/** Opens a published page from file:// in a fresh context that refuses anything but files. */
export async function openPublished(browser: Browser, index: string, viewport: Viewport = { width: 1280, height: 800 }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const opened: OpenedPage = { page, context, requests: [], console: [] };
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && opened.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => opened.console.push(`uncaught: ${error.message}`));
  await page.goto(pathToFileURL(index).href);
  await page.locator('body[data-drawn="true"]').waitFor({ state: 'attached' });
  return opened;
}

/** The page's CSP refuses eval, which page.waitForFunction relies on; page.evaluate is not subject to it. */
export function becomesTrue(page: Page, expression: string): Promise<void> {
  return expect.poll(() => page.evaluate(expression), { timeout: 90_000, interval: 200 }).toBe(true);
}
