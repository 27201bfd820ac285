import { describe, expect, it } from 'vitest';
import { TestsPage } from './pages/tests-page.js';
import { SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

/** Page code, as a string since the tests compile without the DOM's types: keeps every text the given element ever shows. */
const recordTexts = (testId: string, into: string) => `(() => {
  window[${JSON.stringify(into)}] = [];
  const note = () => {
    for (const element of document.querySelectorAll('[data-testid=${JSON.stringify(testId)}]')) window[${JSON.stringify(into)}].push(element.textContent.trim());
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

describe('the build status line (issue 19)', () => {
  const suite = useExampleSuite();

  it('says what each build did, never "Rebuilt 0" nor "Up to date" on a branch the user never built, and never a red "not built" while building', async () => {
    const { app, header, lineage } = await suite.open({ autoBuild: false });
    const tests = new TestsPage(app.page);
    const notBuilt = app.page.getByTestId('build-not-built');
    await app.page.evaluate(recordTexts('preview-error', 'previewErrors'));
    await app.page.evaluate(recordTexts('build-outcome', 'outcomes'));

    // Never built: the status line says so, and the Data panel says why it has no rows.
    await notBuilt.waitFor();
    await lineage.open('dim_product');
    await app.page.getByTestId('preview-unavailable').waitFor();

    // Built with the node open: its rows come, and the panel never showed the core's error meanwhile.
    expect(await header.buildWithButton()).toBe('ok');
    await app.page.locator('[data-testid="preview-row-count"]:not([data-total="0"])').waitFor();
    expect(await header.buildOutcome.textContent()).toMatch(/^Built 15 nodes in \d+\.\ds$/);
    expect(await notBuilt.count()).toBe(0);
    expect(await header.buildWithButton()).toBe('up-to-date');
    expect(await header.buildOutcome.textContent()).toBe('Up to date: nothing to rebuild');

    // The tests bring the environment up to date first; nothing changed, so everything is reused.
    await tests.show();
    await tests.runOneStage('input');
    await header.buildOutcome.filter({ hasText: /reused/ }).waitFor();
    expect(await header.buildOutcome.textContent()).toBe('Built for the tests: 15 nodes reused');
    await app.screenshot('66-status-line-tests-reused');

    // A new branch was never built: nothing says it is up to date or built, until its tests build it.
    await header.createBranch('feature/status');
    await notBuilt.waitFor();
    expect(await header.buildOutcome.count()).toBe(0);
    await app.screenshot('67-status-line-branch-not-built');
    await app.page.setViewportSize(SMALL_VIEWPORT);
    await app.screenshot('68-status-line-branch-not-built-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await tests.runAllTests();
    await header.buildOutcome.waitFor();
    expect(await header.buildOutcome.getAttribute('data-status')).toBe('ok');
    expect(await header.buildOutcome.textContent()).toBe('Built for the tests: 15 nodes reused');
    expect(await app.page.getByTestId('build-panel-where').textContent()).toBe('feature~status');
    await app.screenshot('69-status-line-branch-built-by-tests');

    const outcomes = (await app.page.evaluate('window.outcomes')) as string[];
    expect(outcomes.filter((text) => /Rebuilt 0|\b0 node/.test(text))).toEqual([]);
    expect(await app.page.evaluate('window.previewErrors')).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
