import { describe, expect, it } from 'vitest';
import { useExampleSuite } from './support/example-suite.js';

describe('the branch bar', () => {
  const suite = useExampleSuite();

  it('shows the branch and uncommitted changes, and switches only after stashing them', async () => {
    const session = await suite.open({ autoBuild: false });
    const { header, lineage, node, app } = session;

    expect(await header.currentBranch()).toBe('main');
    await header.cleanIndicator.waitFor();

    await header.createBranch('feature/launch-share');
    await lineage.open('dim_product');
    await node.editor.waitFor();
    await node.replaceSql(`${await node.sql()}\n-- reviewed`);
    await node.saveWithShortcut();
    await header.dirtyIndicator.waitFor();
    expect(await header.dirtyIndicator.textContent()).toMatch(/1 uncommitted/);
    await app.screenshot('10-branch-bar-dirty');

    await header.switchTo('main');
    await header.switchRefusedDialog.waitFor();
    expect(await header.refusedFiles.allTextContents()).toEqual(['models/marts/dim_product.sql']);
    expect(await header.currentBranch()).toBe('feature/launch-share');
    await app.screenshot('11-switch-refused');

    await header.stashAndSwitch.click();
    await header.waitForBranch('main');
    await header.cleanIndicator.waitFor();
    // The switch re-reads the open model; wait for the editor to show main's file.
    await expect.poll(() => node.sql(), { timeout: 15_000 }).not.toContain('-- reviewed');
    expect(app.consoleErrors).toEqual([]);
  });
});
