import { describe, expect, it } from 'vitest';
import { PalettePage } from './pages/palette-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

describe('the read-only SQL console on the branch environment (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`starts from the open node, runs a SELECT with Ctrl+Enter into the grid, refuses COPY and ATTACH by name (${viewport.width}x${viewport.height})`, async () => {
      const { app, lineage, node, header } = await suite.open({ autoBuild: false, viewport });
      await header.buildWithButton();
      await lineage.open('dim_product');
      await node.waitForPreviewTotal(20);

      // Opened from the palette, prefilled with the node's rows; Ctrl+Enter runs it into the same grid as the preview.
      const palette = new PalettePage(app.page);
      await palette.openWithKeyboard();
      await palette.filter('sql console');
      expect(await palette.selectedTitle()).toBe('Open the SQL console');
      await app.page.keyboard.press('Enter');
      await node.consoleEditor.waitFor();
      expect(await node.consoleSql()).toBe('select * from "dim_product" limit 100');
      await node.consoleEditor.click();
      await app.page.keyboard.press('Control+Enter');
      await app.page.locator('[data-testid="console-row-count"][data-rows="20"]').waitFor();
      expect(await node.consoleSql()).toBe('select * from "dim_product" limit 100');

      await node.runInConsole('select brand, count(*) as products, max(list_price) as top_price\nfrom dim_product\ngroup by brand\norder by products desc, brand');
      await app.page.locator('[data-testid="console-row-count"][data-rows="12"]').waitFor();
      expect((await node.consoleValues('brand')).slice(0, 2)).toEqual(['Arteva', 'Betaxen']);
      expect(await app.page.locator('[data-testid="sql-console"] [data-testid="preview-column"]').evaluateAll((heads) => heads.map((head) => head.getAttribute('data-column')))).toEqual(['brand', 'products', 'top_price']);
      await app.screenshot(`97-sql-console-${viewport.width}`);

      // What would write a file, or open another database, is refused with the reason.
      await node.runInConsole("copy (select * from dim_product) to '/tmp/assay-console-stolen.csv'");
      await node.consoleError.waitFor();
      expect(await node.consoleError.textContent()).toContain('only a single SELECT can be run here (no COPY, ATTACH, SET, CREATE, INSERT, ...)');
      await app.screenshot(`98-sql-console-refused-${viewport.width}`);
      await node.runInConsole("attach '/tmp/other.duckdb' as other");
      await app.page.locator('[data-testid="console-error"]', { hasText: 'only a single SELECT' }).waitFor();
      await node.runInConsole('select no_such_column from dim_product');
      await app.page.locator('[data-testid="console-error"]', { hasText: /the query fails on environment 'main': Binder Error: .*no_such_column/ }).waitFor();

      // The console's text is kept while switching to the data and back; another node starts afresh.
      await node.dataTab.click();
      await node.waitForPreviewTotal(20);
      await node.openConsole();
      expect(await node.consoleSql()).toBe('select no_such_column from dim_product');
      await lineage.show();
      await lineage.open('source:lake.products');
      await node.openConsole();
      await expect.poll(() => node.consoleSql()).toMatch(/^select \* from read_parquet\('.*\.parquet'\) limit 100$/);
      await node.consoleRun.click();
      await app.page.locator('[data-testid="console-row-count"]:not([data-rows="0"])').waitFor();
      await app.screenshot(`99-sql-console-source-${viewport.width}`);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
