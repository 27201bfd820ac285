import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { HistoryPage } from './pages/history-page.js';
import { LinksPage } from './pages/links-page.js';
import { TestsPage } from './pages/tests-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe('the run history of a branch (issue 19)', () => {
  const suite = useExampleSuite();

  it("lists the branch's builds and test runs with commit and counts, opens their report, and not another branch's", async () => {
    const { app, header, projectDir } = await suite.open({ autoBuild: false });
    const commit = (await simpleGit(projectDir).revparse(['HEAD'])).trim();
    const history = new HistoryPage(app.page);
    const links = new LinksPage(app.page);

    await history.show();
    await history.empty.waitFor();
    expect(await header.buildWithButton()).toBe('ok');
    const tests = new TestsPage(app.page);
    await tests.show();
    await tests.runAllTests();

    await history.show();
    await history.rows.nth(1).waitFor();
    const listed = await history.listed();
    expect(listed.map(({ kind, title, commit: shown, result }) => ({ kind, title, shown, result }))).toEqual([
      { kind: 'tests', title: 'All tests', shown: commit.slice(0, 8), result: 'failed' },
      { kind: 'build', title: 'Build', shown: commit.slice(0, 8), result: 'ok' },
    ]);
    expect(listed[0]?.counts).toMatch(/^\d+ passed, \d+ warned, 1 failed, 0 errored, 0 skipped$/);
    expect(listed[1]?.counts).toMatch(/^1[0-9] built, 0 reused, 0 failed, 0 skipped$/);
    await app.screenshot('run-history-01-list');

    // The test run opens as its results, the failing variation test first.
    const testRun = await history.open(0);
    expect(await history.detailCommit.textContent()).toBe(commit);
    expect(await history.detailTests.first().getAttribute('data-test')).toBe('variation.fact_prescriptions');
    expect(await history.detailTests.first().getAttribute('data-status')).toBe('fail');
    await links.waitForPlace(`#/history?branch=main&run=${testRun}`);
    await app.screenshot('run-history-02-test-run');
    // The build opens as what it did to each node.
    await history.open(1);
    await history.detailNodes.first().waitFor();
    expect(await app.page.locator('[data-testid="run-node"][data-node="dim_product"]').getAttribute('data-status')).toBe('built');
    await app.screenshot('run-history-03-build');

    // A reload keeps the run open; back goes to the screen before, not to the run opened before.
    await app.page.reload();
    await app.page.locator('[data-testid="run-node"][data-node="dim_product"]').waitFor();
    await app.page.goBack();
    await tests.root.waitFor();
    await app.page.goForward();
    await app.page.locator('[data-testid="run-node"][data-node="dim_product"]').waitFor();

    // Another branch has a history of its own.
    await header.createBranch('feature_history');
    await history.empty.waitFor();
    await history.detail.waitFor({ state: 'hidden' });
    expect(await links.place()).toBe('#/history?branch=feature_history');
    expect(await header.buildWithButton()).toBe('ok');
    await app.page.waitForFunction(`document.querySelectorAll('[data-testid="run-row"]').length === 1`);
    const feature = await history.listed();
    expect(feature.map(({ kind, result }) => [kind, result])).toEqual([['build', 'ok']]);
    expect(feature[0]?.counts).toMatch(/^0 built, 1[0-9] reused, 0 failed, 0 skipped$/);
    await app.screenshot('run-history-04-other-branch');

    // An unknown run in a link says so.
    await links.openLink('#/history?branch=feature_history&run=20990101T000000000Z-build-abcdef');
    await history.detailError.waitFor();
    expect(await history.detailError.textContent()).toContain("there is no run '20990101T000000000Z-build-abcdef' in the history of 'feature_history'");
    expect(app.consoleErrors).toEqual([]);
  });
});
