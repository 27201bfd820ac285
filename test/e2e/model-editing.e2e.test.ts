import { describe, expect, it } from 'vitest';
import { useExampleSuite } from './support/example-suite.js';

describe('editing a model', () => {
  const suite = useExampleSuite();

  it('saves an edited model, rebuilds it and previews the new column and rows', async () => {
    const session = await suite.open({ autoBuild: false });
    const { header, lineage, node, app } = session;

    expect(await header.buildWithShortcut()).toBe('ok');
    await lineage.waitForNodeStatus('customers_per_month', 'built');
    await app.screenshot('05-lineage-built');

    await lineage.open('customers_per_month');
    await node.waitForPreviewTotal(12);
    expect(await node.previewColumn('customers').count()).toBe(1);
    expect(await node.sql()).toContain("from {{ ref('fact_prescriptions') }}");
    expect(await node.compiledSql.textContent()).toMatch(/from .*fact_prescriptions/i);
    await app.screenshot('06-model-view');

    const edited = (await node.sql())
      .replace('    count(*) as prescriptions,', '    count(*) as prescriptions,\n    count(distinct product_id) as products_prescribed,')
      .replace('group by all', "where prescription_month >= date '2024-07-01'\ngroup by all");
    await node.replaceSql(edited);
    await node.saveWithShortcut();
    await header.dirtyIndicator.waitFor();
    expect(await header.dirtyIndicator.textContent()).toMatch(/1 uncommitted/);
    await node.waitForStatus('stale');

    expect(await header.buildWithButton()).toBe('ok');
    await node.previewColumn('products_prescribed').waitFor();
    await node.waitForPreviewTotal(6);
    await node.columnsTab.click();
    await app.page.locator('[data-testid="column-row"][data-column="products_prescribed"]').waitFor();
    await app.screenshot('07-model-edited-and-built');
    expect(app.consoleErrors).toEqual([]);
  });

  it('rebuilds on save by itself, and the open preview follows', async () => {
    const session = await suite.open();
    const { header, lineage, node, app } = session;

    expect(await header.buildWithShortcut()).toBe('ok');
    await lineage.open('customers_per_month');
    await node.waitForPreviewTotal(12);
    const builds = await header.finishedBuilds();
    await node.replaceSql((await node.sql()).replace('group by all', "where prescription_month < date '2024-04-01'\ngroup by all"));
    await node.saveWithShortcut();
    expect(await header.waitForBuildAfter(builds)).toBe('ok');
    await node.waitForPreviewTotal(3);
    expect(app.consoleErrors).toEqual([]);
  });

  it('shows a SQL error at its node, on the graph and in the model view', async () => {
    const session = await suite.open({ autoBuild: false });
    const { header, lineage, node, app } = session;

    expect(await header.buildWithShortcut()).toBe('ok');
    await lineage.open('dim_product');
    const broken = (await node.sql()).replace('    brand,\n', '    brand,\n    no_such_column,\n');
    expect(broken).toContain('no_such_column');
    await node.replaceSql(broken);
    await node.saveWithShortcut();
    expect(await header.buildWithShortcut()).toBe('failed');
    await node.buildError.waitFor();
    expect(await node.buildError.textContent()).toMatch(/no_such_column/);
    await app.screenshot('08-model-build-error');

    await lineage.show();
    await lineage.waitForNodeStatus('dim_product', 'failed');
    const errorAtNode = app.page.locator('[data-testid="graph-node-error"][data-node="dim_product"]');
    expect(await errorAtNode.textContent()).toMatch(/no_such_column/);
    expect(await lineage.nodeStatus('fact_prescriptions')).toBe('skipped');
    await app.screenshot('09-lineage-build-error');
    expect(app.consoleErrors).toEqual([]);
  });
});
