import { describe, expect, it } from 'vitest';
import { TestsPage } from './pages/tests-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const VARIATION = 'variation.fact_prescriptions';
const NOT_NULL = 'not_null.fact_prescriptions.customer_id';
const ROW_COUNT = 'row_count.source:lake.customers';
/** screens.css: --test-fail and --test-pass. */
const FAIL_COLOUR = '#d04444';
const PASS_COLOUR = '#2e9d62';

describe('reading the tests: charts with axes and thresholds (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`draws the variation per period and the run history as Vega-Lite charts, thresholds as rules and in words (${viewport.width}x${viewport.height})`, async () => {
      const { app } = await suite.open({ autoBuild: false, viewport });
      const tests = new TestsPage(app.page);
      await tests.show();
      await tests.runAllTests();
      await tests.runAllTests();

      // The variation: one bar per month, September's in the failing colour and below the −20 % rule.
      await tests.open(VARIATION);
      await tests.variationChart.waitFor();
      const chart = tests.variationChart;
      const bars = chart.locator('g.mark-rect.role-mark path');
      expect(await bars.count()).toBe(11);
      const fills = await bars.evaluateAll((paths) => paths.map((path) => path.getAttribute('fill')));
      expect(fills[7]).toBe(FAIL_COLOUR);
      expect(fills.filter((fill) => fill === PASS_COLOUR)).toHaveLength(10);
      const labels = await chart.locator('g.mark-text.role-mark text').allTextContents();
      expect(labels).toEqual(['fails past −20 %', 'warns past −10 %']);
      expect(await chart.locator('g.role-axis-domain').count()).toBeGreaterThanOrEqual(1);
      expect(await chart.locator('g.role-axis-title').allTextContents()).toContain('Change, %');
      expect(await chart.locator('g.role-axis-label text').allTextContents()).toContain('2024-09-01');
      // Rules in layer order: zero, the error threshold, the warning threshold.
      const [zero, errorRule, warnRule] = await Promise.all([0, 1, 2].map((n) => chart.locator('g.mark-rule.role-mark line').nth(n).boundingBox()));
      const september = await bars.nth(7).boundingBox();
      const october = await bars.nth(8).boundingBox();
      if (!zero || !errorRule || !warnRule || !september || !october) throw new Error('the variation chart is not drawn');
      expect(zero.y).toBeLessThan(warnRule.y);
      expect(warnRule.y).toBeLessThan(errorRule.y);
      expect(september.y + september.height).toBeGreaterThan(errorRule.y);
      expect(october.y + october.height).toBeLessThanOrEqual(zero.y + 1);
      expect(await tests.detail.getByTestId('threshold-words').textContent()).toBe(
        'Fails if a value drops by more than 20 % against the period before; warns past 10 %. Baselines under 10 are not judged',
      );
      await tests.historyPoints.nth(1).waitFor();
      expect(await tests.history.textContent()).toMatch(/its threshold is on the change between periods/);
      await app.screenshot(`83-tests-variation-chart-${viewport.width}`);

      // A row test: "!= 0" in words, and its failing rows over the two runs with the limit as a rule.
      await tests.open(NOT_NULL);
      expect(await tests.detail.getByTestId('threshold-words').textContent()).toBe('Fails if there is any row where customer_id is null');
      await tests.historyPoints.nth(1).waitFor();
      expect(await tests.historyPoints.count()).toBe(2);
      expect(await tests.historyChart.locator('g.mark-text.role-mark text').allTextContents()).toEqual(['fails above 0']);
      expect(await tests.historyChart.locator('g.role-axis-title').allTextContents()).toContain('Failing rows');
      expect(await tests.historyChart.locator('g.role-axis-label text').count()).toBeGreaterThan(1);
      await app.screenshot(`84-tests-history-chart-row-test-${viewport.width}`);

      await tests.open(ROW_COUNT);
      expect(await tests.detail.getByTestId('threshold-words').textContent()).toBe('Fails unless the node has at least 1 row');
      await tests.historyPoints.nth(1).waitFor();
      expect(await tests.historyChart.locator('g.mark-text.role-mark text').allTextContents()).toEqual(['fails below 1']);
      const [rule, point] = await Promise.all([tests.historyChart.locator('g.mark-rule.role-mark line').boundingBox(), tests.historyPoints.first().boundingBox()]);
      if (!rule || !point) throw new Error('the history chart is not drawn');
      expect(point.y).toBeLessThan(rule.y);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
