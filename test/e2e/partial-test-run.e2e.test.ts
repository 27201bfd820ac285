import { describe, expect, it } from 'vitest';
import { ReportPage } from './pages/report-page.js';
import { TestsPage } from './pages/tests-page.js';
import { SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const VARIATION = 'variation.fact_prescriptions';
const INPUT_TEST = 'row_count.source:lake.customers';

describe('running one stage of the tests (issue 19)', () => {
  const suite = useExampleSuite();

  it('updates the tests it ran and keeps the others, marked with when they last ran', async () => {
    const { app, lineage } = await suite.open({ autoBuild: false });
    const tests = new TestsPage(app.page);
    const report = new ReportPage(app.page);
    const failingNote = app.page.getByTestId('nav-tests-note');

    await tests.show();
    await tests.runAllTests();
    const declared = await tests.rows.count();
    expect(await tests.row(VARIATION).getAttribute('data-status')).toBe('fail');
    expect(await failingNote.textContent()).toBe('1 failing');
    expect(await tests.lastRunMarks.count()).toBe(0);

    // Only the input stage: its tests are new, the rest keep their results from the full run, marked so.
    await tests.runOneStage('input');
    expect(await tests.rows.count()).toBe(declared);
    expect(await tests.row(VARIATION).getAttribute('data-status')).toBe('fail');
    expect(await tests.row(VARIATION).getAttribute('data-last-run')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await tests.row(VARIATION).getByTestId('test-last-run').textContent()).toMatch(/^earlier run/);
    expect(await tests.row(INPUT_TEST).getAttribute('data-last-run')).toBeNull();
    expect(await tests.summaryCount('fail').textContent()).toMatch(/1 fail/);
    expect(await tests.summaryCount('skipped').count()).toBe(0);
    expect(await tests.carriedNote.textContent()).toMatch(/from an earlier run/);
    expect(await failingNote.textContent()).toBe('1 failing');
    await tests.open(VARIATION);
    expect(await tests.detail.getByTestId('detail-last-run').textContent()).toMatch(/not run in the latest run/i);
    await app.screenshot('70-tests-one-stage-keeps-the-rest');
    await app.page.setViewportSize(SMALL_VIEWPORT);
    await app.screenshot('71-tests-one-stage-keeps-the-rest-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });

    // The lineage still marks the failing model; a reload shows the same board.
    await lineage.show();
    await app.page.locator('[data-testid="lineage-test-badge-fact_prescriptions"][data-status="fail"]').waitFor();
    await app.page.reload();
    await tests.show();
    await tests.row(VARIATION).waitFor();
    expect(await tests.rows.count()).toBe(declared);
    expect(await tests.row(VARIATION).getAttribute('data-status')).toBe('fail');
    expect(await tests.row(VARIATION).getAttribute('data-last-run')).not.toBeNull();

    // A board made of several runs is no report to sign off: run them all first.
    await report.show();
    expect(await report.stale.textContent()).toMatch(/run all the tests/i);
    expect(await report.signoffSubmit.isDisabled()).toBe(true);
    await report.runTests.click();
    await report.stale.waitFor({ state: 'detached', timeout: 120_000 });
    await tests.show();
    expect(await tests.lastRunMarks.count()).toBe(0);
    expect(app.consoleErrors).toEqual([]);
  });
});
