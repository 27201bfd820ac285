import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { DashboardsPage } from './pages/dashboards-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe('dashboard colours (issue 19)', () => {
  const suite = useExampleSuite();

  it('draws the twelve brands of the market share chart in twelve different colours, bars and legend alike', async () => {
    const { app } = await suite.open({
      autoBuild: false,
      prepare: async (projectDir) => {
        expect((await buildBranch({ projectRoot: projectDir })).target.status).toBe('ok');
      },
    });
    const dashboards = new DashboardsPage(app.page);
    await dashboards.show();
    await dashboards.drawnChart('market_share').first().waitFor();
    const chart = dashboards.tile('market_share').locator('[data-testid="chart-market_share"][data-drawn="true"]');

    const barFills = await chart.locator('g.mark-rect.role-mark path').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('fill')));
    expect(barFills).toHaveLength(144);
    expect(new Set(barFills).size).toBe(12);
    const legend = await chart.locator('g.role-legend-symbol path').evaluateAll((symbols) => symbols.map((symbol) => symbol.getAttribute('fill')));
    const brands = await chart.locator('g.role-legend-label text').allTextContents();
    expect(brands).toHaveLength(12);
    expect(new Set(legend).size).toBe(12);
    // The first and the eleventh brand shared a colour with Vega-Lite's ten.
    expect(legend[10]).not.toBe(legend[0]);
    await dashboards.tile('market_share').scrollIntoViewIfNeeded();
    await app.screenshot('87-dashboard-twelve-brand-colours');
    expect(app.consoleErrors).toEqual([]);
  });
});
