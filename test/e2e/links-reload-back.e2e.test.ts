import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { DashboardsPage } from './pages/dashboards-page.js';
import { LinksPage } from './pages/links-page.js';
import { TestsPage } from './pages/tests-page.js';
import { useExampleSuite } from './support/example-suite.js';

const FAILING_TEST = 'variation.fact_prescriptions';

describe('links: the URL names the screen, the branch and what is open (issue 19)', () => {
  const suite = useExampleSuite();

  it('keeps the screen and the open node through a reload, and back and forward move between them', async () => {
    const { app, lineage, node } = await suite.open({ autoBuild: false });
    const links = new LinksPage(app.page);
    await links.waitForPlace('#/lineage?branch=main');

    await lineage.open('dim_product');
    expect(await links.place()).toBe('#/node/dim_product?branch=main');
    await app.page.reload();
    await app.page.locator('[data-testid="node-view"][data-node="dim_product"]').waitFor();
    expect(await app.page.getByTestId('node-title').textContent()).toBe('dim_product');
    // Its SQL is read again, as opening it from the lineage does.
    await node.editor.filter({ hasText: 'select' }).waitFor();
    await app.screenshot('links-01-node-after-reload');

    const tests = new TestsPage(app.page);
    await tests.show();
    await links.waitForPlace('#/tests?branch=main');
    await app.page.goBack();
    await app.page.locator('[data-testid="node-view"][data-node="dim_product"]').waitFor();
    await app.page.goBack();
    await lineage.root.waitFor();
    expect(await links.place()).toBe('#/lineage?branch=main');
    await app.page.goForward();
    await app.page.locator('[data-testid="node-view"][data-node="dim_product"]').waitFor();
    await app.page.goForward();
    await tests.root.waitFor();
    expect(app.consoleErrors).toEqual([]);
  });

  it('reopens the selected test and the open dashboard after a reload', async () => {
    const { app } = await suite.open({ autoBuild: false });
    const links = new LinksPage(app.page);
    const tests = new TestsPage(app.page);
    await tests.show();
    await tests.runAllTests();
    await tests.open(FAILING_TEST);
    await links.waitForPlace(`#/tests?branch=main&test=${FAILING_TEST}`);
    await app.page.reload();
    await app.page.locator(`[data-testid="test-detail"][data-test="${FAILING_TEST}"]`).waitFor();
    await app.screenshot('links-02-test-after-reload');

    const dashboards = new DashboardsPage(app.page);
    await dashboards.show();
    await links.waitForPlace('#/dashboards?branch=main&dashboard=launch');
    await app.page.reload();
    await app.page.getByTestId('dashboard-title').waitFor();
    // Back, after the reload: the tests, with the test that was open.
    await app.page.goBack();
    await app.page.locator(`[data-testid="test-detail"][data-test="${FAILING_TEST}"]`).waitFor();
    expect(await links.place()).toBe(`#/tests?branch=main&test=${FAILING_TEST}`);
    expect(app.consoleErrors).toEqual([]);
  });

  it('a link naming another branch says so and offers to switch, never switching by itself', async () => {
    const { app, header } = await suite.open({
      autoBuild: false,
      prepare: async (dir) => {
        await simpleGit(dir).branch(['feature_x']);
      },
    });
    const links = new LinksPage(app.page);
    await links.openLink('#/node/dim_product?branch=feature_x');
    await links.branchNotice.waitFor();
    expect(await links.branchNotice.textContent()).toContain('This link is for branch feature_x, but main is checked out');
    await app.page.locator('[data-testid="node-view"][data-node="dim_product"]').waitFor();
    expect(await header.currentBranch()).toBe('main');
    await app.screenshot('links-03-other-branch-notice');

    await links.switchToLinkBranch.click();
    await header.waitForBranch('feature_x');
    await links.branchNotice.waitFor({ state: 'hidden' });
    expect(await links.place()).toBe('#/node/dim_product?branch=feature_x');

    // Switching in the app moves the URL along; back past the switch names feature_x again, and asks.
    await links.openLink('#/lineage?branch=feature_x');
    await header.switchTo('main');
    await header.waitForBranch('main');
    await links.waitForPlace('#/lineage?branch=main');
    await app.page.getByTestId('nav-git').click();
    await links.waitForPlace('#/git?branch=main');
    await links.openLink('#/tests?branch=no_such_branch');
    await links.branchNotice.waitFor();
    expect(await links.branchNotice.textContent()).toContain('This link is for branch no_such_branch, which this repository does not have');
    expect(await links.switchToLinkBranch.count()).toBe(0);
    await links.stayOnBranch.click();
    await links.branchNotice.waitFor({ state: 'hidden' });
    expect(await links.place()).toBe('#/tests?branch=main');
    expect(app.consoleErrors).toEqual([]);
  });

  it('a link naming a node or a screen that does not exist says so', async () => {
    const { app, lineage } = await suite.open({ autoBuild: false });
    const links = new LinksPage(app.page);
    await links.openLink('#/node/dim_no_such_thing?branch=main');
    await links.noSuchNode.waitFor();
    expect(await links.noSuchNode.textContent()).toContain('has no node dim_no_such_thing on this branch');
    await app.screenshot('links-04-no-such-node');
    await links.noSuchNode.getByTestId('link-problem-lineage').click();
    await lineage.root.waitFor();

    await links.openLink('#/lineage-of-everything');
    await links.noSuchScreen.waitFor();
    expect(await links.noSuchScreen.textContent()).toContain('Assay has no screen at /lineage-of-everything');
    expect(app.consoleErrors).toEqual([]);
  });
});
