import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryPage } from './pages/history-page.js';
import { LinksPage } from './pages/links-page.js';
import { NodePage } from './pages/node-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe("restoring an environment's earlier catalog (issue 17)", () => {
  const suite = useExampleSuite();

  it('lists the kept catalogs on the History screen, restores the earlier one behind a confirmation, and the preview shows its rows again', async () => {
    const { app, header, projectDir } = await suite.open({ autoBuild: false });
    const history = new HistoryPage(app.page);
    const links = new LinksPage(app.page);
    const node = new NodePage(app.page);

    expect(await header.buildWithButton()).toBe('ok');
    await links.openLink('#/node/dim_product?branch=main');
    await app.page.locator('[data-testid="preview-row-count"]:not([data-total="0"])').waitFor();
    const before = Number(await app.page.getByTestId('preview-row-count').getAttribute('data-total'));
    expect(before).toBeGreaterThan(2);

    // A second build with fewer products: the environment now shows two.
    const file = path.join(projectDir, 'models/marts/dim_product.sql');
    await appendFile(file, '\nlimit 2\n');
    expect(await header.buildWithButton()).toBe('ok');
    await node.waitForPreviewTotal(2);

    await history.show();
    await history.showCatalogs();
    await history.catalogRows.nth(1).waitFor();
    expect(await history.catalogCurrent()).toEqual([true, false]);
    await app.screenshot('env-restore-01-catalogs');

    await history.catalogRestore.first().click();
    await history.restoreDialog.waitFor();
    await app.screenshot('env-restore-02-confirm');
    // Cancel changes nothing; Restore goes through.
    await app.page.getByTestId('restore-cancel').click();
    await history.restoreDialog.waitFor({ state: 'hidden' });
    await history.catalogRestore.first().click();
    await app.page.getByTestId('restore-confirm').click();
    await app.page.getByTestId('restored-notice').waitFor();
    await history.catalogRows.nth(1).getByTestId('catalog-current').waitFor();
    expect(await history.catalogCurrent()).toEqual([false, true]);
    await app.screenshot('env-restore-03-restored');

    await links.openLink('#/node/dim_product?branch=main');
    await node.waitForPreviewTotal(before);
    expect(app.consoleErrors).toEqual([]);
  });
});
