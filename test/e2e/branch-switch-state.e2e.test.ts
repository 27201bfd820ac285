import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { DashboardsPage } from './pages/dashboards-page.js';
import { ReportPage } from './pages/report-page.js';
import { TestsPage } from './pages/tests-page.js';
import { SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const BRANCH = 'feature/rebrand';

describe('switching branch (issue 19)', () => {
  const suite = useExampleSuite();

  it("shows each branch its own report, release verdict, dashboards and build, never the previous branch's", async () => {
    const { app, header } = await suite.open({
      autoBuild: false,
      prepare: async (projectDir) => {
        expect((await buildBranch({ projectRoot: projectDir })).target.status).toBe('ok');
      },
    });
    const report = new ReportPage(app.page);
    const dashboards = new DashboardsPage(app.page);
    const tests = new TestsPage(app.page);
    const compareLabel = app.page.getByTestId('compare-compare');

    // On main: the gate says no-go (the 2024-09 drop), Publish is refused, and Compare shows main against itself.
    await report.show();
    expect(await report.check()).toBe(false);
    await dashboards.show();
    await dashboards.checkGateButton.click();
    await dashboards.publishReasons.first().waitFor({ timeout: 120_000 });
    await dashboards.showCompare();
    await compareLabel.filter({ hasText: /^main @ [0-9a-f]{7}$/ }).waitFor();

    // A new branch, never built: nothing of main's stays on any screen.
    await header.createBranch(BRANCH);
    await app.page.getByTestId('dashboard-error').filter({ hasText: /not been built/ }).waitFor();
    expect(await dashboards.publishReasons.count()).toBe(0);
    expect(await compareLabel.count()).toBe(0);
    expect(await app.page.locator('[data-testid^="tile-"]').count()).toBe(0);
    expect(await header.buildOutcome.count()).toBe(0);
    expect(await app.page.getByTestId('build-panel').count()).toBe(0);
    await app.screenshot('60-switched-dashboards-not-built');
    await app.page.setViewportSize(SMALL_VIEWPORT);
    await app.screenshot('61-switched-dashboards-not-built-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });

    await report.show();
    await app.page.getByTestId('report-missing').waitFor();
    expect(await report.verdict.count()).toBe(0);
    await app.screenshot('62-switched-report');
    await tests.show();
    await tests.empty.waitFor();

    // Built while another screen is shown, the branch's dashboards show its own charts, compared with main.
    expect(await header.buildWithButton()).toBe('ok');
    await dashboards.show();
    await compareLabel.filter({ hasText: new RegExp(`^${BRANCH} @ [0-9a-f]{7}$`) }).waitFor();
    await dashboards.drawnChart('customers_per_month', 'compare').waitFor();
    expect(await app.page.getByTestId('compare-base').textContent()).toMatch(/^main @ /);
    expect(await app.page.getByTestId('dashboard-error').count()).toBe(0);
    expect(await dashboards.publishReasons.count()).toBe(0);
    await app.screenshot('63-branch-built-dashboards-compare');
    await app.page.setViewportSize(SMALL_VIEWPORT);
    await app.screenshot('64-branch-built-dashboards-compare-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });

    // Back on main, main's own verdict and gate refusal, remembered for its commit.
    await header.switchTo('main');
    await header.waitForBranch('main');
    await app.page.getByTestId('publish-reason').first().waitFor();
    await compareLabel.filter({ hasText: /^main @ [0-9a-f]{7}$/ }).waitFor();
    await report.show();
    expect(await report.verdict.getAttribute('data-go')).toBe('false');
    await app.screenshot('65-back-on-main-report');
    expect(app.consoleErrors).toEqual([]);
  });
});
