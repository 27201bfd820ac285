import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { BIG_ORDERS_BRANCH, commitBiggerOrdersBranch, SHOP_ON_WAREHOUSE, writeShopOnWarehouse } from '../helpers/warehouse-project.js';
import { HeaderPage } from './pages/header-page.js';
import { LineagePage } from './pages/lineage-page.js';
import { LinksPage } from './pages/links-page.js';
import { PalettePage } from './pages/palette-page.js';
import { ProjectPickerPage } from './pages/project-picker-page.js';
import { WarehousePage } from './pages/warehouse-page.js';
import { useExampleSuite } from './support/example-suite.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse screen tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

describe.skipIf(!started.ok)('the Warehouse screen on a PostgreSQL target (issue 16)', () => {
  const suite = useExampleSuite();

  /** Browser mode opened on the project at `root`, on its lineage. */
  async function openProject(root: string) {
    const { app } = await suite.start({ autoBuild: false });
    await new ProjectPickerPage(app.page).open(root);
    await new LineagePage(app.page).root.waitFor();
    return { app, warehouse: new WarehousePage(app.page), header: new HeaderPage(app.page), links: new LinksPage(app.page) };
  }

  it('lists the targets, builds main there, runs the tests with a failing sample, and diffs a branch against main', async () => {
    const db = await server.createDatabase();
    const root = await writeShopOnWarehouse(db);
    await commitBiggerOrdersBranch(root);
    const { app, warehouse, header, links } = await openProject(root);

    // From the command palette: the screen, named in the URL with its target.
    const palette = new PalettePage(app.page);
    await palette.openWithKeyboard();
    await palette.filter('warehouse');
    expect(await palette.optionTitles()).toContain('Go to Warehouse');
    await palette.options.filter({ hasText: 'Go to Warehouse' }).click();
    await warehouse.root.waitFor();
    // The target joins the URL once the profile was read (polled: the page's CSP refuses waitForFunction's eval).
    await expect.poll(() => links.place()).toBe('#/warehouse?branch=main&target=pg');
    expect(await warehouse.listedTargets()).toEqual([{ name: 'dev', type: 'duckdb', isDefault: true }, { name: 'pg', type: 'postgres', isDefault: false }]);
    expect(await warehouse.connection.textContent()).toMatch(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\)$/);
    await warehouse.environmentsEmpty.waitFor();

    await warehouse.runAction(warehouse.buildButton);
    expect(await warehouse.build.getAttribute('data-status')).toBe('ok');
    expect(await warehouse.buildCounts.textContent()).toMatch(/^\s*5 built, 0 reused, 0 failed, 0 skipped/);
    await warehouse.environment('main').waitFor();
    expect(await warehouse.environment('main').getByTestId('warehouse-environment-schemas').textContent()).toBe('analytics__main');

    await warehouse.runAction(warehouse.testButton);
    const failing = app.page.locator('[data-testid="warehouse-test"][data-status="fail"]');
    expect(await failing.count()).toBe(1);
    expect(await failing.textContent()).toMatch(/relationships region on stg_orders/);
    expect(await failing.locator('td.num').textContent()).toBe('1');
    const sample = app.page.getByTestId('warehouse-test-sample');
    expect(await sample.getByTestId('record-row').allTextContents()).toEqual([expect.stringContaining('XX')]);
    expect(await app.page.locator('[data-testid="warehouse-test"][data-status="pass"]').count()).toBe(2);
    await app.screenshot('warehouse-01-main-tested');

    // On the branch: its own environment reuses what did not change, and the diff is made on the server.
    await header.switchTo(BIG_ORDERS_BRANCH);
    await header.waitForBranch(BIG_ORDERS_BRANCH);
    await warehouse.build.waitFor({ state: 'detached' });
    await warehouse.runAction(warehouse.buildButton);
    expect(await warehouse.buildCounts.textContent()).toMatch(/^\s*1 built, 4 reused, 0 failed, 0 skipped/);
    await warehouse.environment('feature~bigger-orders').waitFor();
    expect(await warehouse.environment('feature~bigger-orders').getByTestId('warehouse-environment-schemas').textContent()).toBe('analytics__feature_bigger_orders');
    await warehouse.runAction(warehouse.diffButton);
    const row = warehouse.diffRow('big_orders');
    expect(await row.getAttribute('data-status')).toBe('modified');
    expect(await row.getByTestId('warehouse-diff-rows-base').textContent()).toBe('3');
    expect(await row.getByTestId('warehouse-diff-rows-compare').textContent()).toBe('1');
    expect(await row.getByTestId('warehouse-diff-only-base').textContent()).toBe('2');
    expect(await row.getByTestId('warehouse-diff-only-compare').textContent()).toBe('0');
    expect(await app.page.locator('[data-testid="warehouse-diff-row"]:not([data-status="unchanged"])').count()).toBe(1);
    expect(await app.page.getByTestId('warehouse-diff-summary').textContent()).toMatch(/1 of 5 models differ/);
    await app.screenshot('warehouse-02-branch-diff');

    // From the sidebar too, and a reload keeps the place.
    await new LineagePage(app.page).show();
    await warehouse.show();
    await expect.poll(() => links.place()).toBe(`#/warehouse?branch=${BIG_ORDERS_BRANCH}&target=pg`);
    await app.page.reload();
    await warehouse.environment('main').waitFor();
    expect(app.consoleErrors).toEqual([]);
  });

  it("says how to add a warehouse when the profile has none, and shows a connection error as the server's message", async () => {
    const local = await writeTempProject({ ...SHOP_ON_WAREHOUSE, 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb}\n' });
    const first = await openProject(local);
    await first.warehouse.show();
    await first.warehouse.noTarget.waitFor();
    expect(await first.warehouse.noTarget.textContent()).toMatch(/add a type: postgres output to profiles\.yml/);
    expect(await first.warehouse.buildButton.count()).toBe(0);
    await first.app.screenshot('warehouse-03-no-target');
    expect(first.app.consoleErrors).toEqual([]);

    const db = await server.createDatabase();
    const closed = await writeShopOnWarehouse({ ...db, port: 1 });
    const second = await openProject(closed);
    await second.warehouse.show();
    await second.warehouse.environmentsError.waitFor();
    expect(await second.warehouse.environmentsError.textContent()).toMatch(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect: .*is the server running/);
    await second.app.screenshot('warehouse-04-connection-error');
    expect(second.app.consoleErrors).toEqual([]);
  });
});
