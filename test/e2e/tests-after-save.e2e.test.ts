import { describe, expect, it } from 'vitest';
import { TestsPage } from './pages/tests-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe('the tests after a save (issue 18)', () => {
  const suite = useExampleSuite();

  it('shows the rebuilt model\'s tests failing on the Tests screen without a run being asked for', async () => {
    const session = await suite.open();
    const { header, lineage, node, app } = session;
    const tests = new TestsPage(app.page);

    expect(await header.buildWithShortcut()).toBe('ok');
    await tests.show();
    await tests.runAllTests();
    expect(await tests.row('unique.dim_customer.customer_id').getAttribute('data-status')).toBe('pass');

    await lineage.show();
    await lineage.open('dim_customer');
    const builds = await header.finishedBuilds();
    // Every prescriber gets the same id: the model's unique test must fail.
    await node.replaceSql((await node.sql()).replace('    c.customer_id,', '    1 as customer_id,'));
    await node.saveWithShortcut();
    expect(await header.waitForBuildAfter(builds)).toBe('ok');

    await tests.show();
    await app.page.locator('[data-testid="test-row"][data-test="unique.dim_customer.customer_id"][data-status="fail"]').waitFor({ timeout: 120_000 });
    // Measured on the new rows, by the run after the save; a test of a model the save did not touch keeps its result from the full run.
    expect(await tests.row('unique.dim_customer.customer_id').getAttribute('data-last-run')).toBeNull();
    expect(await tests.row('unique.dim_product.product_id').getAttribute('data-status')).toBe('pass');
    expect(await tests.row('unique.dim_product.product_id').getAttribute('data-last-run')).not.toBeNull();
    await app.screenshot('95-tests-after-save');
    expect(app.consoleErrors).toEqual([]);
  });
});
