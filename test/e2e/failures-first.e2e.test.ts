import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { TestsPage } from './pages/tests-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const VARIATION = 'variation.fact_prescriptions';

/** A test that cannot run (it reads a column dim_date does not have): an error beside the example's one failure. */
async function addErroringTest(projectDir: string): Promise<void> {
  const file = path.join(projectDir, 'models/marts/schema.yml');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('      - row_count:\n          min: 365\n', '      - row_count:\n          min: 365\n      - expression:\n          expression: "no_such_column > 0"\n'));
  await commitAll(projectDir, 'a test that errors');
}

describe('reading the tests: failures first (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`lists failing and erroring tests first, then warnings; count badges filter; the sidebar's "failing" opens it (${viewport.width}x${viewport.height})`, async () => {
      const { app, lineage } = await suite.open({ autoBuild: false, viewport, prepare: addErroringTest });
      const tests = new TestsPage(app.page);
      await tests.show();
      await tests.runAllTests();

      // Failing and erroring tests at the top, then the warnings, then everything else by stage.
      const statuses = await tests.rowValuesInOrder('data-status');
      expect(statuses.slice(0, 2).sort()).toEqual(['error', 'fail']);
      // Three warnings: a source's negative quantities, a dashboard range, and the anomaly test's 2024-09 (issue 15).
      expect(statuses.slice(2, 5)).toEqual(['warn', 'warn', 'warn']);
      expect(statuses.slice(5).every((status) => status === 'pass')).toBe(true);
      expect(await tests.sections.evaluateAll((sections) => sections.map((section) => section.getAttribute('data-section')))).toEqual([
        'failing', 'warnings', 'input', 'business-logic', 'output',
      ]);
      const [firstShown] = await tests.rowValuesInOrder('data-test');
      expect((await tests.rowValuesInOrder('data-test')).slice(0, 2)).toContain(VARIATION);
      expect(await tests.sections.first().locator('.stage-row').textContent()).toMatch(/Failing · 2 tests/);
      await app.screenshot(`80-tests-failures-first-${viewport.width}`);

      // Every count badge is a filter: pressed, it shows only its status; pressed again, everything.
      const total = await tests.rows.count();
      await tests.summaryCount('warn').click();
      expect(await tests.shownRowValues('data-status')).toEqual(['warn']);
      expect(await tests.rows.count()).toBe(3);
      expect(await tests.summaryCount('warn').getAttribute('aria-pressed')).toBe('true');
      expect(await tests.statusFilter.inputValue()).toBe('warn');
      await app.screenshot(`81-tests-warn-badge-pressed-${viewport.width}`);
      await tests.summaryCount('error').click();
      expect(await tests.rowValuesInOrder('data-status')).toEqual(['error']);
      expect(await tests.summaryCount('warn').getAttribute('aria-pressed')).toBe('false');
      await tests.summaryCount('pass').click();
      expect(await tests.shownRowValues('data-status')).toEqual(['pass']);
      await tests.summaryCount('pass').click();
      expect(await tests.rows.count()).toBe(total);

      // The sidebar's "2 failing" opens the first failing test, from another screen and past filters that hid it.
      await tests.stageFilter.selectOption('input');
      await app.page.evaluate(`document.querySelector('[data-testid="tests-screen"] .table-pane').scrollTo({ top: 1e6 })`);
      await lineage.show();
      expect(await tests.sidebarFailing.textContent()).toMatch(/^\s*2 failing\s*$/);
      await tests.sidebarFailing.click();
      await app.page.locator(`[data-testid="test-detail"][data-test="${firstShown}"]`).waitFor();
      expect(await tests.stageFilter.inputValue()).toBe('all');
      expect(await tests.statusFilter.inputValue()).toBe('all');
      expect(await tests.row(firstShown ?? '').getAttribute('class')).toMatch(/selected/);
      expect(await tests.rowInView(firstShown ?? '')).toBe(true);
      await app.screenshot(`82-tests-sidebar-failing-opened-${viewport.width}`);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
