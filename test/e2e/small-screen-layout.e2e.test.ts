import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DashboardsPage } from './pages/dashboards-page.js';
import { TestsPage } from './pages/tests-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const ELEMENTS = ['customers_per_month', 'market_share', 'top_prescribers', 'customer_variation'];

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} is not drawn`);
  return found;
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the layout at 1024x700 and 1280x800 (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [SMALL_VIEWPORT, DESIGN_VIEWPORT]) {
    it(`keeps titles, counts and controls apart, each on its line (${viewport.width}x${viewport.height})`, async () => {
      const { app } = await suite.open({ autoBuild: false, viewport });
      const page = app.page;
      const noSidewaysScroll = async () => expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);

      const tests = new TestsPage(page);
      await tests.show();
      await tests.runAllTests();
      // The header, with the build status of the test run beside it: "no changes" and "New branch" on one line.
      const build = await box(page.getByTestId('build-button'));
      expect(Math.abs((await box(page.getByTestId('new-branch-button'))).height - build.height)).toBeLessThan(2);
      expect((await box(page.getByTestId('clean-indicator'))).height).toBeLessThan(22);
      expect((await box(page.getByTestId('branch-bar'))).x + (await box(page.getByTestId('branch-bar'))).width).toBeLessThanOrEqual((await box(page.getByTestId('build-controls'))).x);

      // Tests: the toolbar in one row, and the table within its pane.
      expect((await box(page.locator('[data-testid="tests-screen"] .screen-toolbar'))).height).toBeLessThan(60);
      expect(await page.evaluate(`(() => { const pane = document.querySelector('[data-testid="tests-screen"] .table-pane'); return pane.scrollWidth <= pane.clientWidth; })()`)).toBe(true);
      await noSidewaysScroll();
      await app.screenshot(`88-layout-tests-${viewport.width}`);

      // Dashboards: each tile's title never runs into its row count, and reads in at most two lines.
      const dashboards = new DashboardsPage(page);
      await dashboards.show();
      for (const name of ELEMENTS) await dashboards.drawnChart(name).waitFor({ timeout: 120_000 });
      for (const name of ELEMENTS) {
        const tile = dashboards.tile(name);
        const [title, rows, whole] = await Promise.all([box(tile.getByTestId('tile-title')), box(tile.getByTestId('tile-rows')), box(tile)]);
        expect(overlap(title, rows), `${name}: title over its row count`).toBe(false);
        const fontSize = Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('[data-testid="tile-${name}"] [data-testid="tile-title"]')).fontSize)`));
        // Two lines of 14-pixel text are about 34 pixels high; three, about 50.
        expect(title.height, `${name}: lines of its title`).toBeLessThan(fontSize * 3);
        expect(title.width, `${name}: width of its title`).toBeGreaterThan(whole.width * 0.45);
      }
      await noSidewaysScroll();
      await app.screenshot(`89-layout-dashboards-${viewport.width}`);
      await dashboards.tile('market_share').scrollIntoViewIfNeeded();
      await app.screenshot(`90-layout-dashboards-market-share-${viewport.width}`);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
