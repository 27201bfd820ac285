import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DashboardsPage } from './pages/dashboards-page.js';
import { useExampleSuite } from './support/example-suite.js';

/**
 * After a save, the dashboard on screen runs again; most of its elements come back unchanged. Those
 * charts are not drawn again: on a 2-core machine, drawing four charts cost the page more than the
 * query that changed one (issue 18).
 */
describe('a dashboard on screen while a model it reads is saved', () => {
  const suite = useExampleSuite();

  it('draws again the chart whose rows changed, and only that one', async () => {
    const { app, header, projectDir } = await suite.open();
    expect(await header.buildWithShortcut()).toBe('ok');
    const dashboards = new DashboardsPage(app.page);
    await dashboards.show();
    const others = ['customers_per_month', 'market_share', 'customer_variation'];
    for (const name of [...others, 'top_prescribers']) await dashboards.drawnChart(name).waitFor();
    // A chart drawn again is a new SVG, without this mark.
    await app.page.locator('svg.marks').evaluateAll((charts) => charts.forEach((chart) => chart.setAttribute('data-before-save', '')));

    const builds = await header.finishedBuilds();
    const file = path.join(projectDir, 'models/marts/dim_customer.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace('    c.customer_name,', "    'Dr ' || c.customer_name as customer_name,"));
    expect(await header.waitForBuildAfter(builds)).toBe('ok');

    const redrawn = dashboards.tile('top_prescribers').locator('svg.marks:not([data-before-save])');
    await redrawn.locator('text', { hasText: /^Dr / }).first().waitFor();
    for (const name of others) expect(await dashboards.tile(name).locator('svg.marks[data-before-save]').count(), name).toBe(1);
    await app.screenshot('96-dashboard-after-save');
    expect(app.consoleErrors).toEqual([]);
  });
});
