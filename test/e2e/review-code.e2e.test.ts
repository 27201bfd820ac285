import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { ReportPage } from './pages/report-page.js';
import { ReviewPage } from './pages/review-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';
import { checkoutLaunchOnlyBranch, LAUNCH_ONLY_BRANCH } from './support/launch-only-branch.js';

const BRANCH = LAUNCH_ONLY_BRANCH;

/**
 * main names a review checklist (two required items, one optional); the checked-out branch keeps
 * only the launch products in dim_product and adds a column, so its descendants change indirectly.
 */
async function reviewedBranch(projectDir: string): Promise<void> {
  await appendFile(path.join(projectDir, 'dbt_project.yml'), '\nassay:\n  review_checklist:\n    - SQL changes read\n    - Data diff explained\n    - item: Dashboards checked\n      required: false\n');
  await commitAll(projectDir, 'The review checklist');
  await checkoutLaunchOnlyBranch(projectDir);
}

describe('review with the code: the SQL diff beside the data diff, and the checklist saved with the sign-off (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`shows what the branch changed in a model's SQL, and records the ticked checklist (${viewport.width}x${viewport.height})`, async () => {
      const { app, projectDir } = await suite.open({ autoBuild: false, prepare: reviewedBranch, viewport });
      const page = app.page;
      const review = new ReviewPage(page);
      await review.show();
      await review.compareBranches('main', BRANCH);

      // The model the branch edited: its SQL lines, marked, above its rows in the same view.
      await review.openModel('dim_product');
      const sql = await review.sqlDiffOf('dim_product');
      expect(await sql.getAttribute('data-status')).toBe('modified');
      expect(await review.sqlLines(sql, 'added')).toEqual(['+    launch_date,', '+    list_price * 1.2 as list_price_with_vat', '+where is_launch_product']);
      expect(await review.sqlLines(sql, 'removed')).toEqual(['-    launch_date']);
      expect(await sql.locator('[data-kind="meta"]').allTextContents()).toEqual(['--- main:models/marts/dim_product.sql', `+++ ${BRANCH}:models/marts/dim_product.sql`]);
      const [sqlBox, rowsBox] = [await sql.boundingBox(), await review.rowCount('base', review.modelDiff).boundingBox()];
      expect(sqlBox && rowsBox && sqlBox.y + sqlBox.height <= rowsBox.y).toBe(true);
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      await app.screenshot(`95-review-sql-diff-${viewport.width}`);

      // As compiled: Jinja resolved, the same change.
      await page.getByTestId('sql-diff-view-compiled').click();
      await page.locator('[data-testid="sql-diff"][data-view="compiled"]').waitFor();
      expect(await review.sqlLines(sql, 'added')).toContain('+where is_launch_product');
      expect((await sql.getByTestId('file-diff').textContent())?.includes('{{')).toBe(false);
      await page.getByTestId('sql-diff-view-source').click();

      // A model that changed only because something upstream did says so, with no lines to read.
      await review.openModel('fact_prescriptions');
      const indirect = await review.sqlDiffOf('fact_prescriptions');
      expect(await indirect.getAttribute('data-status')).toBe('unchanged');
      expect(await indirect.getByTestId('sql-diff-caption').textContent()).toBe(`SQL unchanged on ${BRANCH}: the rows differ because something upstream changed.`);
      expect(await indirect.getByTestId('file-diff').count()).toBe(0);

      // The project's checklist, ticked while reviewing.
      expect(await review.checklist.getAttribute('data-source')).toBe('project');
      expect(await review.checklist.locator('.required').count()).toBe(2);
      await review.checklistItem('SQL changes read').locator('input').check();
      expect(await review.checklistItem('SQL changes read').getAttribute('data-ticked')).toBe('true');
      await app.screenshot(`96-review-checklist-${viewport.width}`);

      // Signing off keeps the ticks; a required item left unticked is refused by name.
      const report = new ReportPage(page);
      await report.show();
      const head = (await simpleGit(projectDir).revparse(['HEAD'])).trim();
      await report.runTestsUntilCommit(head);
      const panel = page.getByTestId('signoff-panel');
      expect(await panel.locator('[data-testid="checklist-item"][data-item="SQL changes read"]').getAttribute('data-ticked')).toBe('true');
      await report.signoffSubmit.click();
      await report.signoffError.waitFor();
      expect(await report.signoffError.textContent()).toBe("the review checklist item 'Data diff explained' is required and not ticked: check it before signing off");
      expect(await report.signoffs.count()).toBe(0);

      await panel.locator('[data-testid="checklist-item"][data-item="Data diff explained"] input').check();
      await report.signOff('SQL read; the 18 removed products are the non-launch ones.');
      const checks = report.signoffs.first().getByTestId('signoff-check');
      const recorded = await checks.evaluateAll((items) => items.map((item) => [item.getAttribute('data-item'), item.getAttribute('data-ticked')]));
      expect(recorded).toEqual([['SQL changes read', 'true'], ['Data diff explained', 'true'], ['Dashboards checked', 'false']]);
      // Ticks are for one sign-off: the next starts unticked.
      expect(await panel.locator('[data-testid="checklist-item"][data-ticked="true"]').count()).toBe(0);
      await report.signoffs.first().scrollIntoViewIfNeeded();
      await app.screenshot(`97-signoff-checklist-${viewport.width}`);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
