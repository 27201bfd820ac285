import { describe, expect, it } from 'vitest';
import { TestsPage } from './pages/tests-page.js';
import { DESIGN_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const ANOMALY = 'column_anomalies.fact_prescriptions.customer_id';
/** screens.css: --test-warn and --test-pass. */
const WARN_COLOUR = '#d9822b';
const PASS_COLOUR = '#2e9d62';

describe('reading an anomaly test (issue 15)', () => {
  const suite = useExampleSuite();

  it("charts prescribers per month against the band their history expects, 2024-09 marked below it", async () => {
    const { app } = await suite.open({ autoBuild: false, viewport: DESIGN_VIEWPORT });
    const tests = new TestsPage(app.page);
    await tests.show();
    await tests.runAllTests();
    expect(await tests.row(ANOMALY).getAttribute('data-status')).toBe('warn');

    await tests.open(ANOMALY);
    await tests.anomalyChart.waitFor();
    expect(await tests.detail.getByTestId('test-message').textContent()).toBe('2024-09: 80 distinct customer_id, expected 116.4–123.6');
    expect(await tests.detail.getByTestId('threshold-words').textContent()).toBe(
      'Warns if a bucket is outside median ± 3 robust SD (either way) of the previous 6 months; needs 6 points',
    );
    // The six scored months in the table, September flagged with the band it was held to.
    expect(await tests.anomalyPoints.evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-bucket'), row.getAttribute('data-status')]))).toEqual([
      ['2024-07', 'pass'], ['2024-08', 'pass'], ['2024-09', 'warn'], ['2024-10', 'pass'], ['2024-11', 'pass'], ['2024-12', 'pass'],
    ]);
    expect(await tests.anomalyPoints.nth(2).getByTestId('anomaly-band').textContent()).toBe('116.4–123.6');

    // The chart: the band as an area, the twelve months as a line, the six scored months as points in
    // their status colours, September's the only warning and drawn below the band.
    const chart = tests.anomalyChart;
    expect(await chart.locator('g.mark-area.role-mark path').count()).toBe(1);
    expect(await chart.locator('g.mark-line.role-mark path').count()).toBe(1);
    const symbols = chart.locator('g.mark-symbol.role-mark');
    expect(await symbols.count()).toBe(2);
    const training = symbols.nth(0).locator('path');
    const scored = symbols.nth(1).locator('path');
    expect(await training.count()).toBe(6);
    expect(await scored.count()).toBe(6);
    const fills = await scored.evaluateAll((paths) => paths.map((path) => path.getAttribute('fill')));
    expect(fills).toEqual([PASS_COLOUR, PASS_COLOUR, WARN_COLOUR, PASS_COLOUR, PASS_COLOUR, PASS_COLOUR]);
    const [september, band] = await Promise.all([scored.nth(2).boundingBox(), chart.locator('g.mark-area.role-mark path').boundingBox()]);
    if (!september || !band) throw new Error('the anomaly chart is not drawn');
    expect(september.y).toBeGreaterThan(band.y + band.height);
    expect(await chart.locator('g.role-axis-title').allTextContents()).toContain('distinct customer_id');
    // Months in time order along the axis, the scored ones after the six they learned from.
    const labels = (await chart.locator('g.role-axis-label text').allTextContents()).filter((label) => /^\d{4}-\d\d$/.test(label));
    expect(labels).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
    const [lastTraining, firstScored] = await Promise.all([training.nth(5).boundingBox(), scored.nth(0).boundingBox()]);
    expect(lastTraining && firstScored && lastTraining.x < firstScored.x).toBe(true);
    await tests.detail.getByTestId('anomaly-points').scrollIntoViewIfNeeded();
    await app.screenshot('88-tests-anomaly-chart');
    expect(app.consoleErrors).toEqual([]);
  });
});
