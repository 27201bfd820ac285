import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { GitPage } from './pages/git-page.js';
import { ReportPage } from './pages/report-page.js';
import { TestsPage } from './pages/tests-page.js';
import { useExampleSuite } from './support/example-suite.js';

async function editFile(projectDir: string, file: string, edit: (text: string) => string): Promise<void> {
  const full = path.join(projectDir, file);
  const before = await readFile(full, 'utf8');
  const after = edit(before);
  expect(after, `${file} should change`).not.toBe(before);
  await writeFile(full, after);
}

/**
 * pharma-launch fails its 2024-09 variation test on purpose. For a release that can go, that test
 * only warns here, and the project requires a sign-off, as a team releasing from main would.
 */
async function releasableProject(projectDir: string): Promise<void> {
  await editFile(projectDir, 'models/marts/schema.yml', (text) => text.replace('          min_baseline: 10\n', '          min_baseline: 10\n          severity: warn\n'));
  await appendFile(path.join(projectDir, 'dbt_project.yml'), '\nassay:\n  require_signoff: true\n');
  await commitAll(projectDir, 'The 2024-09 drop is known: warn only; releases need a sign-off');
}

/** main and feature/brand-case both rewrite the same line of dim_product.sql. */
async function conflictingBranches(projectDir: string): Promise<void> {
  const git = simpleGit(projectDir);
  await git.checkoutLocalBranch('feature/brand-case');
  await editFile(projectDir, 'models/marts/dim_product.sql', (text) => text.replace('    brand,\n', '    upper(brand) as brand,\n'));
  await commitAll(projectDir, 'Brands in upper case');
  await git.checkout('main');
  await editFile(projectDir, 'models/marts/dim_product.sql', (text) => text.replace('    brand,\n', '    lower(brand) as brand,\n'));
  await commitAll(projectDir, 'Brands in lower case');
}

describe("the analyst's day in the UI", () => {
  const suite = useExampleSuite();

  it('branch, edit, build, test, commit, sign off, release check go, merge into main', async () => {
    const session = await suite.open({ autoBuild: false, prepare: releasableProject });
    const { app, header, lineage, node } = session;
    const tests = new TestsPage(app.page);
    const git = new GitPage(app.page);
    const report = new ReportPage(app.page);
    const branch = 'feature/products-prescribed';

    await header.createBranch(branch);
    await lineage.open('customers_per_month');
    await node.replaceSql((await node.sql()).replace('    count(*) as prescriptions,', '    count(*) as prescriptions,\n    count(distinct product_id) as products_prescribed,'));
    await node.saveWithShortcut();
    await header.dirtyIndicator.waitFor();
    expect(await header.buildWithButton()).toBe('ok');

    await tests.show();
    await tests.runAllTests();
    expect(await tests.summaryCount('fail').count()).toBe(0);
    expect(await tests.row('variation.fact_prescriptions').getAttribute('data-status')).toBe('warn');

    await git.show();
    await git.openCommit.click();
    await git.commitFiles.first().waitFor();
    expect(await git.commitFiles.evaluateAll((files) => files.map((file) => file.getAttribute('data-path')))).toEqual(['models/marts/customers_per_month.sql']);
    expect(await git.fileDiff.locator('[data-kind="added"]').allTextContents()).toContain('+    count(distinct product_id) as products_prescribed,');
    await git.commitMessage.fill('customers_per_month: how many products each month');
    await app.screenshot('40-commit-dialog');
    await git.commitSubmit.click();
    await git.lastCommit.waitFor();
    const commit = (await git.lastCommit.getAttribute('data-commit')) ?? '';
    await git.clean.waitFor();
    await app.page.locator(`[data-testid="branch-row"][data-branch="${branch}"][data-ahead="1"]`).waitFor();

    await lineage.show();
    await lineage.open('customers_per_month');
    await app.page.getByTestId('tab-history').click();
    await app.page.locator(`[data-testid="history-commit"][data-commit="${commit}"]`).waitFor();
    expect(await app.page.getByTestId('history-commit').first().textContent()).toMatch(/how many products each month/);
    await app.screenshot('41-model-history');

    // The report tested the commit before this one: sign-off waits for a run on the new commit.
    await report.show();
    await report.stale.waitFor();
    expect(await report.signoffSubmit.isDisabled()).toBe(true);
    await report.runTestsUntilCommit(commit);
    await report.stale.waitFor({ state: 'detached' });
    expect(await report.check()).toBe(false);
    expect(await report.reason('signoff').getAttribute('data-ok')).toBe('false');
    await report.signOff('Numbers reviewed: the 2024-09 drop is the supplier, not us.');
    expect(await report.signoffs.first().textContent()).toMatch(/Test Analyst.*Numbers reviewed/s);
    expect(await report.check()).toBe(true);
    for (const check of ['clean-tree', 'tests', 'signoff'] as const) expect(await report.reason(check).getAttribute('data-ok'), check).toBe('true');
    await app.screenshot('42-release-go');

    await git.show();
    await git.mergeIntoMain(branch);
    await git.mergeResult.waitFor();
    expect(await git.mergeResult.getAttribute('data-kind')).toBe('fast-forward');
    await header.waitForBranch('main');
    await app.page.locator('[data-testid="branch-row"][data-branch="main"][data-ahead="0"]').waitFor();
    await app.screenshot('43-merged-into-main');
    expect(app.consoleErrors).toEqual([]);
  });

  it('says no-go naming the failing variation test', async () => {
    const session = await suite.open({ autoBuild: false });
    const { app } = session;
    const report = new ReportPage(app.page);

    await report.show();
    await app.page.getByTestId('report-missing').waitFor();
    expect(await report.check()).toBe(false);
    const tests = report.reason('tests');
    expect(await tests.getAttribute('data-ok')).toBe('false');
    expect(await tests.getByTestId('release-reason-item').allTextContents()).toEqual(['variation.fact_prescriptions']);
    expect(await tests.getByTestId('release-reason-message').textContent()).toMatch(/variation\.fact_prescriptions \(fail\)/);
    expect(await report.reason('clean-tree').getAttribute('data-ok')).toBe('true');
    // The gate's own run is now the branch's latest report.
    await app.page.locator('[data-testid="report-verdict"][data-passed="false"]').waitFor();
    await app.screenshot('44-release-no-go');
    expect(app.consoleErrors).toEqual([]);
  });

  it('lists the files of a conflicting merge and aborts it', async () => {
    const session = await suite.open({ autoBuild: false, prepare: conflictingBranches });
    const { app, header } = session;
    const git = new GitPage(app.page);

    await git.show();
    await app.page.locator('[data-testid="branch-row"][data-branch="feature/brand-case"][data-ahead="1"][data-behind="1"]').waitFor();
    await git.mergeIntoMain('feature/brand-case');
    await git.mergeConflict.waitFor();
    expect(await git.conflictFiles.allTextContents()).toEqual(['models/marts/dim_product.sql']);
    await app.screenshot('45-merge-conflict');

    await git.mergeAbort.click();
    await git.mergeConflict.waitFor({ state: 'detached' });
    await header.cleanIndicator.waitFor();
    expect(await git.currentBranch.textContent()).toBe('main');
    expect(app.consoleErrors).toEqual([]);
  });
});
