import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { TestsPage } from './pages/tests-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

/** Each test chip inside `scope` as `kind:status`. */
async function chips(scope: Locator): Promise<string[]> {
  return scope.locator('[data-testid="doc-test"]').evaluateAll((found) => found.map((chip) => `${chip.getAttribute('data-kind')}:${chip.getAttribute('data-status')}`));
}

/** A description with markup in it: it must read as text, never become elements of the page. */
async function describeWithMarkup(projectDir: string): Promise<void> {
  const file = path.join(projectDir, 'models/marts/schema.yml');
  const text = await readFile(file, 'utf8');
  const description = 'One row per day. <img src=x onerror=document.title=42> **Bold** and [the docs](https://example.com).';
  await writeFile(file, text.replace("description: One row per day for two years from var('launch_date').", `description: '${description}'`));
  await commitAll(projectDir, 'markup in a description');
}

const numbers = (values: string[]) => values.map(Number);
const ascending = (values: number[]) => values.every((value, i) => i === 0 || (values[i - 1] as number) <= value);

describe('the model view: docs from schema.yml with test statuses, a sortable and filterable preview (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`shows descriptions and each column's tests with their latest status; sorts and filters in DuckDB (${viewport.width}x${viewport.height})`, async () => {
      const { app, lineage, node } = await suite.open({ autoBuild: false, viewport, prepare: describeWithMarkup });
      const page = app.page;

      // Before any test run: the docs come from schema.yml, every test "not run".
      await lineage.open('dim_product');
      await node.columnsTab.click();
      await expect.poll(() => chips(node.columnRow('list_price'))).toEqual(['range:not-run']);

      const tests = new TestsPage(page);
      await tests.show();
      await tests.runAllTests();
      await lineage.show();
      await lineage.open('dim_product');

      // Columns: the environment's columns and types, each with its description and tests.
      await node.columnsTab.click();
      await expect.poll(() => chips(node.columnRow('list_price'))).toEqual(['range:pass']);
      expect(await node.columnRow('list_price').textContent()).toContain('Price of one pack, in euros.');
      expect(await node.columnRow('list_price').textContent()).toContain('DECIMAL');
      expect(await chips(node.columnRow('product_id'))).toEqual(['unique:pass', 'not_null:pass']);
      expect(await chips(node.columnRow('manufacturer'))).toEqual([]);
      await app.screenshot(`91-model-docs-columns-${viewport.width}`);

      // The model's own description and tests: the failing variation of fact_prescriptions shows as failing.
      await lineage.show();
      await lineage.open('fact_prescriptions');
      await node.docsTab.click();
      expect(await node.nodeDescription.textContent()).toContain('Valid prescription lines (see qa_prescriptions_flagged)');
      // Its two unit tests (models/marts/unit_tests.yml) are tests of the whole node too.
      await expect.poll(() => chips(node.nodeDocs)).toEqual(['expression:pass', 'variation:fail', 'unit_test:pass', 'unit_test:pass']);
      await app.screenshot(`92-model-docs-failing-${viewport.width}`);

      // Markdown from a {% docs %} block reads as text with code spans, never as HTML.
      await lineage.show();
      await lineage.open('customers_per_month');
      await node.docsTab.click();
      expect(await node.nodeDescription.locator('code').allTextContents()).toEqual(['customers', 'qa_lake_deliveries']);
      expect(await node.nodeDescription.textContent()).not.toContain('`');

      // Markup in a description is shown as the characters written; Markdown's strong and link read as such.
      await lineage.show();
      await lineage.open('dim_date');
      await node.docsTab.click();
      expect(await node.nodeDescription.textContent()).toContain('<img src=x onerror=');
      expect(await node.nodeDescription.locator('img').count()).toBe(0);
      expect(await node.nodeDescription.locator('strong').allTextContents()).toEqual(['Bold']);
      expect(await node.nodeDescription.locator('a').count()).toBe(0);
      expect(await page.title()).not.toBe('42');
      expect(await page.getByTestId('node-summary').textContent()).toBe('One row per day. <img src=x onerror=document.title=42> Bold and the docs.');
      await app.screenshot(`92b-model-docs-markup-${viewport.width}`);

      // A source: its docs and column tests beside its rows.
      await lineage.show();
      await lineage.open('source:lake.prescriptions');
      expect(await node.nodeDescription.textContent()).toContain('Prescription lines as delivered by the data supplier');
      await expect.poll(() => chips(node.columnRow('quantity'))).toEqual([expect.stringMatching(/^range:(pass|warn)$/)]);
      await page.locator('[data-testid="preview-row-count"]:not([data-total="0"])').waitFor();
      expect(await node.columnRow('quantity').getAttribute('data-built')).toBe('true');
      await app.screenshot(`93-source-docs-${viewport.width}`);

      // Sorting: a click on a header sorts ascending, a second descending, a third restores the order.
      await lineage.show();
      await lineage.open('dim_product');
      await node.waitForPreviewTotal(20);
      const unsorted = await node.shownValues('product_id', 20);
      await node.sortBy('list_price', 'ascending');
      const up = numbers(await node.shownValues('list_price', 20));
      expect(ascending(up)).toBe(true);
      await node.sortBy('list_price', 'descending');
      const down = numbers(await node.shownValues('list_price', 20));
      expect(down).toEqual([...up].reverse());
      await app.screenshot(`94-preview-sorted-${viewport.width}`);
      await node.sortBy('list_price', 'none');
      await expect.poll(() => node.shownValues('product_id', 20)).toEqual(unsorted);

      // Filtering: typed by the column, pushed to DuckDB, and the total counts what passes.
      await node.filter('brand', 'velm');
      await node.waitForPreviewTotal(2);
      expect(new Set(await node.shownValues('brand', 2))).toEqual(new Set(['Velmora']));
      await node.filter('list_price', '200..300');
      await node.waitForPreviewTotal(1);
      expect(await node.shownValues('list_price', 1)).toEqual(['212']);
      await app.screenshot(`95-preview-filtered-${viewport.width}`);
      await node.filter('list_price', 'cheap');
      expect(await node.filterError.textContent()).toContain('“cheap” is not a number (list_price is DECIMAL');
      expect(await node.filterBox('list_price').getAttribute('aria-invalid')).toBe('true');
      await node.waitForPreviewTotal(2);
      await app.screenshot(`96-preview-filter-error-${viewport.width}`);
      await node.clearFilters.click();
      await node.waitForPreviewTotal(20);
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
