import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { writeShopOnWarehouse } from '../helpers/warehouse-project.js';
import { DashboardsPage } from './pages/dashboards-page.js';
import { LinksPage } from './pages/links-page.js';
import { ProjectPickerPage } from './pages/project-picker-page.js';
import { useExampleSuite } from './support/example-suite.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse publish tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

/** The shop with every order's region known (so the gate can say go) and a dashboard with a test. */
const RELEASABLE = {
  'seeds/orders.csv': 'order_id,region,amount\n1,NE,10\n2,MW,20\n3,NE,5\n',
  'dashboards/sales.yml': [
    'title: Sales by region',
    'elements:',
    '  - name: by_region',
    '    query: |',
    "      select code, name, sales from {{ ref('region_sales') }} order by code",
    '    spec: {mark: bar, encoding: {x: {field: code, type: nominal}, y: {field: sales, type: quantitative}}}',
    '    tests:',
    '      - row_count: {min: 1}',
    '',
  ].join('\n'),
};

describe.skipIf(!started.ok)('publishing the dashboards from a warehouse target (issue 16)', () => {
  const suite = useExampleSuite();

  it('offers local DuckDB or the PostgreSQL target, gates and publishes on the one chosen, and the result names it', async () => {
    const db = await server.createDatabase();
    const root = await writeShopOnWarehouse(db, RELEASABLE);
    const head = (await simpleGit(root).revparse(['HEAD'])).trim();
    const { app } = await suite.start();
    await new ProjectPickerPage(app.page).open(root);
    const dashboards = new DashboardsPage(app.page);
    const links = new LinksPage(app.page);
    await dashboards.show();
    // The screen's preview is the local environment's, built here; the publish below does not read it.
    await app.page.getByTestId('build-offer-build').click();
    await dashboards.drawnChart('by_region').waitFor({ timeout: 120_000 });

    const picker = app.page.getByTestId('dashboards-target-select');
    await picker.waitFor();
    expect(await app.page.getByTestId('dashboards-target').textContent()).toMatch(/^\s*Publish from/);
    expect(await picker.locator('option').allTextContents()).toEqual(['local DuckDB', 'pg (postgres)']);
    await picker.selectOption('pg');
    await expect.poll(() => links.place()).toMatch(/^#\/dashboards\?.*target=pg/);

    // The gate builds and tests the commit on pg; the publish runs the dashboard there.
    await dashboards.checkGateButton.click();
    await app.page.locator('[data-testid="publish"]:not([disabled])').waitFor({ timeout: 120_000 });
    await dashboards.publishButton.click();
    await dashboards.published.waitFor({ timeout: 120_000 });
    expect(await app.page.getByTestId('published-from').textContent()).toBe(`main @ ${head.slice(0, 8)}`);
    expect(await app.page.getByTestId('published-target').textContent()).toBe('pg');
    const manifest = JSON.parse(await readFile(path.join(root, '.assay', 'published', 'sales', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ dashboard: 'sales', branch: 'main', commit: head, target: 'pg', elements: [{ name: 'by_region', rows: 3, error: null, tests: [{ status: 'pass' }] }] });
    await dashboards.loading.waitFor({ state: 'hidden' });
    await app.screenshot('warehouse-publish-01-published-from-pg');

    // Local DuckDB: the verdict and the publish were pg's, so neither is shown for it.
    await picker.selectOption('');
    await dashboards.published.waitFor({ state: 'hidden' });
    expect(await dashboards.publishButton.isDisabled()).toBe(true);
    expect(app.consoleErrors).toEqual([]);
  });
});
