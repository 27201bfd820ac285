import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import type { RunDetail, RunRecord } from '../../shared/run-history-types.js';
import { checkoutNewBranch, initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('assay history (issue 19)', () => {
  it("prints the branch's builds and test runs newest first, with commit and counts, and only that branch's", async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/a.sql': 'select 1 as id',
      'models/schema.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
    });
    await initCommittedRepo(root);
    const commit = (await simpleGit(root).revparse(['HEAD'])).trim();
    expect((await assay(['history', '--project', root])).stdout).toBe('main: no builds or test runs recorded yet\n');
    expect((await assay(['build', '--project', root])).code).toBe(0);
    expect((await assay(['test', '--project', root])).code).toBe(0);

    const text = await assay(['history', '--project', root]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('main: 2 run(s), newest first (assay history --run <id> prints one)');
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  tests  ${commit.slice(0, 8)}   passed      2 passed, 0 warned, 0 failed, 0 errored, 0 skipped  \\d{8}T\\d{9}Z-tests-[0-9a-f]{6}$`));
    expect(lines[2]).toMatch(new RegExp(`  build  ${commit.slice(0, 8)}   ok          1 built, 0 reused, 0 failed, 0 skipped  .*-build-`));

    const json = JSON.parse((await assay(['history', '--project', root, '--json'])).stdout) as { branch: string; runs: RunRecord[] };
    expect(json.branch).toBe('main');
    expect(json.runs.map((run) => [run.kind, run.commit])).toEqual([['tests', commit], ['build', commit]]);
    const opened = JSON.parse((await assay(['history', '--project', root, '--run', json.runs[0]!.id])).stdout) as RunDetail;
    expect('report' in opened && opened.report.tests.map((test) => test.status)).toEqual(['pass', 'pass']);

    await checkoutNewBranch(root, 'feature');
    expect((await assay(['history', '--project', root])).stdout).toBe('feature: no builds or test runs recorded yet\n');
    expect(JSON.parse((await assay(['history', '--project', root, '--branch', 'main', '--json'])).stdout).runs).toHaveLength(2);
  });

  it('exits 2 on an invalid branch name and on a run that is not in the history, naming them', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    await initCommittedRepo(root);
    const badBranch = await assay(['history', '--project', root, '--branch', 'a..b']);
    expect(badBranch.code).toBe(2);
    expect(badBranch.stderr).toBe('assay: invalid branch name "a..b": it may not contain ".."\n');
    const badRun = await assay(['history', '--project', root, '--run', 'latest']);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toBe("assay: 'latest' is not a run id (they look like 20250301T101502123Z-build-3fa9c1)\n");
  });
});
