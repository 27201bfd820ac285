import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestsPage } from './pages/tests-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe('dbt unit tests on the Tests screen', () => {
  const suite = useExampleSuite();

  it('lists the example\'s unit tests with the other business-logic tests; a failing one shows expected against actual with the differing cell marked', async () => {
    const session = await suite.open({
      autoBuild: false,
      // An expectation written wrong: Velmora's January share is 0.6056 of the sales, not 0.6.
      prepare: async (dir) => {
        const file = path.join(dir, 'models/marts/unit_tests.yml');
        await writeFile(file, (await readFile(file, 'utf8')).replace('launch_share: 0.6056', 'launch_share: 0.6'));
      },
    });
    const { app } = session;
    const tests = new TestsPage(app.page);
    await tests.show();
    await tests.runAllTests();
    expect(await tests.row('unit_test.fact_prescriptions.only_valid_lines_at_list_price').getAttribute('data-status')).toBe('pass');
    expect(await tests.row('unit_test.fact_prescriptions.incremental_appends_newer_lines_only').getAttribute('data-stage')).toBe('business-logic');
    const failing = 'unit_test.customers_per_month.monthly_counts_and_launch_share';
    expect(await tests.row(failing).getAttribute('data-status')).toBe('fail');

    await tests.open(failing);
    const comparison = tests.detail.getByTestId('unit-comparison');
    await comparison.waitFor();
    const cells = comparison.getByTestId('changed-cell');
    expect(await cells.count()).toBe(1);
    expect(await cells.first().getAttribute('data-column')).toBe('launch_share');
    expect(await cells.first().textContent()).toBe('0.6056');
    expect(await comparison.getByTestId('changed-rows').locator('th.side').allTextContents()).toEqual(['expected', 'actual']);
    expect(await tests.detail.getByTestId('test-message').textContent()).toBe('1 row differs: 2 expected, 2 returned');
    await app.screenshot('110-unit-test-failing');
    await app.page.setViewportSize({ width: 1024, height: 700 });
    await app.screenshot('111-unit-test-failing-1024');

    await tests.open('unit_test.fact_prescriptions.incremental_appends_newer_lines_only');
    const passing = tests.detail.getByTestId('unit-comparison');
    expect(await passing.getAttribute('data-incremental')).toBe('true');
    expect(await passing.getByTestId('unit-actual').getByTestId('record-row').count()).toBe(1);
  });
});
