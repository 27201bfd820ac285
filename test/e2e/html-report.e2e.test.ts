import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../electron/core/reports/html-report.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { DESIGN_VIEWPORT, launchChromium, SMALL_VIEWPORT } from './support/browser.js';
import { createExampleRepo } from './support/example-project.js';

/** A window a reviewer might read the report in beside the code: half a laptop screen. */
const HALF_SCREEN = { width: 560, height: 700 };

describe('the HTML test report in Chromium (issue 19)', () => {
  let browser: Browser | undefined;
  let reportUrl = '';

  beforeAll(async () => {
    const root = await createExampleRepo();
    const [started, report] = await Promise.all([launchChromium(), runTestPipeline({ projectRoot: root })]);
    browser = started;
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'assay-report-')), 'report.html');
    await writeFile(file, htmlReport(report));
    reportUrl = pathToFileURL(file).href;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT, HALF_SCREEN]) {
    it(`draws its own status icons, opens on the failures with links to them, and keeps dates on one line (${viewport.width}x${viewport.height})`, async () => {
      if (!browser) throw new Error('the browser did not start');
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(reportUrl);

      // Icons are the report's own SVG: drawn at their size with no font, and no emoji left in the text.
      const rowIcons = page.locator('table.tests > tbody > tr > td:first-child svg.icon');
      expect(await rowIcons.count()).toBe(await page.locator('table.tests > tbody > tr').count());
      const box = await rowIcons.first().boundingBox();
      expect(box && Math.round(box.width)).toBe(14);
      expect(await page.locator('p.counts svg.icon').evaluateAll((icons) => icons.map((icon) => icon.getAttribute('aria-label')))).toEqual(['pass', 'warn', 'fail', 'error', 'skipped']);
      expect(await page.locator('body').innerText()).not.toMatch(/\p{Extended_Pictographic}/u);

      // The failures come first, each a link that brings its row into view.
      const attention = page.locator('#attention');
      const [attentionBox, firstStage] = await Promise.all([attention.boundingBox(), page.locator('table.tests').first().boundingBox()]);
      expect(attentionBox && firstStage && attentionBox.y < firstStage.y).toBe(true);
      expect(await attention.locator('h3').allTextContents()).toEqual(['Failing 1', 'Warnings 3']);
      await page.screenshot({ path: path.resolve(`test-results/screenshots/85-html-report-top-${viewport.width}.png`) });
      await attention.getByRole('link', { name: 'variation on fact_prescriptions' }).click();
      expect(new URL(page.url()).hash).toBe('#test-variation.fact_prescriptions');
      const target = page.locator('tr:target');
      expect(await target.getAttribute('class')).toBe('fail');
      const row = await target.boundingBox();
      expect(row && row.y >= 0 && row.y < viewport.height).toBe(true);
      await page.screenshot({ path: path.resolve(`test-results/screenshots/86-html-report-failing-row-${viewport.width}.png`) });

      // Every date is one unbroken line: as tall as one line of its text.
      expect(await page.locator('dd time.when').count()).toBe(2);
      const times = page.locator('.when');
      expect(await times.count()).toBeGreaterThan(11);
      const lineHeight = await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('dd')).lineHeight)`);
      for (const time of await times.all()) {
        const timeBox = await time.boundingBox();
        if (timeBox) expect(timeBox.height, (await time.textContent()) ?? '').toBeLessThan((lineHeight as number) * 1.5);
      }
      // A laptop screen reads it without scrolling sideways (half a screen may have to, for the tables).
      if (viewport.width >= SMALL_VIEWPORT.width) expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
