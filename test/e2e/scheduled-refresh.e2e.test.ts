import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { HistoryPage } from './pages/history-page.js';
import { RefreshPage } from './pages/refresh-page.js';
import { useExampleSuite } from './support/example-suite.js';

describe('scheduled refreshes on the History screen (issue 17)', () => {
  const suite = useExampleSuite();

  it('shows the refreshes assay refresh made from the command line, with each step and why one stopped', async () => {
    const outcomes: number[] = [];
    const { app } = await suite.open({
      autoBuild: false,
      prepare: async (dir) => {
        // The example's September delivery fails its variation test: the refresh stops there, publishing nothing.
        outcomes.push((await assay(['refresh', '--project', dir, '--publish'])).code);
        // A model that does not build, in the working tree: the build step fails and nothing after it runs.
        await writeFile(path.join(dir, 'models', 'staging', 'broken.sql'), 'select nonsense from nowhere\n');
        outcomes.push((await assay(['refresh', '--project', dir])).code);
      },
    });
    expect(outcomes).toEqual([1, 1]);
    const history = new HistoryPage(app.page);
    const refreshes = new RefreshPage(app.page);
    await history.show();
    await refreshes.rows.nth(1).waitFor();
    expect(await refreshes.listed()).toEqual([
      { verdict: 'failed', shown: 'failed (exit 1)', steps: { pull: 'skipped', deps: 'skipped', build: 'failed', test: 'not-run', publish: 'not-run' } },
      { verdict: 'failed', shown: 'failed (exit 1)', steps: { pull: 'skipped', deps: 'skipped', build: 'ok', test: 'failed', publish: 'not-run' } },
    ]);
    await refreshes.open(1);
    const testLine = refreshes.detail.locator('[data-step="test"]');
    expect(await testLine.textContent()).toContain('variation.fact_prescriptions (fail)');
    expect(await refreshes.detail.locator('[data-step="publish"]').textContent()).toContain('not run: test failed');
    await app.screenshot('scheduled-refresh-01-history');
    // The refresh's own build and test run are the branch's runs below it.
    expect((await history.listed()).map((r) => r.kind)).toEqual(['build', 'tests', 'build']);
    expect(app.consoleErrors).toEqual([]);
  });
});
