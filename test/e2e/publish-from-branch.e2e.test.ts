import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { DashboardsPage } from './pages/dashboards-page.js';
import { ReportPage } from './pages/report-page.js';
import { SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const BRANCH = 'feature/q3-review';

async function editFile(file: string, edit: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  const after = edit(before);
  expect(after, `${file} should change`).not.toBe(before);
  await writeFile(file, after);
}

/** The known 2024-09 drop only warns (so the gate can say go), and a feature branch retitles the dashboard. */
async function featureBranch(projectDir: string): Promise<void> {
  await editFile(path.join(projectDir, 'models/marts/schema.yml'), (t) => t.replace('          min_baseline: 10\n', '          min_baseline: 10\n          severity: warn\n'));
  await commitAll(projectDir, 'the September drop is known: warn only');
  await checkoutNewBranch(projectDir, BRANCH);
  await editFile(path.join(projectDir, 'dashboards/launch.yml'), (t) => t.replace('title: Prescribers per month', 'title: Active prescribers per month'));
  await commitAll(projectDir, 'Say which prescribers the monthly chart counts');
}

describe('publishing from a feature branch (issue 19)', () => {
  const suite = useExampleSuite();

  it('names the sign-off that applies even when none is required, and opens the published page and its folder', async () => {
    const opened: string[] = [];
    const { app, projectDir } = await suite.open({
      autoBuild: false,
      prepare: featureBranch,
      openPath: async (file) => {
        opened.push(file);
        return true;
      },
    });
    const report = new ReportPage(app.page);
    const dashboards = new DashboardsPage(app.page);
    const head = (await simpleGit(projectDir).revparse(['HEAD'])).trim();

    // The project does not require a sign-off; the reviewer signs this commit off anyway.
    await report.show();
    await report.runTestsUntilCommit(head);
    await report.signOff('Q3 numbers checked against the supplier files.');
    expect(await report.check()).toBe(true);
    const signoff = report.reason('signoff');
    expect(await signoff.getAttribute('data-ok')).toBe('true');
    expect(await signoff.getByTestId('release-reason-message').textContent()).toMatch(/^signed off by Test Analyst <analyst@example\.com>/);
    expect(await signoff.getByTestId('release-reason-message').textContent()).toMatch(/not required/);
    expect(await signoff.getByTestId('release-signoff').textContent()).toMatch(/Q3 numbers checked/);
    await app.screenshot('72-release-checklist-names-the-signoff');

    // Publish: the result names the branch, the commit and the sign-off, and opens what it wrote.
    await dashboards.show();
    await dashboards.checkGateButton.click();
    await app.page.locator('[data-testid="publish"]:not([disabled])').waitFor({ timeout: 120_000 });
    await dashboards.publishButton.click();
    await dashboards.published.waitFor({ timeout: 120_000 });
    expect(await app.page.getByTestId('published-from').textContent()).toMatch(new RegExp(`${BRANCH} @ ${head.slice(0, 8)}`));
    expect(await app.page.getByTestId('published-signoff').textContent()).toMatch(/signed off by Test Analyst/);
    const folder = path.join(projectDir, '.assay', 'published', 'launch');
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ branch: BRANCH, commit: head, signoff: { reviewer: { name: 'Test Analyst' } } });
    await dashboards.loading.waitFor({ state: 'hidden' });
    await app.screenshot('73-published-from-branch');
    await app.page.setViewportSize(SMALL_VIEWPORT);
    await app.screenshot('74-published-from-branch-1024');
    await app.page.setViewportSize({ width: 1280, height: 800 });

    await app.page.getByTestId('open-published-page').click();
    await app.page.locator('[data-testid="open-published-result"][data-opened="true"]').waitFor();
    await app.page.getByTestId('open-published-folder').click();
    await app.page.locator(`[data-testid="open-published-result"][data-path="${folder}"]`).waitFor();
    expect(opened).toEqual([path.join(folder, 'index.html'), folder]);

    // What was opened is the dashboard of this branch, drawn from file://.
    const page = await app.page.context().newPage();
    await page.goto(pathToFileURL(path.join(folder, 'index.html')).href);
    await page.locator('body[data-drawn="true"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-element="customers_per_month"] h2').textContent()).toBe('Active prescribers per month');
    expect(await page.locator('body').textContent()).toMatch(/signed off by Test Analyst/);
    await page.close();
    expect(app.consoleErrors).toEqual([]);
  });
});
