import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

/** Each constraint chip inside `scope` as `type:enforced`. */
async function constraints(scope: Locator): Promise<string[]> {
  return scope.locator('[data-testid="constraint"]').evaluateAll((found) => found.map((chip) => `${chip.getAttribute('data-type')}:${chip.getAttribute('data-enforced')}`));
}

/** fact_prescriptions' quantity retyped in its SQL: the contract declares it integer. */
async function retypeQuantity(projectDir: string): Promise<void> {
  const file = path.join(projectDir, 'models/marts/fact_prescriptions.sql');
  await writeFile(file, (await readFile(file, 'utf8')).replace('    v.quantity,\n', '    v.quantity::bigint as quantity,\n'));
  await commitAll(projectDir, 'quantity as bigint');
}

describe("a model's contract in the UI (issue 15)", () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`shows the enforced contract, each column's declared type and constraints (${viewport.width}x${viewport.height})`, async () => {
      const { app, header, lineage, node } = await suite.open({ autoBuild: false, viewport });
      expect(await header.buildWithButton()).toBe('ok');
      await lineage.open('fact_prescriptions');
      await node.columnsTab.click();
      await app.page.getByTestId('column-contract').waitFor();
      expect(await app.page.getByTestId('column-contract').textContent()).toContain('Enforced contract');
      await node.columnRow('prescription_id').locator('[data-testid="column-declared-type"]').waitFor();
      expect(await node.columnRow('prescription_id').getByTestId('column-declared-type').textContent()).toBe('declared bigint');
      expect(await node.columnRow('prescription_id').getByTestId('column-type').textContent()).toBe('BIGINT');
      expect(await constraints(node.columnRow('prescription_id'))).toEqual(['primary_key:true']);
      expect(await constraints(node.columnRow('quantity'))).toEqual(['check:true']);
      expect(await node.columnRow('quantity').getByTestId('constraint').textContent()).toContain('check quantity > 0');
      expect(await constraints(node.columnRow('net_sales'))).toEqual([]);
      await app.screenshot(`contract-01-columns-${viewport.width}`);

      await node.docsTab.click();
      expect(await app.page.getByTestId('node-contract').getAttribute('data-enforced')).toBe('true');
      expect(await app.page.getByTestId('node-contract').textContent()).toContain('Enforced contract');

      // A model without a contract says nothing of one.
      await lineage.show();
      await lineage.open('dim_product');
      await node.columnsTab.click();
      await node.columnRow('list_price').waitFor();
      expect(await app.page.getByTestId('column-contract').count()).toBe(0);
      expect(await app.page.getByTestId('column-declared-type').count()).toBe(0);
    });
  }

  it('shows a broken contract as the failed build of the node, with the table of mismatched columns', async () => {
    const { app, header } = await suite.open({ autoBuild: false, prepare: retypeQuantity });
    expect(await header.buildWithButton()).toBe('failed');
    await app.page.getByTestId('build-panel-toggle').click();
    const row = app.page.locator('[data-testid="build-row"][data-node="fact_prescriptions"]');
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await row.textContent()).toContain('fact_prescriptions has an enforced contract that failed');
    const table = app.page.locator('[data-testid="build-row-error-more"][data-node="fact_prescriptions"]');
    expect(await table.textContent()).toMatch(/\| quantity +\| BIGINT +\| INTEGER +\| data type mismatch +\| models\/marts\/schema\.yml:\d+ +\|/);
    expect(await app.page.locator('[data-testid="build-row"][data-node="customers_per_month"]').getAttribute('data-status')).toBe('skipped');
    await app.screenshot('contract-02-build-failed');
  });
});
