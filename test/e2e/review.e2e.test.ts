import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { ReviewPage } from './pages/review-page.js';
import { useExampleSuite } from './support/example-suite.js';
import { checkoutLaunchOnlyBranch } from './support/launch-only-branch.js';

/** The launch-only branch (see launch-only-branch.ts), with main checked out again. */
async function launchOnlyBranch(projectDir: string): Promise<void> {
  await checkoutLaunchOnlyBranch(projectDir);
  await simpleGit(projectDir).checkout('main');
}

describe('the review screen', () => {
  const suite = useExampleSuite();

  it('diffs a branch against main: the direct change, what it impacts downstream, badges on the lineage, and a query diff', async () => {
    const session = await suite.open({ autoBuild: false, prepare: launchOnlyBranch });
    const { app, lineage } = session;
    const review = new ReviewPage(app.page);

    await review.show();
    await review.compareBranches('main', 'feature/launch-only');
    const impacted = Object.fromEntries(await Promise.all(
      (await review.impacted.all()).map(async (row) => [await row.getAttribute('data-model'), `${await row.getAttribute('data-status')}/${await row.getAttribute('data-change')}`]),
    ));
    expect(impacted).toMatchObject({
      dim_product: 'modified/direct',
      fact_prescriptions: 'modified/indirect',
      customers_per_month: 'modified/indirect',
    });

    await review.openModel('dim_product');
    const diff = review.modelDiff;
    expect(await review.rowCount('base', diff).getAttribute('data-value')).toBe('20');
    expect(await review.rowCount('removed', diff).getAttribute('data-value')).toBe('18');
    expect(await review.rowCount('added', diff).getAttribute('data-value')).toBe('0');
    expect(await diff.locator('[data-testid="schema-added"][data-column="list_price_with_vat"]').count()).toBe(1);
    expect(await diff.getByTestId('removed-sample').getByTestId('record-row').count()).toBeGreaterThan(0);
    expect(await diff.locator('[data-testid="column-change"][data-column="list_price"]').getAttribute('data-changed')).toBe('0');
    await app.screenshot('30-review-dim-product');
    await diff.getByTestId('column-profiles').locator('summary').click();
    const productIds = diff.locator('[data-testid="column-profile"][data-column="product_id"]');
    expect(await productIds.locator('[data-measure="max"]').textContent()).toBe('20 → 2');
    expect(await productIds.locator('[data-measure="min"]').textContent()).toBe('1');
    await productIds.scrollIntoViewIfNeeded();
    await app.screenshot('33-review-column-profiles');

    await review.showOnLineage.click();
    await lineage.root.waitFor();
    const badge = app.page.getByTestId('lineage-diff-badge-dim_product');
    expect(await badge.getAttribute('data-status')).toBe('modified');
    expect(await badge.getAttribute('data-change')).toBe('direct');
    expect(await app.page.getByTestId('lineage-diff-badge-customers_per_month').getAttribute('data-change')).toBe('indirect');
    expect(await app.page.getByTestId('lineage-diff-badge-dim_customer').count()).toBe(0);
    await app.screenshot('31-lineage-diff-badges');

    await review.show();
    await review.diffQuery('select therapeutic_area, count(*) as products, round(avg(list_price), 2) as avg_price\nfrom dim_product\ngroup by all', 'therapeutic_area');
    const queryDiff = review.queryDiff.getByTestId('model-diff');
    expect(await review.rowCount('changed', queryDiff).getAttribute('data-value')).toBe('1');
    expect(await review.rowCount('removed', queryDiff).getAttribute('data-value')).toBe('1');
    const changedCells = await queryDiff.getByTestId('changed-cell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-column')));
    expect(changedCells.sort()).toEqual(['avg_price', 'products']);
    await queryDiff.getByTestId('changed-rows').scrollIntoViewIfNeeded();
    await app.screenshot('32-review-query-diff');
    expect(app.consoleErrors).toEqual([]);
  });
});
