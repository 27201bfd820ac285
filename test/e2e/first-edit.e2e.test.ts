import { describe, expect, it } from 'vitest';
import { SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

describe('the first edit on a fresh project (issue 19)', () => {
  const suite = useExampleSuite();

  it('saving a model before any build builds what the model reads too, and shows its rows', async () => {
    const { app, header, lineage, node } = await suite.open();

    await lineage.open('customers_per_month');
    const builds = await header.finishedBuilds();
    await node.replaceSql((await node.sql()).replace('group by all', "where prescription_month < date '2024-04-01'\ngroup by all"));
    await node.saveWithShortcut();
    expect(await header.waitForBuildAfter(builds)).toBe('ok');
    await node.waitForStatus('built');
    await node.waitForPreviewTotal(3);
    expect(await node.buildError.count()).toBe(0);
    await app.screenshot('50-first-save-built-with-its-parents');

    // What the model reads was built with it; what it does not read was left for a build.
    await lineage.show();
    for (const parent of ['fact_prescriptions', 'stg_prescriptions', 'source:lake.prescriptions']) {
      expect(await lineage.nodeStatus(parent), parent).toMatch(/^(built|reused)$/);
    }
    expect(await lineage.nodeStatus('dim_date')).toBe('not-built');
    await app.screenshot('51-first-save-lineage');
    expect(app.consoleErrors).toEqual([]);
  });

  it('offers to build a branch that was never built, and the offer goes once it is built', async () => {
    const { app, header, lineage } = await suite.open({ autoBuild: false, viewport: SMALL_VIEWPORT });
    const offer = app.page.getByTestId('build-offer');

    await offer.waitFor();
    expect(await offer.textContent()).toMatch(/main.*not been built/);
    await app.screenshot('52-first-open-build-offer-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('53-first-open-build-offer');

    const builds = await header.finishedBuilds();
    await offer.getByTestId('build-offer-build').click();
    expect(await header.waitForBuildAfter(builds)).toBe('ok');
    await offer.waitFor({ state: 'detached' });
    await lineage.waitForNodeStatus('customers_per_month', 'built');
    expect(app.consoleErrors).toEqual([]);
  });
});
