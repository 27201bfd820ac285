import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { writeShopOnWarehouse } from '../helpers/warehouse-project.js';
import { LineagePage } from './pages/lineage-page.js';
import { LinksPage } from './pages/links-page.js';
import { ProjectPickerPage } from './pages/project-picker-page.js';
import { TestsPage } from './pages/tests-page.js';
import { WarehousePage } from './pages/warehouse-page.js';
import { useExampleSuite } from './support/example-suite.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse lineage tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

const MODELS = ['stg_orders', 'big_orders', 'region_sales'];

describe.skipIf(!started.ok)("the lineage and the Tests screen on a warehouse target (issue 16)", () => {
  const suite = useExampleSuite();

  it('picks a PostgreSQL target beside local DuckDB: never built there, built from the Warehouse screen, stale after an edit, kept in the URL', async () => {
    const db = await server.createDatabase();
    const root = await writeShopOnWarehouse(db);
    const { app } = await suite.start({ autoBuild: false });
    await new ProjectPickerPage(app.page).open(root);
    const lineage = new LineagePage(app.page);
    const links = new LinksPage(app.page);
    const warehouse = new WarehousePage(app.page);
    await lineage.root.waitFor();
    const statuses = async () => Object.fromEntries(await Promise.all(MODELS.map(async (id) => [id, await lineage.nodeStatus(id)] as const)));

    // Local DuckDB first, never built here; the picker offers the profile's PostgreSQL target.
    await lineage.targetSelect.waitFor();
    expect(await lineage.targetSelect.locator('option').allTextContents()).toEqual(['local DuckDB', 'pg (postgres)']);
    expect(await statuses()).toEqual({ stg_orders: 'not-built', big_orders: 'not-built', region_sales: 'not-built' });

    // Nothing built on the server yet: said so, naming the target, and how to build it.
    await lineage.targetSelect.selectOption('pg');
    await lineage.targetError.waitFor();
    expect(await lineage.targetError.textContent()).toMatch(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\) has no environment 'main': build it first \(assay build --target pg\)$/);
    await expect.poll(() => links.place()).toBe('#/lineage?branch=main&target=pg');

    // Built on the Warehouse screen; its environment row leads back to the lineage in those states.
    await warehouse.show();
    await warehouse.runAction(warehouse.buildButton);
    await warehouse.environment('main').getByTestId('warehouse-environment-lineage').click();
    await lineage.root.waitFor();
    await lineage.waitForNodeStatus('big_orders', 'built');
    expect(await statuses()).toEqual({ stg_orders: 'built', big_orders: 'built', region_sales: 'built' });
    expect(await lineage.targetError.count()).toBe(0);
    expect(await lineage.environment.textContent()).toMatch(/environment main on pg$/);
    expect(await lineage.targetEnvironment.textContent()).toMatch(/^built .* from [0-9a-f]{8}$/);
    expect(await links.place()).toBe('#/lineage?branch=main&target=pg');

    // An edit on disk: stale on the warehouse (not rebuilt there), the rest as built.
    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 12\n");
    await lineage.waitForNodeStatus('big_orders', 'stale');
    expect(await statuses()).toEqual({ stg_orders: 'built', big_orders: 'stale', region_sales: 'built' });
    await app.screenshot('warehouse-lineage-01-stale-on-pg');

    // A reload keeps the target; local DuckDB again shows the local environment's states.
    await app.page.reload();
    await lineage.waitForNodeStatus('big_orders', 'stale');
    expect(await lineage.targetSelect.inputValue()).toBe('pg');
    await lineage.targetSelect.selectOption('');
    await lineage.waitForNodeStatus('big_orders', 'not-built');
    await expect.poll(() => links.place()).toBe('#/lineage?branch=main');
    expect(app.consoleErrors).toEqual([]);
  });

  it("runs the tests on the target from the Tests screen, shows that run's report and each test's runs there, and the lineage follows the same choice", async () => {
    const db = await server.createDatabase();
    const root = await writeShopOnWarehouse(db);
    const { app } = await suite.start({ autoBuild: false });
    await new ProjectPickerPage(app.page).open(root);
    const lineage = new LineagePage(app.page);
    const tests = new TestsPage(app.page);
    const links = new LinksPage(app.page);
    await lineage.root.waitFor();
    await tests.show();

    const picker = app.page.getByTestId('tests-target-select');
    await picker.selectOption('pg');
    await expect.poll(() => tests.empty.textContent()).toMatch(/No test run on pg for this branch yet/);
    await expect.poll(() => links.place()).toBe('#/tests?branch=main&target=pg');
    expect(await tests.runStage.count()).toBe(0);
    expect(await tests.runAll.textContent()).toMatch(/Run all tests on pg/);

    await tests.runAllTests();
    const failing = app.page.locator('[data-testid="test-row"][data-status="fail"]');
    expect(await failing.count()).toBe(1);
    expect(await app.page.getByTestId('tests-report-target').textContent()).toBe('pg');
    const failingId = (await failing.getAttribute('data-test'))!;
    await tests.open(failingId);
    await expect.poll(() => tests.history.getAttribute('data-runs')).toBe('1');
    expect(await tests.exportCsv.count()).toBe(0);
    await tests.runAllTests();
    await expect.poll(() => tests.history.getAttribute('data-runs')).toBe('2');
    await app.screenshot('warehouse-lineage-02-tests-on-pg');

    // The same choice on the lineage: the run built the branch there, and its tests badge the graph.
    await lineage.show();
    expect(await lineage.targetSelect.inputValue()).toBe('pg');
    await lineage.waitForNodeStatus('stg_orders', 'built');

    // A reload keeps the target and the open test; local DuckDB has no report.
    await tests.show();
    await expect.poll(() => links.place()).toMatch(/^#\/tests\?branch=main&(test=.*&target=pg|target=pg&test=.*)$/);
    await app.page.reload();
    await app.page.locator(`[data-testid="test-detail"][data-test="${failingId}"]`).waitFor();
    await expect.poll(() => tests.history.getAttribute('data-runs')).toBe('2');
    await picker.selectOption('');
    await expect.poll(() => tests.empty.textContent()).toMatch(/No test report for this branch yet/);
    expect(app.consoleErrors).toEqual([]);
  });
});
